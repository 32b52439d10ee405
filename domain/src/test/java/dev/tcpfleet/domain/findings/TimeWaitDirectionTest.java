package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.TIME_WAIT_CHURN;
import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static dev.tcpfleet.protocol.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Finding;
import org.junit.jupiter.api.Test;

/** The host's TIME_WAIT finding blames the side that closes first: the local server or the clients. */
class TimeWaitDirectionTest {

    /** The case: nginx on 7500 with keep-alive off holds 84 % of TIME_WAIT; a client destination 1,669. */
    private static SnapshotBuilder serverClosingFirst() {
        return snapshot().sockets(TIME_WAIT, 22_837)
                .listener("0.0.0.0", 7500, 0, 511)
                .port(7500, TIME_WAIT, 19_183)
                .port(41_000, TIME_WAIT, 3)
                .destination("10.0.0.9", 8080, TIME_WAIT, 1_669);
    }

    @Test
    void timeWaitMostlyOnAListeningPortNamesThatPortNotAClient() {
        Finding host = Found.withCode(serverClosingFirst(), TIME_WAIT_CHURN).stream()
                .filter(finding -> finding.evidence().contains("on the host"))
                .findFirst().orElseThrow();

        assertEquals("port 7500", host.subject());
        assertTrue(host.evidence().contains("19183 (84.0%) on local listening port 7500"), host.evidence());
        assertTrue(host.cause().contains("server on port 7500 closes its connections first"), host.cause());
        assertTrue(host.action().startsWith("Enable keep-alive in the server listening on port 7500"), host.action());
        assertFalse(host.action().contains("pooling"), host.action());
        assertFalse(host.evidence().contains("10.0.0.9"), host.evidence());
    }

    @Test
    void timeWaitMostlyTowardDestinationsKeepsTheClientAdvice() {
        Finding host = Found.withCode(snapshot().sockets(TIME_WAIT, 12_000)
                        .listener("0.0.0.0", 7500, 0, 511)
                        .port(7500, TIME_WAIT, 2_000)
                        .destination("10.0.0.5", 5432, TIME_WAIT, 400), TIME_WAIT_CHURN).stream()
                .filter(finding -> finding.evidence().contains("on the host"))
                .findFirst().orElseThrow();

        assertEquals(Subjects.HOST, host.subject());
        assertTrue(host.action().startsWith("Reuse connections (pooling, keep-alive) in the clients"), host.action());
    }

    @Test
    void timeWaitOnAPortNobodyListensOnIsNotInbound() {
        Finding host = Found.withCode(snapshot().sockets(TIME_WAIT, 12_000).port(7500, TIME_WAIT, 11_000),
                TIME_WAIT_CHURN).get(0);

        assertEquals(Subjects.HOST, host.subject());
    }
}
