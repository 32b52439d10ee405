package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.List;

/** What the default diagnosis finds, in a form a table of cases can state. */
final class Found {
    private Found() {
    }

    /** {@code "SEVERITY subject"} of each finding with this code, in the order Diagnosis returns them. */
    static List<String> of(SnapshotBuilder snapshot, String code) {
        return withCode(snapshot, code).stream().map(finding -> finding.severity() + " " + finding.subject()).toList();
    }

    static List<Finding> withCode(SnapshotBuilder snapshot, String code) {
        return all(snapshot.build()).stream().filter(finding -> finding.code().equals(code)).toList();
    }

    static List<Finding> all(HostSnapshot snapshot) {
        return Diagnosis.of(snapshot, FindingThresholds.defaults());
    }

    /** The one finding with this code. */
    static Finding only(SnapshotBuilder snapshot, String code) {
        List<Finding> found = withCode(snapshot, code);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + code + ", found " + found);
        }
        return found.get(0);
    }
}
