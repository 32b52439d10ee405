package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.tuning.ProcSysStore;
import dev.tcpfleet.agent.tuning.SysctlFiles;
import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.agent.tuning.TuningJournal;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whatever lands on the commands topic under this host's key, the agent acts on, answers, sets aside or drops, and
 * goes on: what nobody can be shown to have signed is untrusted, and only counted.
 */
class CommandHandlerTest {
    @TempDir
    Path root;

    private final KeyPair controlPlane = CommandSignatures.generateKeys();

    private CommandHandler handler() {
        TuningEngine engine = new TuningEngine("h-1", new ProcSysStore(root.resolve("proc/sys")),
                new TuningJournal(root.resolve("state")), new SysctlFiles(root), new ProcFs(root.resolve("proc")),
                Clock.systemUTC());
        return new CommandHandler("h-1", controlPlane.getPublic(), engine, null, Clock.systemUTC());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                              | unreadable | empty command",
            "''                                | unreadable | empty command",
            "not json                          | unreadable | unreadable command",
            "[1, 2]                            | unreadable | unreadable command",
            "{}                                | unsigned   | unsigned command",
            "{\"schemaVersion\": 1}            | unsigned   | unsigned command",
            "{\"payload\": 1, \"signature\": 2} | unsigned   | payload or signature is not base64"
    })
    void garbageIsUntrustedWithAReasonAndAnsweredWithNothing(String message, String reason, String detail) {
        byte[] bytes = message == null ? null : message.getBytes(StandardCharsets.UTF_8);

        CommandHandler.Untrusted untrusted = assertInstanceOf(CommandHandler.Untrusted.class,
                handler().check(bytes));

        assertEquals(reason, untrusted.reason());
        assertTrue(untrusted.detail().startsWith(detail), untrusted.detail());
        assertEquals(Optional.empty(), handler().handle(bytes));
    }

    private TuningCommand apply(String id, String hostId) {
        Instant now = Instant.now();
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, id, hostId, TuningCommand.Action.APPLY, "p", 1,
                Map.of("net.core.somaxconn", "8192"), false, 0, null, now, now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aBadlySignedCommandIsUntrustedAndAGenuineRefusalIsAnswered() {
        byte[] forged = ProtocolJson.write(CommandSignatures.sign(apply("c-1", "h-1"),
                CommandSignatures.generateKeys().getPrivate()));
        byte[] misaddressed = ProtocolJson.write(CommandSignatures.sign(apply("c-2", "h-2"),
                controlPlane.getPrivate()));

        CommandHandler handler = handler();
        List<CommandHandler.Checked> checked = handler.checkAll(List.of(forged, misaddressed));

        assertEquals("bad_signature", assertInstanceOf(CommandHandler.Untrusted.class, checked.get(0)).reason());
        TuningResult refusal = handler.act(assertInstanceOf(CommandHandler.Refused.class, checked.get(1)))
                .orElseThrow();
        assertEquals(TuningOutcome.REJECTED, refusal.outcome());
        assertEquals(List.of("addressed to host h-2, not h-1"), refusal.reasons());
    }

    @Test
    void aBatchIsCheckedInItsOrderHoweverLarge() {
        List<byte[]> batch = IntStream.range(0, 200).mapToObj(i -> i % 50 == 7
                ? ProtocolJson.write(CommandSignatures.sign(apply("c-" + i, "h-1"), controlPlane.getPrivate()))
                : ("forged " + i).getBytes(StandardCharsets.UTF_8)).toList();

        List<CommandHandler.Checked> checked = handler().checkAll(batch);

        assertEquals(200, checked.size());
        for (int i = 0; i < 200; i++) {
            if (i % 50 == 7) {
                assertEquals("c-" + i, assertInstanceOf(CommandHandler.Verified.class, checked.get(i)).command()
                        .commandId());
            } else {
                assertInstanceOf(CommandHandler.Untrusted.class, checked.get(i));
            }
        }
    }
}
