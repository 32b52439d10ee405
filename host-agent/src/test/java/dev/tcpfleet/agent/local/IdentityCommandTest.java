package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.identity.HostIdentityResolver;
import dev.tcpfleet.agent.identity.HostKeyFile;
import dev.tcpfleet.protocol.identity.HostKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return IdentityCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheHostIdAndTheFingerprintTheAgentPublishesWith(@TempDir Path stateDir) {
        String hostId = HostIdentityResolver.hostId(Optional.empty(), stateDir);
        String fingerprint = HostKeys.fingerprint(HostKeyFile.loadOrCreate(stateDir).publicKey());

        assertEquals(0, run(Map.of(), "identity", "--state-dir", stateDir.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("host id      " + hostId + "\n"), printed);
        assertTrue(printed.contains("fingerprint  " + fingerprint + "\n"), printed);
    }

    @Test
    void readsTheAgentsOwnEnvironment(@TempDir Path stateDir) {
        HostKeyFile.loadOrCreate(stateDir);

        assertEquals(0, run(Map.of("TCPFLEET_AGENT_STATE_DIR", stateDir.toString(), "TCPFLEET_AGENT_HOST_ID",
                "web-17"), "identity"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("host id      web-17\n"));
    }

    @Test
    void beforeTheFirstStartThereIsNothingToShowAndNothingIsMade(@TempDir Path stateDir) throws Exception {
        assertEquals(1, run(Map.of(), "identity", "--state-dir", stateDir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("first start"), err.toString(StandardCharsets.UTF_8));
        try (var files = Files.list(stateDir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDamagedKeyIsAClearErrorWithoutAStackTrace(@TempDir Path stateDir) throws Exception {
        Files.writeString(stateDir.resolve("host-id"), "web-17\n");
        Path key = stateDir.resolve(HostKeyFile.NAME);
        Files.writeString(key, "damaged");

        assertEquals(1, run(Map.of(), "identity", "--state-dir", stateDir.toString()));
        String error = err.toString(StandardCharsets.UTF_8);
        assertTrue(error.startsWith("host-agent: identity failed: ") && !error.contains("\tat "), error);
    }

    @Test
    void anUnknownArgumentIsExitCodeTwo() {
        assertEquals(2, run(Map.of(), "identity", "--state"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--state'"));
    }
}
