package dev.tcpfleet.agent.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.agent.AgentMain;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.StressResult;
import dev.tcpfleet.testing.NetNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unreachable targets, from inside a network namespace of the test's own: there, with only {@code lo} up, every
 * other network is unreachable, and an {@code unreachable} route answers "no route to host", without touching
 * this host's routes. A JVM cannot move a thread into a namespace, so {@code host-agent test} runs there.
 */
class UnreachableTargetTest {
    private static NetNamespace ns;

    @BeforeAll
    static void namespace() {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create a network namespace");
        ns = NetNamespace.create();
        ns.run("ip", "route", "add", "unreachable", "10.66.0.0/16");
    }

    @AfterAll
    static void removeNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    private static StressResult testInNamespace(String target) throws IOException, InterruptedException {
        Process process = ns.command(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                        "test", "--target", target, "--connections", "5", "--probes", "0", "--json"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("host-agent test " + target + " did not finish within 60 s");
        }
        // every connection failed, far over the 5 % error rate: exit 3, and the result still printed
        assertEquals(3, process.exitValue(), () -> new String(stdout, StandardCharsets.UTF_8));
        return ProtocolJson.readStressResult(stdout);
    }

    @Test
    void aNetworkWithNoRouteIsUnreachable() throws IOException, InterruptedException {
        StressResult result = testInNamespace("192.0.2.1:80"); // TEST-NET-1: ENETUNREACH

        assertEquals(5L, result.failures().get(FailureClass.UNREACHABLE), result.failures()::toString);
        assertEquals(5, result.failed());
    }

    @Test
    void anUnreachableRouteIsUnreachable() throws IOException, InterruptedException {
        StressResult result = testInNamespace("10.66.0.1:80"); // EHOSTUNREACH: NoRouteToHostException

        assertEquals(5L, result.failures().get(FailureClass.UNREACHABLE), result.failures()::toString);
        assertEquals(5, result.failed());
    }
}
