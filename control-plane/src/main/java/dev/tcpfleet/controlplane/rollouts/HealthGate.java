package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TuningOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a wave is healthy enough to go on. Missing data is never health: a host with no answer, no
 * snapshot since its apply or no figure to compare fails the gate, or makes it wait while waiting is allowed.
 */
public final class HealthGate {
    /** What to do when a host's data is missing once the bake is over. */
    public enum MissingData { FAIL, WAIT }

    public enum Verdict { PASS, WAIT, FAIL }

    /**
     * What is known about one host of the wave.
     *
     * @param outcome       the agent's answer to the wave's apply, null while none
     * @param answerOverdue whether the time to answer is over
     * @param firingAlerts  alerts firing on the host since the wave was sent
     * @param before        its last snapshot before the wave, null if none
     * @param after         its snapshots since it applied, oldest first
     */
    public record HostEvidence(String hostId, TuningOutcome outcome, boolean answerOverdue, List<String> firingAlerts,
            HostSnapshot before, List<HostSnapshot> after) {
        public HostEvidence {
            firingAlerts = List.copyOf(firingAlerts);
            after = List.copyOf(after);
        }
    }

    /** A metric before the wave and its worst value after. */
    public record Reading(Double before, Double after) {
    }

    public record HostGate(String hostId, Verdict verdict, List<String> reasons, Map<String, Reading> metrics) {
    }

    public record Result(Verdict verdict, List<HostGate> hosts) {
    }

    private HealthGate() {
    }

    /** @param mayWait whether missing data may still arrive (the wait allowed past the bake is not over) */
    public static Result evaluate(List<HostEvidence> hosts, List<MetricCheck> checks, MissingData missingData,
            boolean mayWait) {
        boolean waitOnMissing = missingData == MissingData.WAIT && mayWait;
        List<HostGate> gates = hosts.stream().map(host -> evaluate(host, checks, waitOnMissing)).toList();
        Verdict verdict = gates.stream().map(HostGate::verdict).reduce(Verdict.PASS,
                (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return new Result(verdict, gates);
    }

    private static HostGate evaluate(HostEvidence host, List<MetricCheck> checks, boolean waitOnMissing) {
        List<String> failures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Reading> metrics = new LinkedHashMap<>();
        if (host.outcome() == null) {
            (host.answerOverdue() ? failures : missing).add("no answer to the apply"
                    + (host.answerOverdue() ? " in time" : " yet"));
        } else if (host.outcome() != TuningOutcome.APPLIED && host.outcome() != TuningOutcome.UNCHANGED) {
            failures.add("the apply ended " + host.outcome());
        }
        host.firingAlerts().forEach(alert -> failures.add("alert firing: " + alert));
        if (host.after().isEmpty()) {
            missing.add("no snapshot since the apply");
        }
        for (MetricCheck check : checks) {
            Double before = host.before() == null ? null : check.valueIn(host.before());
            Double after = host.after().stream().map(check::valueIn).filter(Objects::nonNull)
                    .max(Double::compare).orElse(null);
            metrics.put(check.metric().apiName(), new Reading(before, after));
            if (before == null || after == null) {
                missing.add("no " + check.metric().apiName() + (before == null ? " before the wave" : " since the apply"));
            } else if (after > check.allowed(before)) {
                failures.add(check.metric().apiName() + " rose from " + before + " to " + after + " (allowed up to "
                        + check.allowed(before) + ")");
            }
        }
        Verdict verdict;
        List<String> reasons = new ArrayList<>(failures);
        if (!failures.isEmpty()) {
            verdict = Verdict.FAIL;
        } else if (missing.isEmpty()) {
            verdict = Verdict.PASS;
        } else {
            // a host whose time to answer is not over is waited for whatever the policy: nothing is missing yet
            boolean answerPending = host.outcome() == null && !host.answerOverdue();
            verdict = waitOnMissing || answerPending ? Verdict.WAIT : Verdict.FAIL;
        }
        reasons.addAll(missing);
        return new HostGate(host.hostId(), verdict, List.copyOf(reasons), Collections.unmodifiableMap(metrics));
    }
}
