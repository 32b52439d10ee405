package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that carried out a command and went down before reporting it reads the command again when it comes back.
 * If that is after the command expired, the journal still knows what the host did, and that is the answer: not a
 * refusal the control plane could only show as "expired".
 */
class ExpiredCommandTest {
    private static final Instant ISSUED = Instant.parse("2026-11-26T02:00:00Z");
    private static final Instant AFTER_EXPIRY = ISSUED.plus(Duration.ofHours(1));

    @TempDir
    Path root;

    private final KeyPair controlPlane = CommandSignatures.generateKeys();

    @BeforeEach
    void kernel() throws IOException {
        Path somaxconn = root.resolve("proc/sys/net/core/somaxconn");
        Files.createDirectories(somaxconn.getParent());
        Files.writeString(somaxconn, "4096\n");
    }

    @Test
    void aCommandCarriedOutBeforeItExpiredIsAnsweredFromTheJournal() throws IOException {
        byte[] apply = signedApply("cmd-before-outage");
        TuningResult applied = handlerAt(ISSUED).handle(apply).orElseThrow();
        assertEquals(TuningOutcome.APPLIED, applied.outcome());

        TuningResult redelivered = handlerAt(AFTER_EXPIRY).handle(apply).orElseThrow();

        assertEquals("cmd-before-outage", redelivered.commandId());
        assertEquals(TuningOutcome.APPLIED, redelivered.outcome());
        assertEquals(applied.changes(), redelivered.changes());
        assertEquals("8192", Files.readString(root.resolve("proc/sys/net/core/somaxconn")).strip());
    }

    @Test
    void aCommandNeverCarriedOutIsRefusedAsExpiredAndChangesNothing() throws IOException {
        TuningResult refused = handlerAt(AFTER_EXPIRY).handle(signedApply("cmd-too-late")).orElseThrow();

        assertEquals(TuningOutcome.REJECTED, refused.outcome());
        assertNull(refused.commandId());
        assertEquals(List.of("expired at " + ISSUED.plus(Duration.ofMinutes(10))), refused.reasons());
        assertEquals("4096", Files.readString(root.resolve("proc/sys/net/core/somaxconn")).strip());
    }

    private byte[] signedApply(String commandId) {
        return ProtocolJson.write(CommandSignatures.sign(new TuningCommand(TuningCommand.SCHEMA_VERSION, commandId,
                "h-1", TuningCommand.Action.APPLY, "test", 1, Map.of("net.core.somaxconn", "8192"), false, 0, null,
                ISSUED, ISSUED.plus(Duration.ofMinutes(10))), controlPlane.getPrivate()));
    }

    /** A fresh agent over the same host state and journal, as after a restart, seeing {@code now}. */
    private CommandHandler handlerAt(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        TuningEngine engine = new TuningEngine("h-1", new ProcSysStore(root.resolve("proc/sys")),
                new TuningJournal(root.resolve("state")), new SysctlFiles(root), new ProcFs(root.resolve("proc")), clock);
        return new CommandHandler("h-1", controlPlane.getPublic(), engine, null, clock);
    }
}
