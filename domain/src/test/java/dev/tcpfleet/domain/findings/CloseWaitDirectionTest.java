package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CLOSE_WAIT_LEAK;
import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static dev.tcpfleet.protocol.TcpState.CLOSE_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLOSE_WAIT advice fits the side that leaks: a server on a listening port, or a client toward a destination. */
class CloseWaitDirectionTest {

    @Test
    void closeWaitOnAListeningPortBlamesTheServerThereAndNamesThePort() {
        Finding leak = Found.only(snapshot().process(4242, "python3", CLOSE_WAIT, 60)
                .listener("0.0.0.0", 8080, 0, 128)
                .port(8080, CLOSE_WAIT, 60), CLOSE_WAIT_LEAK);

        assertEquals("60 CLOSE_WAIT of its 60 TCP sockets; on local listening port 8080 (60)", leak.evidence());
        assertTrue(leak.cause().contains("server application is not closing its sockets"), leak.cause());
        assertTrue(leak.action().contains("server on port 8080"), leak.action());
        assertFalse(leak.action().contains("connection pool"), leak.action());
    }

    /** Listening ports carry no pid: with two ports holding CLOSE_WAIT, the leaking process is not told which. */
    @Test
    void aLeakingServerIsNotGivenAPortThatMayBeAnothersProcess() {
        List<Finding> leaks = Found.withCode(snapshot().process(4242, "python3", CLOSE_WAIT, 60)
                .process(4343, "node", CLOSE_WAIT, 40)
                .listener("0.0.0.0", 8080, 0, 128).listener("0.0.0.0", 9090, 0, 128)
                .port(8080, CLOSE_WAIT, 60).port(9090, CLOSE_WAIT, 40), CLOSE_WAIT_LEAK);

        assertFalse(leaks.isEmpty());
        for (Finding leak : leaks) {
            assertTrue(leak.evidence().endsWith("; the host's listening ports holding CLOSE_WAIT: 8080 (60),"
                    + " 9090 (40)"), leak.evidence());
            assertFalse(leak.action().contains("server on port"), leak.action());
            assertTrue(leak.action().contains("ss -ltnp shows which"), leak.action());
        }
    }

    @Test
    void closeWaitTowardADestinationKeepsTheClientAdvice() {
        Finding leak = Found.only(snapshot().process(4242, "java", CLOSE_WAIT, 60)
                .listener("0.0.0.0", 8080, 0, 128)
                .port(8080, CLOSE_WAIT, 5)
                .destination("10.0.0.5", 5432, CLOSE_WAIT, 55, 4242), CLOSE_WAIT_LEAK);

        assertTrue(leak.evidence().endsWith("; toward 10.0.0.5:5432 (55)"), leak.evidence());
        assertTrue(leak.action().contains("connection pool"), leak.action());
    }
}
