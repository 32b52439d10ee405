package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
    void monitorJsonPrintsOneSnapshotPerRefresh() {
        assertEquals(0, command.run("monitor", "1", "--interval", "0.5", "--json"));

        String[] lines = command.stdout().strip().split("\n");
        assertEquals(3, lines.length, command.stdout());
        for (String line : lines) {
            ProtocolJson.readSnapshot(line.getBytes(StandardCharsets.UTF_8));
        }
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
            "analyze --interval 3         | --interval is for monitor",
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
