package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.TestNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet tests' LAN: every host reaches the hub over its veth link, and nothing is left behind. */
class TestNetworkTest {

    @Test
    void hostsReachTheHubAndVanishOnClose() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        List<String> names;
        try (TestNetwork network = TestNetwork.create(2);
             ServerSocket hub = new ServerSocket(0, 10, InetAddress.getByName(network.hubAddress()))) {
            names = network.hosts().stream().map(NetNamespace::name).toList();
            for (int i = 0; i < 2; i++) {
                String from = network.address(i);
                network.hosts().get(i).run("bash", "-c",
                        "echo " + from + " > /dev/tcp/" + network.hubAddress() + "/" + hub.getLocalPort());
                try (Socket accepted = hub.accept()) {
                    assertEquals(from, accepted.getInetAddress().getHostAddress());
                    assertEquals(from, new String(accepted.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                }
            }
        }
        for (String name : names) {
            assertFalse(NetNamespace.existing().contains(name), name + " left behind");
        }
    }
}
