package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.LISTEN_QUEUE_FULL;
import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Finding;
import org.junit.jupiter.api.Test;

/** A full accept queue is advised first as a stopped acceptor when nothing leaves it, else as a small backlog. */
class StalledAcceptorTest {

    private static Finding onPort(SnapshotBuilder snapshot) {
        return Found.withCode(snapshot, LISTEN_QUEUE_FULL).stream()
                .filter(finding -> finding.subject().equals("port 8080"))
                .findFirst().orElseThrow();
    }

    @Test
    void aFullQueueWithOverflowsAndNoPassiveOpensLeadsWithTheStoppedApplication() {
        Finding full = onPort(snapshot().listener("::", 8080, 129, 128).sysctl("net.core.somaxconn", "4096")
                .rate("ListenOverflows", 2.5).rate("PassiveOpens", 0));

        assertTrue(full.cause().startsWith("The application on port 8080 has stopped accepting"), full.cause());
        assertTrue(full.action().startsWith("Find why the application on port 8080 stopped calling accept()"),
                full.action());
        assertTrue(full.action().indexOf("stopped calling accept()") < full.action().indexOf("backlog"),
                full.action());
        assertEquals("accept queue 129 of backlog 128 on [::]:8080; ListenOverflows 2.5/s, PassiveOpens 0.0/s "
                + "over the last 30 s", full.evidence());
    }

    @Test
    void aFullQueueThatStillAcceptsLeadsWithTheBacklog() {
        Finding full = onPort(snapshot().listener("::", 8080, 129, 128).sysctl("net.core.somaxconn", "4096")
                .rate("ListenOverflows", 2.5).rate("PassiveOpens", 300));

        assertTrue(full.action().startsWith("Raise the application's listen backlog"), full.action());
    }

    @Test
    void aFullQueueWithoutRatesLeadsWithTheBacklog() {
        Finding full = onPort(snapshot().listener("::", 8080, 129, 128));

        assertTrue(full.action().startsWith("Raise the application's listen backlog"), full.action());
    }
}
