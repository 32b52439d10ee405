package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.tuning.ProcSysStore;
import dev.tcpfleet.agent.tuning.SysctlFiles;
import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.agent.tuning.TuningJournal;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever lands on the commands topic under this host's key, the agent answers or refuses as malformed, and goes on. */
class CommandHandlerTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                              | empty command",
            "''                                | empty command",
            "not json                          | unreadable command",
            "[1, 2]                            | unreadable command",
            "{}                                | unsigned command",
            "{\"schemaVersion\": 1}            | unsigned command",
            "{\"payload\": 1, \"signature\": 2} | payload or signature is not base64"
    })
    void garbageIsMalformedWithAReason(String message, String reason) {
        TuningEngine engine = new TuningEngine("h-1", new ProcSysStore(root.resolve("proc/sys")),
                new TuningJournal(root.resolve("state")), new SysctlFiles(root), new ProcFs(root.resolve("proc")),
                Clock.systemUTC());
        CommandHandler handler = new CommandHandler("h-1", CommandSignatures.generateKeys().getPublic(), engine,
                null, Clock.systemUTC());

        MalformedMessageException refused = assertThrows(MalformedMessageException.class,
                () -> handler.handle(message == null ? null : message.getBytes(StandardCharsets.UTF_8)));

        assertTrue(refused.getMessage().startsWith(reason), refused.getMessage());
    }
}
