package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host-agent tune} writing real kernel settings: each network namespace has its own net.* sysctls,
 * so a namespace is a host whose tuning cannot touch the machine running the test.
 */
class TuneOnRealKernelIT {
    // per-namespace keys only: net.core.rmem_max and friends are global to the machine
    private static final Map<String, String> PROFILE = Map.of(
            "net.core.somaxconn", "8192",
            "net.ipv4.tcp_keepalive_time", "600",
            "net.ipv4.tcp_fin_timeout", "30",
            "net.ipv4.tcp_rmem", "4096 87380 16777216");

    @TempDir
    Path work;

    private final List<NetNamespace> hosts = new ArrayList<>();

    @BeforeEach
    void hosts() {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        hosts.add(NetNamespace.create());
        hosts.add(NetNamespace.create());
    }

    @AfterEach
    void cleanUp() {
        hosts.forEach(NetNamespace::close);
    }

    private TuningResult tune(NetNamespace host, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RepoPaths.built("host-agent/target/quarkus-app/quarkus-run.jar").toString(), "tune"));
        command.addAll(List.of(args));
        command.addAll(List.of("--json", "--state-dir", work.resolve(host.name()).toString(),
                "--files-root", work.resolve(host.name() + "-root").toString()));
        Process process = host.command(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return ProtocolJson.mapper().readValue(out, TuningResult.class);
    }

    private Path profileFile() throws IOException {
        StringBuilder text = new StringBuilder("# a profile as an SRE writes it\n");
        PROFILE.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return Files.writeString(work.resolve("profile.conf"), text);
    }

    private Map<String, String> live(NetNamespace host) {
        Map<String, String> values = new TreeMap<>();
        for (String key : PROFILE.keySet()) {
            values.put(key, host.run("cat", "/proc/sys/" + key.replace('.', '/')).trim().replaceAll("\\s+", " "));
        }
        return values;
    }

    @Test
    void appliesToOneHostOnlyVerifiesAndRollsBackToTheOriginals() throws IOException {
        NetNamespace tuned = hosts.get(0);
        NetNamespace untouched = hosts.get(1);
        Map<String, String> original = live(tuned);
        String machineSomaxconn = Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim();

        TuningResult applied = tune(tuned, "apply", "--file", profileFile().toString(), "--id", "apply-1");

        assertEquals(TuningOutcome.APPLIED, applied.outcome(), applied.toString());
        assertEquals(new TreeMap<>(PROFILE), live(tuned));
        assertEquals(original, live(untouched));
        assertEquals(machineSomaxconn, Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim());
        String persisted = Files.readString(work.resolve(tuned.name() + "-root/etc/sysctl.d/95-tcpfleet.conf"));
        assertTrue(persisted.contains("net.ipv4.tcp_rmem = 4096 87380 16777216"), persisted);
        assertEquals(applied, tune(tuned, "apply", "--file", profileFile().toString(), "--id", "apply-1"),
                "a redelivered command returns its first result");

        TuningResult reverted = tune(tuned, "rollback", "--id", "rollback-1");

        assertEquals(TuningOutcome.REVERTED, reverted.outcome(), reverted.toString());
        assertEquals(original, live(tuned));
    }

    @Test
    void aKeyTheKernelRefusesMidWayLeavesTheHostAsItWas() throws IOException {
        NetNamespace host = hosts.get(0);
        String somaxconn = host.run("cat", "/proc/sys/net/core/somaxconn").trim();
        // net.core.wmem_max is global to the machine: a network namespace shows it read-only, so the kernel
        // refuses the write after somaxconn (keys are written in order) has already changed
        Path profile = Files.writeString(work.resolve("container.conf"),
                "net.core.somaxconn = 8192\nnet.core.wmem_max = 8388608\nnet.ipv4.tcp_fin_timeout = 30\n");

        TuningResult result = tune(host, "apply", "--file", profile.toString(), "--id", "apply-2");

        assertEquals(TuningOutcome.ROLLED_BACK, result.outcome(), result.toString());
        assertEquals("net.core.wmem_max", result.failedKey());
        assertEquals(somaxconn, host.run("cat", "/proc/sys/net/core/somaxconn").trim(), "restored");
        assertTrue(Files.notExists(work.resolve(host.name() + "-root/etc/sysctl.d/95-tcpfleet.conf")), "not persisted");
    }

    @Test
    void anInvalidProfileIsRejectedBeforeAnythingChanges() throws IOException {
        NetNamespace host = hosts.get(0);
        Map<String, String> original = live(host);
        Path profile = Files.writeString(work.resolve("old.conf"),
                "net.core.somaxconn = 8192\nnet.ipv4.tcp_tw_recycle = 1\n");

        TuningResult result = tune(host, "apply", "--file", profile.toString(), "--id", "apply-3");

        assertEquals(TuningOutcome.REJECTED, result.outcome(), result.toString());
        assertTrue(result.reasons().get(0).startsWith("net.ipv4.tcp_tw_recycle: "), result.toString());
        assertEquals(original, live(host));
    }
}
