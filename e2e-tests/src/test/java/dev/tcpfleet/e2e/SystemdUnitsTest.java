package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd's units as systemd 252 reads them: {@code systemd-analyze verify} finds nothing to say, and
 * {@code systemd-analyze security} scores their exposure (README records the scores); the agent's capabilities are
 * exactly those {@link LeastPrivilegeIT} proves.
 */
class SystemdUnitsTest {
    private static final Path UNITS = RepoPaths.root().resolve("deploy/systemd");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @TempDir
    Path work;

    record Case(String unit, double maxExposure) {
    }

    private static final List<Case> CASES = List.of(
            new Case("tcpfleet-agent.service", 3.0),
            new Case("tcpfleet-control-plane.service", 2.0));

    @Test
    void eachUnitVerifiesCleanlyAndScoresWithinItsExposure() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "needs systemd (.ci/run installs it)");
        for (Case c : CASES) {
            Path unit = UNITS.resolve(c.unit());
            Result verify = systemdAnalyze("verify", withStandInJava(unit).toString());
            Result security = systemdAnalyze("security", "--offline=yes", unit.toString());
            Matcher exposure = EXPOSURE.matcher(security.output());

            assertAll(c.unit(),
                    () -> assertEquals(new Result(0, ""), verify, "systemd-analyze verify"),
                    () -> assertTrue(exposure.find(), security.output()),
                    () -> assertTrue(Double.parseDouble(exposure.group(1)) <= c.maxExposure(),
                            "exposure " + exposure.group(1) + " above " + c.maxExposure()));
        }
    }

    @Test
    void theAgentHoldsExactlyTheProvenCapabilitiesAndTheControlPlaneNone() throws IOException {
        String agent = Files.readString(UNITS.resolve("tcpfleet-agent.service"));
        String controlPlane = Files.readString(UNITS.resolve("tcpfleet-control-plane.service"));
        List<String> capabilities = AgentPrivileges.CAPABILITIES;

        assertAll(
                () -> assertEquals(List.of(capabilities), values(agent, "AmbientCapabilities")),
                () -> assertEquals(List.of(capabilities), values(agent, "CapabilityBoundingSet")),
                () -> assertEquals(List.of(List.of()), values(controlPlane, "CapabilityBoundingSet")),
                () -> assertEquals(List.of(List.of("/etc/sysctl.d"), List.of("/proc/sys/net")),
                        values(agent, "ReadWritePaths")),
                () -> assertEquals(List.of(List.of("/var/lib/tcpfleet-agent")),
                        values(agent, "Environment").stream().map(v -> List.of(v.get(0).split("=", 2)[1])).toList()),
                () -> assertTrue(Files.readString(UNITS.resolve("tcpfleet-agent.tmpfiles.conf"))
                        .contains("a+ /etc/sysctl.d - - - - user:tcpfleet-agent:rwx")));
    }

    /** Each {@code key=} line's words. */
    private static List<List<String>> values(String unit, String key) {
        return unit.lines().filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1).strip())
                .map(value -> value.isEmpty() ? List.<String>of() : Arrays.asList(value.split("\\s+")))
                .toList();
    }

    /**
     * The unit with its ExecStart's /usr/bin/java (which verify requires to be executable, and a machine without a
     * system JDK lacks) replaced by a stand-in; everything else verify reads is the unit's own.
     */
    private Path withStandInJava(Path unit) throws IOException {
        String text = Files.readString(unit);
        assertTrue(text.contains("\nExecStart=/usr/bin/java "), unit + " starts /usr/bin/java");
        Path java = Files.writeString(work.resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Files.writeString(work.resolve(unit.getFileName()),
                text.replace("\nExecStart=/usr/bin/java ", "\nExecStart=" + java + " "));
    }

    record Result(int exitCode, String output) {
    }

    private static Result systemdAnalyze(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("systemd-analyze"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(process.waitFor(), output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
