package dev.tcpfleet.protocol.stress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StressMessagesTest {
    private static StressRequest load(int concurrency, String text, String base64) {
        return new StressRequest(StressRequest.SCHEMA_VERSION, "t-1", StressKind.CONNECT_LOAD, "10.0.0.5", 8080,
                1000, concurrency, 200, text, base64, 128, 2000, 30_000);
    }

    @Test
    void requestAndResultSurviveTheWireUnchanged() {
        StressRequest request = load(50, null, "AAEC/w==");
        assertEquals(request, ProtocolJson.readStressRequest(ProtocolJson.write(request)));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, request.payload());

        Histogram latencies = ConnectLatencies.newHistogram();
        latencies.recordValue(120);
        latencies.recordValue(450);
        StressResult result = new StressResult(StressRequest.SCHEMA_VERSION, "t-1", StressKind.CONNECT_LOAD,
                request.target(), null, 3, 2, Map.of(FailureClass.REFUSED, 1L), 0, 40, 50.0, 256,
                ConnectLatencies.encode(latencies), LatencySummary.of(latencies), Instant.parse("2026-11-25T10:00:00Z"));
        StressResult back = ProtocolJson.readStressResult(ProtocolJson.write(result));
        assertEquals(result, back);
        assertEquals(0L, back.failures().get(FailureClass.TIMEOUT));
        assertEquals(latencies, ConnectLatencies.decode(back.connectLatencies()));
    }

    @Test
    void incoherentRequestsNameTheField() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> load(5, "GET /", "AA=="));
        assertTrue(both.getMessage().startsWith("payloadBase64"), both.getMessage());
        IllegalArgumentException probe = assertThrows(IllegalArgumentException.class,
                () -> new StressRequest(1, "t", StressKind.LATENCY_PROBE, "h", 1, 5, 2, null, null, null, 0, 1, 1));
        assertTrue(probe.getMessage().startsWith("concurrency"), probe.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load(0, null, null));
        assertThrows(IllegalArgumentException.class, () -> load(1, null, "not base64!"));
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] json = new String(ProtocolJson.write(StressRequest.latencyProbe("t", "h", 80, 5, 10, 1000, 10_000)),
                StandardCharsets.UTF_8).replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(MalformedMessageException.class, () -> ProtocolJson.readStressRequest(json));
    }
}
