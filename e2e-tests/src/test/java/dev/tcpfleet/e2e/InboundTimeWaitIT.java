package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.RepoPaths;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server closing first (keep-alive off) leaves TIME_WAIT on its own listening port: on a real kernel the agent's
 * TIME_WAIT finding names that port, not the client destination that also holds some TIME_WAIT.
 */
class InboundTimeWaitIT {
    private static final int SERVER = 7500;
    private static final int UPSTREAM = 7600;

    @Test
    void timeWaitFromAServerClosingFirstIsBlamedOnThatServer() {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        Path agent = RepoPaths.built("host-agent/target/quarkus-app/quarkus-run.jar");
        try (NetNamespace ns = NetNamespace.create();
             SocketFixtureProcess fixture = SocketFixtureProcess.start(ns, List.of(
                     "listen@127.0.0.1:" + SERVER,
                     "listen@127.0.0.1:" + UPSTREAM,
                     "servertimewait=40@127.0.0.1:" + SERVER,
                     "timewait=10@127.0.0.1:" + UPSTREAM))) {
            String json = ns.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", agent.toString(), "analyze", "--json", "--interval", "0.1", "--time-wait-warning", "20");
            HostSnapshot snapshot = ProtocolJson.readSnapshot(json.strip().getBytes(StandardCharsets.UTF_8));

            Finding onHost = snapshot.findings().stream()
                    .filter(finding -> finding.code().equals("TIME_WAIT_CHURN"))
                    .filter(finding -> finding.evidence().contains("on the host"))
                    .findFirst().orElseThrow(() -> new AssertionError("no host TIME_WAIT finding in "
                            + snapshot.findings()));
            assertEquals("port " + SERVER, onHost.subject(), onHost.toString());
            assertFalse(onHost.action().contains("pooling"), onHost.action());
        }
    }
}
