package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.SocketMemory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's wording, from snapshots built by hand. */
class HostReportTest {
    private static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of(), "test");
    private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");

    private static HostSnapshot withMemory(SocketMemory memory) {
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION, HOST, AT, 100, null, null, null, null, null, memory,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void sockstatTwIsLabelledAsTheTimewaitSocketsItCountsNotAsTimeWait() {
        String report = HostReport.render("analyze", withMemory(new SocketMemory(10, 0, 0, 23_852, 12, 5, 4096, null)),
                null, 10_000);

        assertTrue(report.contains("TIME_WAIT + FIN_WAIT2 (sockstat tw) 23852"), report);
        assertFalse(report.contains(", TIME_WAIT 23852"), report);
    }
}
