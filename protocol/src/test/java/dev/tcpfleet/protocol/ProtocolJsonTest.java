package dev.tcpfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static HostSnapshot sample() {
        Map<TcpState, Integer> states = Map.of(TcpState.ESTABLISHED, 12, TcpState.TIME_WAIT, 3, TcpState.LISTEN, 4);
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION,
                new HostIdentity("h-1", "web-1", Map.of("env", "prod"), "0.1.0"),
                Instant.parse("2026-11-25T10:15:30.123456Z"), 850, states,
                List.of(new PortUsage(8080, 9, Map.of(TcpState.ESTABLISHED, 8, TcpState.LISTEN, 1))),
                List.of(new ListenerQueue("::", 8080, 3, 4096L)),
                List.of(new DestinationUsage("10.0.0.5", 5432, 5, Map.of(TcpState.TIME_WAIT, 3, TcpState.ESTABLISHED, 2),
                        5, 28232, List.of(4242))),
                new EphemeralPorts(32768, 60999, 5 / 28232.0, "10.0.0.5:5432"),
                new SocketMemory(10, 2, 0, 3, 14, 7, 4096, new SocketMemory.TcpMemLimits(1000, 2000, 3000)),
                new TcpCounters(Map.of("RetransSegs", 10L), Map.of("RetransSegs", 0.5), 10.0, List.of()),
                new HostLimits(null, null, 1024L, 9_000_000L),
                List.of(new ProcessSockets(4242, "java", "java -jar app.jar", ProcessSockets.Runtime.JAVA, 7, states)),
                Map.of("net.core.somaxconn", "4096"), List.of("reno", "cubic"), new LoadAverage(0.5, 0.25, 0.1),
                List.of(new Finding("CLOSE_WAIT_LEAK", Finding.Severity.WARNING, "pid 4242", "e", "c", "a")),
                Map.of("conntrack", "module not loaded"),
                Map.of("net.core.somaxconn", new SysctlDrift("8192", "4096", "c-1")), null);
    }

    @Test
    void snapshotSurvivesTheWireUnchanged() {
        HostSnapshot snapshot = sample();
        HostSnapshot back = ProtocolJson.readSnapshot(ProtocolJson.write(snapshot));
        assertEquals(snapshot, back);
        assertEquals(19, back.totalSockets());
    }

    @Test
    void stateCountsAreKeyedByStateName() {
        String json = new String(ProtocolJson.write(sample()), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"TIME_WAIT\":3"), json);
        assertTrue(json.contains("\"schemaVersion\":1"), json);
    }

    @Test
    void unknownFieldsFromANewerAgentOfTheSameVersionAreIgnored() {
        String json = new String(ProtocolJson.write(sample()), StandardCharsets.UTF_8)
                .replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"futureField\":[1,2],");
        assertEquals(sample(), ProtocolJson.readSnapshot(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesWhatItCannotFullyUnderstand() {
        assertReason("{\"schemaVersion\":2,\"host\":{}}", "unsupported schemaVersion 2");
        assertReason("{\"host\":{}}", "missing schemaVersion");
        assertReason("[1,2]", "not a JSON object");
        assertReason("{not json", "HostSnapshot");
        assertReason("", "empty message");
        assertReason("{\"schemaVersion\":1,\"collectedAt\":\"2026-11-25T10:15:30Z\"}", "field 'collectionMicros'");
        assertReason("{\"schemaVersion\":1,\"collectedAt\":\"2026-11-25T10:15:30Z\",\"collectionMicros\":1}", "host");
        assertReason("{\"schemaVersion\":1,\"host\":{\"hostId\":\"a\",\"hostname\":\"b\",\"agentVersion\":\"c\"},"
                + "\"collectedAt\":\"2026-11-25T10:15:30Z\",\"collectionMicros\":1,\"tcpStates\":{\"BOGUS\":1}}", "field 'tcpStates'");
        // what PostgreSQL could never store, and what no agent would call itself
        assertReason("{\"schemaVersion\":1,\"host\":{\"labels\":{\"env\":\"a\\u0000b\"}}}",
                "field 'host.labels.env': holds a NUL");
        // whole snapshots that would map into the type are still refused for their version or their NUL
        String whole = new String(ProtocolJson.write(sample()), StandardCharsets.UTF_8);
        assertReason(whole.replace("\"schemaVersion\":1", "\"schemaVersion\":2"), "unsupported schemaVersion 2");
        assertReason(whole.replace("pid 4242", "pid\\u00004242"), "holds a NUL");
        assertReason("{\"schemaVersion\":1,\"host\":{\"hostId\":\"<b>\",\"hostname\":\"b\",\"agentVersion\":\"c\"},"
                + "\"collectedAt\":\"2026-11-25T10:15:30Z\",\"collectionMicros\":1}", "field 'host': hostId '<b>'");
    }

    @Test
    void aResultCarriesItsSchemaVersionAndAnUnknownOneIsRefused() {
        TuningResult result = new TuningResult("c-1", "h-1", TuningOutcome.APPLIED, List.of(), null, List.of(),
                List.of(), Instant.parse("2026-11-25T10:15:30Z"), null);
        String json = new String(ProtocolJson.write(result), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"schemaVersion\":1"), json);
        assertEquals(result, ProtocolJson.readTuningResult(json.getBytes(StandardCharsets.UTF_8)));

        byte[] newer = json.replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> ProtocolJson.readTuningResult(newer));
        assertTrue(e.getMessage().contains("unsupported schemaVersion 2"), e.getMessage());
    }

    @Test
    void aNulIsWrittenAsAReplacementCharacterSoWhatIsWrittenCanBeRead() {
        TuningResult echoing = new TuningResult("c-1", "h-1", TuningOutcome.REJECTED, List.of(), null,
                List.of("net.core.somaxconn\u0000: not a sysctl name", "a \\u0000 typed out stays"), List.of(),
                Instant.parse("2026-11-25T10:15:30Z"), null);
        assertEquals(List.of("net.core.somaxconn\uFFFD: not a sysctl name", "a \\u0000 typed out stays"),
                ProtocolJson.readTuningResult(ProtocolJson.write(echoing)).reasons());
    }

    private static void assertReason(String json, String expected) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> ProtocolJson.readSnapshot(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
