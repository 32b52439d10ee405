package dev.tcpfleet.agent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.protocol.SysctlDrift;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.ReadyLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's all-or-nothing logic over a /proc/sys tree in a folder. The real kernel, which may refuse or
 * normalise values, is exercised by TuneOnRealKernelIT in network namespaces.
 */
class TuningEngineTest {
    @TempDir
    Path root;

    private Path procSys;
    private TuningEngine engine;

    /** A kernel that refuses one key, as a real one refuses a value out of its range; or a process that dies. */
    private final class FaultyStore implements SysctlStore {
        private final ProcSysStore files = new ProcSysStore(procSys);
        private final String refusedKey;
        private final int fatalWrite;
        private int writes;

        /** @param fatalWrite the write (counting from 0) during which the process "dies", or -1 */
        FaultyStore(String refusedKey, int fatalWrite) {
            this.refusedKey = refusedKey;
            this.fatalWrite = fatalWrite;
        }

        @Override
        public boolean exists(String key) {
            return files.exists(key);
        }

        @Override
        public String read(String key) throws IOException {
            return files.read(key);
        }

        @Override
        public void write(String key, String value) throws IOException {
            if (writes++ == fatalWrite) {
                throw new IllegalStateException("killed");
            }
            if (key.equals(refusedKey)) {
                throw new IOException("Invalid argument");
            }
            files.write(key, value);
        }
    }

    @BeforeEach
    void kernel() throws IOException {
        procSys = root.resolve("proc/sys");
        sysctl("net.core.somaxconn", "4096");
        sysctl("net.ipv4.tcp_keepalive_time", "7200");
        sysctl("net.ipv4.tcp_fin_timeout", "60");
        sysctl("net.ipv4.tcp_rmem", "4096\t131072\t6291456");
        sysctl("net.ipv4.tcp_available_congestion_control", "reno cubic");
        engine = engine(new ProcSysStore(procSys));
    }

    private TuningEngine engine(SysctlStore store) {
        return new TuningEngine("h-1", store, new TuningJournal(root.resolve("state/tuning")), new SysctlFiles(root),
                new ProcFs(root.resolve("proc")), clock);
    }

    /** The time the engine sees: confirm windows close when a test moves it on. */
    private static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final SettableClock clock = new SettableClock();

    private void sysctl(String key, String value) throws IOException {
        Path file = procSys.resolve(key.replace('.', '/'));
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }

    private String live(String key) throws IOException {
        return Files.readString(procSys.resolve(key.replace('.', '/'))).strip();
    }

    @Test
    void appliesVerifiesAndPersistsThenRollsBack() throws IOException {
        TuningResult applied = engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_rmem", "4096  87380   16777216"), false);

        assertEquals(TuningOutcome.APPLIED, applied.outcome(), applied.toString());
        assertEquals("8192", live("net.core.somaxconn"));
        assertEquals("4096 87380 16777216", live("net.ipv4.tcp_rmem"));
        String persisted = Files.readString(root.resolve("etc/sysctl.d/95-tcpfleet.conf"));
        assertTrue(persisted.contains("net.core.somaxconn = 8192\n"), persisted);
        TuningJournal journal = new TuningJournal(root.resolve("state/tuning"));
        assertEquals(new SysctlDrift("8192", null, "c-1"), journal.managedValues().get("net.core.somaxconn"),
                "what snapshots compare the live value with");

        TuningResult reverted = engine.rollback("r-1", null);

        assertEquals(TuningOutcome.REVERTED, reverted.outcome(), reverted.toString());
        assertEquals("4096", live("net.core.somaxconn"));
        assertEquals("4096 131072 6291456", live("net.ipv4.tcp_rmem"));
        assertFalse(Files.exists(root.resolve("etc/sysctl.d/95-tcpfleet.conf")));
        assertEquals(TuningOutcome.REJECTED, engine.rollback("r-2", null).outcome(), "nothing left to roll back");
        assertEquals(Map.of(), journal.managedValues());
    }

    @Test
    void aRefusedKeyRestoresEveryKeyAlreadyChanged() throws IOException {
        TuningResult result = engine(new FaultyStore("net.ipv4.tcp_keepalive_time", -1)).apply("c-2", "p",
                Map.of("net.core.somaxconn", "8192", "net.ipv4.tcp_fin_timeout", "30",
                        "net.ipv4.tcp_keepalive_time", "600"), false);

        assertEquals(TuningOutcome.ROLLED_BACK, result.outcome(), result.toString());
        assertEquals("net.ipv4.tcp_keepalive_time", result.failedKey());
        assertEquals("4096", live("net.core.somaxconn"));
        assertEquals("60", live("net.ipv4.tcp_fin_timeout"));
        assertFalse(Files.exists(root.resolve("etc/sysctl.d/95-tcpfleet.conf")), "nothing persisted");
    }

    @Test
    void anInvalidOrMissingKeyRejectsTheWholeProfileBeforeAnyWrite() throws IOException {
        TuningResult invalid = engine.apply("c-3", "p", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_tw_recycle", "1"), false);
        TuningResult missing = engine.apply("c-4", "p", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_max_syn_backlog", "4096"), false);
        TuningResult unavailableAlgorithm = engine.apply("c-5", "p",
                Map.of("net.ipv4.tcp_congestion_control", "bbr"), false);

        assertEquals(TuningOutcome.REJECTED, invalid.outcome());
        assertTrue(invalid.reasons().stream().anyMatch(r -> r.startsWith("net.ipv4.tcp_tw_recycle: ")), invalid.toString());
        assertEquals(TuningOutcome.REJECTED, missing.outcome());
        assertTrue(missing.reasons().contains(
                "net.ipv4.tcp_max_syn_backlog: not on this host's kernel; the profile is not applied here"), missing.toString());
        assertEquals(TuningOutcome.REJECTED, unavailableAlgorithm.outcome());
        assertTrue(unavailableAlgorithm.reasons().get(0).contains("bbr"), unavailableAlgorithm.toString());
        assertEquals("4096", live("net.core.somaxconn"));
    }

    @Test
    void dryRunReportsTheDiffAndOverridingFilesAndChangesNothing() throws IOException {
        Path later = root.resolve("etc/sysctl.d/99-sysctl.conf");
        Files.createDirectories(later.getParent());
        Files.writeString(later, "# local\nnet.core.somaxconn=1024\n");
        Path tuned = Files.createDirectories(root.resolve("proc/4711"));
        Files.writeString(tuned.resolve("comm"), "tuned\n");

        TuningResult planned = engine.apply("c-6", "p", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_fin_timeout", "60"), true);

        assertEquals(TuningOutcome.PLANNED, planned.outcome());
        assertEquals("4096", planned.changes().get(0).before());
        assertEquals("8192", planned.changes().get(0).desired());
        assertFalse(planned.changes().get(1).changes());
        assertTrue(planned.warnings().get(0).contains("99-sysctl.conf sets net.core.somaxconn"), planned.toString());
        assertEquals("tuned runs on this host and may set the same keys", planned.warnings().get(1));
        assertEquals("4096", live("net.core.somaxconn"));
    }

    @Test
    void theSameCommandDeliveredTwiceRunsOnce() throws IOException {
        TuningResult first = engine.apply("c-7", "p", Map.of("net.core.somaxconn", "8192"), false);
        sysctl("net.core.somaxconn", "2048"); // someone else changes it meanwhile

        TuningResult second = engine.apply("c-7", "p", Map.of("net.core.somaxconn", "8192"), false);

        assertEquals(first, second);
        assertEquals("2048", live("net.core.somaxconn"), "not written again");
    }

    @Test
    void aRollbackPutsTheBootFileBackAsTheEarlierApplyLeftIt() throws IOException {
        engine.apply("a", "p", Map.of("net.core.somaxconn", "8192"), false);
        engine.apply("b", "p", Map.of("net.ipv4.tcp_fin_timeout", "30"), false);

        assertEquals(TuningOutcome.REVERTED, engine.rollback("r", "b").outcome());

        assertEquals(Map.of("net.core.somaxconn", "8192"), SysctlFiles.read(root.resolve("etc/sysctl.d/95-tcpfleet.conf")));
        assertEquals("60", live("net.ipv4.tcp_fin_timeout"));
        assertEquals("8192", live("net.core.somaxconn"));
    }

    @Test
    void anOlderApplyIsNotRolledBackUnderANewerOneOnTheSameKeys() throws IOException {
        engine.apply("a", "p", Map.of("net.core.somaxconn", "8192"), false);
        clock.advance(Duration.ofSeconds(1));
        engine.apply("b", "p", Map.of("net.core.somaxconn", "1024"), false);

        TuningResult refused = engine.rollback("r-1", "a");
        TuningResult last = engine.rollback("r-2", null);

        assertEquals(TuningOutcome.REJECTED, refused.outcome());
        assertEquals("b changed the same keys afterwards: roll that back first", refused.reasons().get(0));
        assertEquals(TuningOutcome.REVERTED, last.outcome());
        assertEquals("8192", live("net.core.somaxconn"));
        assertEquals(Map.of("net.core.somaxconn", "8192"), SysctlFiles.read(root.resolve("etc/sysctl.d/95-tcpfleet.conf")));
    }

    @Test
    void aCommandACrashInterruptedIsUndoneWhenTheAgentStartsAgain() throws IOException {
        SysctlStore dying = new FaultyStore(null, 1); // the process dies during the second write
        Map<String, String> profile = Map.of("net.core.somaxconn", "8192", "net.ipv4.tcp_fin_timeout", "30");
        try {
            engine(dying).apply("c-9", "p", profile, false);
        } catch (IllegalStateException killed) {
            // as good as a crash: the journal holds the backup and no result
        }
        assertEquals("8192", live("net.core.somaxconn"), "half-applied before the restart");

        List<TuningResult> recovered = engine.recover();

        assertEquals(1, recovered.size());
        assertEquals(TuningOutcome.ROLLED_BACK, recovered.get(0).outcome());
        assertEquals("4096", live("net.core.somaxconn"));
        assertEquals(recovered.get(0), engine.apply("c-9", "p", profile, false), "the redelivery is answered");
    }

    @Test
    void alreadyTunedIsUnchanged() {
        assertEquals(TuningOutcome.UNCHANGED,
                engine.apply("c-8", "p", Map.of("net.core.somaxconn", "4096"), false).outcome());
    }

    @Test
    void anApplyNotConfirmedInTimeIsRevertedByTheHost() throws IOException {
        TuningResult applied = engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false,
                Duration.ofSeconds(60));
        assertEquals(TuningOutcome.APPLIED, applied.outcome(), applied.toString());
        assertEquals(clock.instant().plusSeconds(60), applied.confirmBy());

        clock.advance(Duration.ofSeconds(59));
        assertEquals(List.of(), engine.revertUnconfirmed());
        assertEquals("8192", live("net.core.somaxconn"));

        clock.advance(Duration.ofSeconds(1));
        List<TuningResult> reverted = engine.revertUnconfirmed();

        assertEquals(1, reverted.size());
        assertEquals("c-1", reverted.get(0).commandId(), "reported under the apply's own id");
        assertEquals(TuningOutcome.REVERTED, reverted.get(0).outcome(), reverted.toString());
        assertEquals("4096", live("net.core.somaxconn"));
        assertFalse(Files.exists(root.resolve("etc/sysctl.d/95-tcpfleet.conf")));
        assertEquals(List.of(), engine.revertUnconfirmed(), "reverted once");
        assertEquals(TuningOutcome.REJECTED, engine.confirm("k-1", "c-1").outcome(), "too late to confirm");
        assertEquals(applied, engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false,
                Duration.ofSeconds(60)), "a redelivery repeats the first answer and changes nothing");
        assertEquals("4096", live("net.core.somaxconn"));
    }

    @Test
    void aRestartNeitherRevertsAnOpenWindowNorForgetsIt() throws IOException {
        engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false, Duration.ofMinutes(5));

        TuningEngine restarted = engine(new ProcSysStore(procSys));
        assertEquals(List.of(), restarted.recover());
        assertEquals(List.of(), restarted.revertUnconfirmed());
        assertEquals("8192", live("net.core.somaxconn"), "an agent that restarts keeps the apply");

        clock.advance(Duration.ofMinutes(5));
        TuningEngine afterTheDeadline = engine(new ProcSysStore(procSys));
        assertEquals(TuningOutcome.REVERTED, afterTheDeadline.revertUnconfirmed().get(0).outcome());
        assertEquals("4096", live("net.core.somaxconn"));
    }

    @Test
    void aRevertsReportWaitsInTheJournalUntilTheBrokerTakesIt() throws IOException {
        engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        TuningResult reverted = engine.revertUnconfirmed().get(0);

        assertEquals(List.of(reverted), engine.unreportedReverts());
        TuningEngine restarted = engine(new ProcSysStore(procSys));
        assertEquals(List.of(reverted), restarted.unreportedReverts(), "a restart does not lose it");

        restarted.revertReported("c-1");

        assertEquals(List.of(), restarted.unreportedReverts());
        assertEquals(List.of(), engine(new ProcSysStore(procSys)).unreportedReverts(), "reported once");
        assertEquals(TuningOutcome.REJECTED, restarted.confirm("k-1", "c-1").outcome(), "still reverted");
    }

    @Test
    void aConfirmedApplyStays() throws IOException {
        engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false, Duration.ofSeconds(60));

        TuningResult confirmed = engine.confirm("k-1", "c-1");

        assertEquals(TuningOutcome.CONFIRMED, confirmed.outcome(), confirmed.toString());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of(), engine.revertUnconfirmed());
        assertEquals("8192", live("net.core.somaxconn"));
        assertEquals(confirmed, engine.confirm("k-1", "c-1"), "a redelivery repeats the first answer");
        assertEquals(TuningOutcome.CONFIRMED, engine.confirm("k-2", "c-1").outcome());
        engine.apply("c-2", "p", Map.of("net.ipv4.tcp_fin_timeout", "30"), false);
        assertEquals(TuningOutcome.REJECTED, engine.confirm("k-3", "c-2").outcome(), "c-2 has no window");
    }

    @Test
    void theSameKeysCannotBeChangedAgainWhileAWindowIsOpen() {
        engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false, Duration.ofSeconds(60));

        TuningResult overlapping = engine.apply("c-2", "p", Map.of("net.core.somaxconn", "1024"), false);

        assertEquals(TuningOutcome.REJECTED, overlapping.outcome());
        assertTrue(overlapping.reasons().get(0).startsWith("c-1 changed the same keys"), overlapping.toString());
        assertEquals(TuningOutcome.APPLIED,
                engine.apply("c-3", "p", Map.of("net.ipv4.tcp_fin_timeout", "30"), false).outcome());
        assertEquals(TuningOutcome.PLANNED,
                engine.apply("c-4", "p", Map.of("net.core.somaxconn", "1024"), true).outcome(), "a dry run may look");
    }

    @Test
    void aConfirmWindowOutOfBoundsIsRejected() throws IOException {
        TuningResult tooShort = engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false,
                Duration.ofSeconds(5));
        TuningResult dryRun = engine.apply("c-2", "p", Map.of("net.core.somaxconn", "8192"), true,
                Duration.ofSeconds(60));

        assertEquals(TuningOutcome.REJECTED, tooShort.outcome());
        assertTrue(tooShort.reasons().get(0).contains("10 to 86400 seconds"), tooShort.toString());
        assertEquals(TuningOutcome.REJECTED, dryRun.outcome());
        assertEquals("4096", live("net.core.somaxconn"));
    }

    @Test
    void anotherProcessTuningThisHostIsWaitedFor() throws Exception {
        Path journalFolder = root.resolve("state/tuning");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalLockHolder.class.getName(),
                journalFolder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            ReadyLine.await(other, "LOCKED");
            Future<TuningResult> apply = caller.submit(() -> engine.apply("c-1", "p",
                    Map.of("net.core.somaxconn", "8192"), false));

            assertThrows(TimeoutException.class, () -> apply.get(500, TimeUnit.MILLISECONDS));
            assertEquals("4096", live("net.core.somaxconn"), "nothing written while the other process tunes");

            other.getOutputStream().close();
            assertEquals(TuningOutcome.APPLIED, apply.get(60, TimeUnit.SECONDS).outcome());
            assertEquals("8192", live("net.core.somaxconn"));
        } finally {
            other.destroyForcibly();
            caller.shutdownNow();
        }
    }

    /**
     * The confirm-window watch does not wait for another process's lock (it would hold every command behind it):
     * it skips the journal while held and reverts the closed window once it is free.
     */
    @Test
    void theConfirmWatchSkipsAJournalAnotherProcessHoldsAndRevertsOnceItIsFree() throws Exception {
        engine.apply("c-1", "p", Map.of("net.core.somaxconn", "8192"), false, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalLockHolder.class.getName(),
                root.resolve("state/tuning").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            ReadyLine.await(other, "LOCKED");
            assertEquals(List.of(), engine.revertUnconfirmed(), "skipped, not waited for");
            assertEquals("8192", live("net.core.somaxconn"));

            other.getOutputStream().close();
            assertEquals(0, other.waitFor(), "the other process let go");
            assertEquals(List.of(TuningOutcome.REVERTED),
                    engine.revertUnconfirmed().stream().map(TuningResult::outcome).toList());
            assertEquals("4096", live("net.core.somaxconn"));
        } finally {
            other.destroyForcibly();
        }
    }
}
