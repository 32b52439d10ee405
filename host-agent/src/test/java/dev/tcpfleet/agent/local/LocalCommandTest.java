package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpCounters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-host commands against this machine's real /proc. */
class LocalCommandTest {
    private final CapturedRun command = new CapturedRun();

    @Test
    void analyzePrintsEverySection() {
        assertEquals(0, command.run("analyze"));

        for (String section : List.of("TCP sockets by state", "Local ports with the most sockets", "Listeners",
                "Outbound destinations", "ephemeral ports", "Processes holding TCP sockets", "Findings")) {
            assertTrue(command.stdout().contains(section), () -> section + " missing from\n" + command.stdout());
        }
    }

    @Test
    void analyzeJsonIsOneSnapshotInTheWireFormat() {
        assertEquals(0, command.run("analyze", "--json"));

        HostSnapshot snapshot = ProtocolJson.readSnapshot(command.stdout().strip().getBytes(StandardCharsets.UTF_8));
        assertEquals(HostSnapshot.SCHEMA_VERSION, snapshot.schemaVersion());
        assertEquals(LocalCommand.version(), snapshot.host().agentVersion());
    }

    @Test
    void analyzeReadsTwiceSoItsCountersHaveRatesOverTheInterval() {
        assertEquals(0, command.run("analyze", "--json", "--interval", "0.2"));

        TcpCounters counters = ProtocolJson.readSnapshot(command.stdout().strip().getBytes(StandardCharsets.UTF_8))
                .tcpCounters();
        assertNotNull(counters.intervalSeconds(), "no rates in one look");
        assertTrue(counters.intervalSeconds() >= 0.2 && counters.intervalSeconds() < 5, counters.toString());
        assertNotNull(counters.rate("ActiveOpens"), counters.toString());
    }

    @Test
    void monitorJsonPrintsOneSnapshotPerRefresh() {
        assertEquals(0, command.run("monitor", "1", "--interval", "0.5", "--json"));

        String[] lines = command.stdout().strip().split("\n");
        assertEquals(3, lines.length, command.stdout());
        for (String line : lines) {
            ProtocolJson.readSnapshot(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tuneProfilesListsTheBuiltInOnesWithTheirSettings() {
        assertEquals(0, command.run("tune", "profiles"));

        assertTrue(command.stdout().contains("\nold-script-prod (version 1): "), command.stdout());
        assertTrue(command.stdout().contains("\n  net.ipv4.tcp_keepalive_time = 300\n"), command.stdout());
    }

    /** The README's dry run, typed as is but for the state and files folders: a plan, and this host unchanged. */
    @Test
    void tuneApplyOfABuiltInAsADryRunPlansAndChangesNothing(@TempDir Path dir) throws IOException {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        // read line by line: Files.readString trusts the size /proc reports and can stop short
        String before = Files.readAllLines(somaxconn).get(0);

        assertEquals(0, command.run("tune", "apply", "--builtin", "old-script-prod", "--dry-run", "--state-dir",
                dir.resolve("state").toString(), "--files-root", dir.resolve("root").toString()), command::stderr);

        assertTrue(command.stdout().startsWith("PLANNED (command "), command.stdout());
        assertTrue(command.stdout().contains("\n  net.core.somaxconn: " + before + " -> 65535"), command.stdout());
        assertEquals(before, Files.readAllLines(somaxconn).get(0));
        assertTrue(Files.notExists(dir.resolve("root/etc/sysctl.d")), "a dry run writes no boot file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "analyze --bogus              | unknown argument '--bogus' for analyze",
            "analyse                      | unknown command 'analyse'",
            "--json                       | unknown command '--json'",
            "monitor ten                  | SECONDS must be a number, not 'ten'",
            "monitor 0                    | SECONDS must be between 1 and 604800, not 0",
            "monitor 5 --interval         | --interval needs a value",
            "monitor 5 --interval 0       | --interval must be between 0.1 and 3600, not 0",
            "analyze --interval 61        | --interval must be between 0.1 and 60, not 61",
            "analyze --time-wait-warning -1 | --time-wait-warning must be between 1"
    })
    void badArgumentsAreAClearErrorAndExitCodeTwo(String args, String message) {
        assertEquals(2, command.run(args.trim().split("\\s+")));

        String error = command.stderr();
        assertTrue(error.startsWith("host-agent: " + message.trim()), error);
        assertTrue(error.contains("usage:"), error);
        assertEquals("", command.stdout());
    }
}
