package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.RepoPaths;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host agent as its own non-root user holding only {@link AgentPrivileges#CAPABILITIES} (util-linux setpriv, as
 * systemd's AmbientCapabilities gives them), on a namespace host: it attributes a root process's sockets and applies
 * a profile; without any one of them it says what it cannot do and which capability that takes.
 */
class LeastPrivilegeIT {
    private static final Map<String, String> PROFILE = Map.of(
            "net.core.somaxconn", "8192",
            "net.ipv4.tcp_fin_timeout", "30");

    @TempDir
    Path work;

    private NetNamespace host;
    private SocketFixtureProcess rootsProcess;
    private String user;
    private Path stateDir;
    private Path filesRoot;

    @BeforeEach
    void nonRootUserAndHost() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces and users");
        user = "tcpfleet-it-" + UUID.randomUUID().toString().substring(0, 8);
        runAsRoot("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", user);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        stateDir = Files.createDirectory(work.resolve("state"));
        runAsRoot("chown", user + ":" + user, stateDir.toString());
        // /etc/sysctl.d stays root's; the agent's user is given write access to it, as README's install step does
        filesRoot = work.resolve("root");
        Path sysctlD = Files.createDirectories(filesRoot.resolve("etc/sysctl.d"));
        UserPrincipalLookupService users = sysctlD.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = users.lookupPrincipalByGroupName(user);
        Files.getFileAttributeView(sysctlD, PosixFileAttributeView.class).setGroup(group);
        Files.setPosixFilePermissions(sysctlD, PosixFilePermissions.fromString("rwxrwxr-x"));

        host = NetNamespace.create();
        rootsProcess = SocketFixtureProcess.start(host, List.of("listen@127.0.0.1:7401", "established=2@127.0.0.1:7401"));
    }

    @AfterEach
    void cleanUp() {
        if (rootsProcess != null) {
            rootsProcess.close();
        }
        if (host != null) {
            host.close();
        }
        if (user != null) {
            runAsRoot("userdel", user);
        }
    }

    @Test
    void withOnlyTheseCapabilitiesANonRootAgentAttributesRootsSocketsAndApplies() throws IOException {
        HostSnapshot snapshot = agent(AgentPrivileges.CAPABILITIES, "analyze", "--json").snapshot();
        HostSnapshot asRoot = run(asRoot("analyze", "--json")).snapshot();

        // a sandbox may hide a process even from root (pid 1 where this was written): none more than from root
        assertEquals(asRoot.unavailable().get("processes"), snapshot.unavailable().get("processes"));
        assertTrue(snapshot.processes().stream().anyMatch(p -> p.pid() == rootsProcess.pid() && p.total() >= 5),
                "the root-owned fixture's 5 sockets attributed to it: " + snapshot.processes());

        Map<String, String> original = live();
        TuningResult applied = agent(AgentPrivileges.CAPABILITIES, tune("apply", "--file", profile(), "--id", "a-1"))
                .tuning();

        assertEquals(TuningOutcome.APPLIED, applied.outcome(), applied.toString());
        assertEquals(new TreeMap<>(PROFILE), live());
        Path persisted = filesRoot.resolve("etc/sysctl.d/95-tcpfleet.conf");
        assertTrue(Files.readString(persisted).contains("net.core.somaxconn = 8192"));
        assertEquals(user, Files.getOwner(persisted).getName(), "written by the agent's user, not root");

        TuningResult reverted = agent(AgentPrivileges.CAPABILITIES, tune("rollback", "--id", "r-1")).tuning();

        assertEquals(TuningOutcome.REVERTED, reverted.outcome(), reverted.toString());
        assertEquals(original, live());
    }

    @Test
    void withoutEitherProcessCapabilityTheAgentReportsSocketsButNamesWhatAttributionNeeds() {
        for (String missing : List.of("CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE")) {
            Run analyze = agent(without(missing), "analyze", "--json");
            HostSnapshot snapshot = analyze.snapshot();

            assertAll(missing,
                    () -> assertEquals(0, analyze.exitCode(), analyze.stderr()),
                    () -> assertTrue(snapshot.unavailable().getOrDefault("processes", "")
                            .endsWith("processes not readable (per-process attribution needs CAP_DAC_READ_SEARCH and"
                                    + " CAP_SYS_PTRACE)"), snapshot.unavailable().toString()),
                    () -> assertTrue(snapshot.processes().stream().noneMatch(p -> p.pid() == rootsProcess.pid()),
                            snapshot.processes().toString()),
                    () -> assertTrue(snapshot.tcpStates().values().stream().mapToInt(Integer::intValue).sum() >= 5,
                            "the sockets themselves still counted: " + snapshot.tcpStates()),
                    () -> assertNoStackTrace(analyze));
        }
    }

    @Test
    void withoutNetAdminAnApplyIsRolledBackNamingTheCapability() throws IOException {
        Map<String, String> original = live();

        Run run = agent(without("CAP_NET_ADMIN"), tune("apply", "--file", profile(), "--id", "a-2"));
        TuningResult result = run.tuning();

        assertEquals(TuningOutcome.ROLLED_BACK, result.outcome(), result.toString());
        assertTrue(result.reasons().get(0).endsWith(
                "permission denied: the agent needs CAP_NET_ADMIN (and a writable /proc/sys) to write it"),
                result.reasons().toString());
        assertEquals(original, live());
        assertNoStackTrace(run);
    }

    @Test
    void withoutWriteAccessToSysctlDAnApplyIsRolledBackNamingTheFolder() throws IOException {
        Path sysctlD = filesRoot.resolve("etc/sysctl.d");
        Files.setPosixFilePermissions(sysctlD, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> original = live();

        Run run = agent(AgentPrivileges.CAPABILITIES, tune("apply", "--file", profile(), "--id", "a-3"));
        TuningResult result = run.tuning();

        assertEquals(TuningOutcome.ROLLED_BACK, result.outcome(), result.toString());
        assertEquals("persist", result.failedKey());
        assertTrue(result.reasons().get(0).endsWith("the agent's user needs write access to " + sysctlD),
                result.reasons().toString());
        assertEquals(original, live(), "the live values undone too");
        assertNoStackTrace(run);
    }

    @Test
    void theDaemonSaysAtStartWhichCapabilityItLacksAndWhatFor() throws Exception {
        ProcessBuilder daemon = host.command(command(without("CAP_NET_ADMIN"))).redirectErrorStream(true);
        daemon.environment().put("TCPFLEET_AGENT_STATE_DIR", stateDir.toString());
        daemon.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9"); // no broker: its start is what counts
        Process process = daemon.start();
        try {
            // StartupEvent observers run before Quarkus says it started
            List<String> log = CompletableFuture.supplyAsync(() -> linesUntil(process, " started in "))
                    .get(120, TimeUnit.SECONDS);
            List<String> warnings = log.stream().filter(line -> line.contains("PrivilegeWarnings")).toList();

            assertEquals(1, warnings.size(), String.join("\n", log));
            assertTrue(warnings.get(0).contains("WARN") && warnings.get(0).endsWith(
                    "without CAP_NET_ADMIN this agent cannot write /proc/sys/net: applies will be rolled back"),
                    warnings.get(0));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> linesUntil(Process process, String marker) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.contains(marker)) {
                    return lines;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the daemon stopped before it started:\n" + String.join("\n", lines));
    }

    private record Run(int exitCode, String stdout, String stderr) {
        HostSnapshot snapshot() {
            return parse(HostSnapshot.class);
        }

        TuningResult tuning() {
            return parse(TuningResult.class);
        }

        private <T> T parse(Class<T> type) {
            try {
                return ProtocolJson.mapper().readValue(stdout, type);
            } catch (IOException e) {
                throw new AssertionError("not a " + type.getSimpleName() + " (exit " + exitCode + "): " + stdout
                        + "\nstderr: " + stderr, e);
            }
        }
    }

    /** Runs the agent with {@code args} as {@link #user} holding {@code capabilities} alone. */
    private Run agent(List<String> capabilities, String... args) {
        return run(command(capabilities, args));
    }

    /** The agent's jar as {@link #user}, holding {@code capabilities} (ambient, inheritable and bounding) alone. */
    private List<String> command(List<String> capabilities, String... args) {
        String caps = "-all" + capabilities.stream().map(c -> ",+" + c.substring("CAP_".length()).toLowerCase())
                .collect(Collectors.joining());
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", user, "--regid", user, "--init-groups",
                "--inh-caps", caps, "--ambient-caps", caps, "--bounding-set", caps, "--"));
        command.addAll(asRoot(args));
        return command;
    }

    /** The agent's jar, as root. */
    private static List<String> asRoot(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-jar", RepoPaths.built("host-agent/target/quarkus-app/quarkus-run.jar").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code command} run in {@link #host}. */
    private Run run(List<String> command) {
        try {
            Process process = host.command(command).start();
            // both streams drained aside, so a hung agent fails the test at the timeout instead of hanging the build
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(read(process, Process::getErrorStream));
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(read(process, Process::getInputStream));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the agent did not finish within 60 s: " + command);
            }
            return new Run(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Supplier<String> read(Process process, Function<Process, InputStream> stream) {
        return () -> {
            try {
                return new String(stream.apply(process).readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private String[] tune(String... args) {
        List<String> all = new ArrayList<>(List.of("tune"));
        all.addAll(List.of(args));
        all.addAll(List.of("--json", "--state-dir", stateDir.toString(), "--files-root", filesRoot.toString()));
        return all.toArray(String[]::new);
    }

    private static List<String> without(String capability) {
        return AgentPrivileges.CAPABILITIES.stream().filter(c -> !c.equals(capability)).toList();
    }

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.stderr().contains("\tat ") || run.stderr().contains("Exception"), run.stderr());
    }

    private String profile() throws IOException {
        StringBuilder text = new StringBuilder();
        PROFILE.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path file = Files.writeString(work.resolve("profile.conf"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file.toString();
    }

    private Map<String, String> live() {
        Map<String, String> values = new TreeMap<>();
        PROFILE.keySet().forEach(key -> values.put(key, host.run("cat", "/proc/sys/" + key.replace('.', '/')).trim()));
        return values;
    }

    private static void runAsRoot(String... command) {
        NetNamespace.runOnHost(List.of(command));
    }
}
