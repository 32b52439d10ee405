package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void longCommandLinesKeepTheirDistinguishingTail() {
        String prefix = "python3 /opt/venvs/loadtest/lib/python3.11/site-packages/fixtures/socket_fixture_server.py ";
        String first = HostReport.command(prefix + "--listen 0.0.0.0:7501 --mode keepalive-off");
        String second = HostReport.command(prefix + "--listen 0.0.0.0:7502 --mode keepalive-off");

        assertEquals(100, first.length());
        assertTrue(first.startsWith("python3 /opt/venvs/loadtest/li..."), first);
        assertTrue(first.endsWith("--listen 0.0.0.0:7501 --mode keepalive-off"), first);
        assertNotEquals(first, second);
    }

    @Test
    void shortCommandLinesAreShownWhole() {
        String command = "python3 -m http.server 8080 --bind 127.0.0.1 --directory /srv/www/static/assets/v2";

        assertEquals(command, HostReport.command(command));
    }
}
