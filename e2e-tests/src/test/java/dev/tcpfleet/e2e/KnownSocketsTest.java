package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The socket fixture, checked against {@code ss} alone: the ground the agent's accuracy test stands on. */
class KnownSocketsTest {

    @BeforeAll
    static void needsNamespaces() {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
    }

    @Test
    void theFixtureLeavesEverySocketInTheStateItsSpecNames() {
        String name;
        try (NetNamespace ns = NetNamespace.create();
                SocketFixtureProcess fixture = SocketFixtureProcess.start(ns, KnownSockets.SPEC)) {
            name = ns.name();
            KnownSockets.assertReading(NamespaceReading.take(ns), fixture.pid());
        }
        assertFalse(NetNamespace.existing().contains(name), "namespace " + name + " removed");
    }

    @Test
    void aFixtureThatCannotStartSaysWhyInsteadOfHanging() {
        try (NetNamespace ns = NetNamespace.create()) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> SocketFixtureProcess.start(ns, List.of("established=1@127.0.0.1:9")));
            assertTrue(failure.getMessage().contains("no listener of this fixture"), failure.getMessage());
        }
    }
}
