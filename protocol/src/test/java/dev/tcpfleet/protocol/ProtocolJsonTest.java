package dev.tcpfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static HostSnapshot sample() {
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION,
                new HostIdentity("h-1", "web-1", Map.of("env", "prod"), "0.1.0"),
                Instant.parse("2026-11-25T10:15:30.123456Z"), 850,
                Map.of(TcpState.ESTABLISHED, 12, TcpState.TIME_WAIT, 3, TcpState.LISTEN, 4));
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
    }

    private static void assertReason(String json, String expected) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> ProtocolJson.readSnapshot(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
