package dev.tcpfleet.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedHostTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final SimulatedHost host = new SimulatedHost("sim-1", Map.of("env", "prod"), 1);

    private static TuningCommand command(String id, TuningCommand.Action action, Map<String, String> settings,
            boolean dryRun, String target) {
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, id, "sim-1", action, "p", 1, settings, dryRun, 0,
                target, T0, T0.plusSeconds(600));
    }

    @Test
    void anApplyChangesTheSysctlsAndItsRollbackRestoresThem() {
        Map<String, String> before = host.sysctls();
        TuningResult applied = host.handle(command("a1", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", "8192"), false, null), T0);
        assertEquals(TuningOutcome.APPLIED, applied.outcome());
        assertEquals("8192", host.sysctls().get("net.core.somaxconn"));
        assertEquals(before.get("net.core.somaxconn"), applied.changes().get(0).before());

        TuningResult reverted = host.handle(command("r1", TuningCommand.Action.ROLLBACK, null, false, "a1"), T0);
        assertEquals(TuningOutcome.REVERTED, reverted.outcome());
        assertEquals(before, host.sysctls());
        assertEquals(TuningOutcome.REJECTED, host.handle(command("r2", TuningCommand.Action.ROLLBACK, null, false,
                "a1"), T0).outcome(), "an apply is rolled back once");
    }

    @Test
    void aDryRunPlansAnUnchangedApplyWritesNothingAndAnUnknownKeyIsRejected() {
        Map<String, String> before = host.sysctls();
        assertEquals(TuningOutcome.PLANNED, host.handle(command("d", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", "8192"), true, null), T0).outcome());
        assertEquals(TuningOutcome.UNCHANGED, host.handle(command("u", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", before.get("net.core.somaxconn")), false, null), T0).outcome());
        assertEquals(TuningOutcome.REJECTED, host.handle(command("x", TuningCommand.Action.APPLY,
                Map.of("net.nope", "1"), false, null), T0).outcome());
        assertEquals(before, host.sysctls());
    }

    @Test
    void aRedeliveredCommandGetsTheFirstAnswerAndRunsOnce() {
        TuningCommand apply = command("a1", TuningCommand.Action.APPLY, Map.of("net.core.somaxconn", "8192"), false,
                null);
        TuningResult first = host.handle(apply, T0);
        assertSame(first, host.handle(apply, T0.plusSeconds(5)));
    }

    @Test
    void aHostRemembersItsRecentCommandsOnlySoAFleetOfThemFitsInOneProcess() {
        TuningResult first = host.handle(command("dry-0", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", "8192"), true, null), T0);
        for (int i = 1; i <= SimulatedHost.REMEMBERED; i++) {
            host.handle(command("dry-" + i, TuningCommand.Action.APPLY, Map.of("net.core.somaxconn", "8192"), true,
                    null), T0);
        }
        TuningResult again = host.handle(command("dry-0", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", "8192"), true, null), T0.plusSeconds(5));
        assertNotSame(first, again, "the oldest answer was forgotten, so it is worked out anew");
        assertSame(again, host.handle(command("dry-0", TuningCommand.Action.APPLY,
                Map.of("net.core.somaxconn", "8192"), true, null), T0), "and remembered again");
    }

    @Test
    void snapshotsVaryBetweenHostsAndCountersOnlyGrowWithRatesFromTheSecond() {
        HostSnapshot first = host.snapshot(T0);
        HostSnapshot second = host.snapshot(T0.plusSeconds(10));
        assertTrue(first.tcpCounters().perSecond().isEmpty());
        assertNull(first.tcpCounters().intervalSeconds());
        assertEquals(10.0, second.tcpCounters().intervalSeconds());
        assertTrue(second.tcpCounters().total("OutSegs") > first.tcpCounters().total("OutSegs"));
        assertTrue(second.tcpCounters().rate("RetransSegs") >= 0);
        assertEquals(host.sysctls(), second.sysctls());
        HostSnapshot other = new SimulatedHost("sim-2", Map.of(), 2).snapshot(T0);
        assertNotEquals(first.count(TcpState.ESTABLISHED), other.count(TcpState.ESTABLISHED));
    }

    @Test
    void timeWaitSpreadsOneToThreeTimesEstablishedDriftingAndIsCappedByMaxTwBuckets() {
        host.loadTrend(at -> 1);
        int bursts = 0;
        double previousRatio = 0;
        double jumps = 0;
        for (int i = 0; i < 300; i++) {
            HostSnapshot snapshot = host.snapshot(T0.plusSeconds(i));
            double ratio = (double) snapshot.count(TcpState.TIME_WAIT) / snapshot.count(TcpState.ESTABLISHED);
            assertTrue(ratio >= 0.99 && ratio <= 9.01, "1-3x, or up to 3x that in a burst: " + ratio);
            bursts += ratio > 3.01 ? 1 : 0;
            jumps += i == 0 ? 0 : Math.abs(ratio - previousRatio);
            previousRatio = ratio;
        }
        assertTrue(bursts < 60, "bursts are rare: " + bursts);
        assertTrue(jumps / 299 < 0.75, "AR(1) noise drifts rather than jumps: mean step " + jumps / 299);

        host.handle(command("tw", TuningCommand.Action.APPLY, Map.of("net.ipv4.tcp_max_tw_buckets", "1024"), false,
                null), T0);
        for (int i = 0; i < 20; i++) {
            assertTrue(host.snapshot(T0.plusSeconds(300 + i)).count(TcpState.TIME_WAIT) <= 1024);
        }
    }

    @Test
    void aSharedLoadTrendMovesTheHostsLevel() {
        host.loadTrend(at -> at.isBefore(T0.plusSeconds(100)) ? 1 : 3);
        double low = 0;
        double high = 0;
        for (int i = 0; i < 50; i++) {
            low += host.snapshot(T0.plusSeconds(i)).count(TcpState.ESTABLISHED);
            high += host.snapshot(T0.plusSeconds(100 + i)).count(TcpState.ESTABLISHED);
        }
        assertTrue(high > 2.5 * low, low + " then " + high);
    }

    @Test
    void aStressTestReportsEveryConnectionAndAHistogramOfTheSuccessfulOnes() {
        StressRequest request = new StressRequest(StressRequest.SCHEMA_VERSION, "c1", StressKind.CONNECT_LOAD,
                "10.0.0.5", 80, 2_000, 10, 500, null, null, 0, 5_000, 60_000);
        StressResult result = host.stress(request, T0);
        assertEquals(2_000, result.attempted());
        assertEquals(2_000, result.successes() + result.failed());
        assertEquals(result.successes(), result.latency().count());
        assertEquals(4_000, result.elapsedMillis(), "2,000 connections at 500 per second");
    }
}
