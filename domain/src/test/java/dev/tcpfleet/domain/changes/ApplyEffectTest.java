package dev.tcpfleet.domain.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpCounters;
import dev.tcpfleet.protocol.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplyEffectTest {
    private static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of(), "test");
    private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");

    /** TIME_WAIT and ESTABLISHED sockets, and a retransmit rate unless null (as on an agent's first snapshot). */
    private static HostSnapshot snapshot(int secondsAfter, int timeWait, int established, Double retransmits) {
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION, HOST, AT.plusSeconds(secondsAfter), 100,
                Map.of(TcpState.TIME_WAIT, timeWait, TcpState.ESTABLISHED, established), null, null, null, null, null,
                retransmits == null ? null : new TcpCounters(Map.of(), Map.of("RetransSegs", retransmits), 10.0,
                        List.of()), null, null, null, null, null, null, null, null, null);
    }

    @Test
    void eachFigureBeforeIsSetAgainstItsMeanAfter() {
        ApplyEffect effect = ApplyEffect.measure(snapshot(0, 12000, 40, 30.0),
                List.of(snapshot(60, 3000, 50, 10.0), snapshot(70, 2000, 40, 20.0), snapshot(80, 1000, 30, 0.0)));

        assertEquals(AT, effect.baselineAt());
        assertEquals(3, effect.snapshotsAfter());
        assertEquals(new ApplyEffect.Figure(12000, 2000, 3), effect.figures().get(SnapshotMetric.TIME_WAIT));
        assertEquals(new ApplyEffect.Figure(40, 40, 3), effect.figures().get(SnapshotMetric.ESTABLISHED));
        assertEquals(new ApplyEffect.Figure(30, 10, 3), effect.figures().get(SnapshotMetric.RETRANSMITS_PER_S));
        assertEquals(new ApplyEffect.Figure(12040, 2040, 3), effect.figures().get(SnapshotMetric.SOCKETS));
        assertEquals(-10000, effect.figure(SnapshotMetric.TIME_WAIT).orElseThrow().change());
        assertEquals(0, effect.figure(SnapshotMetric.SYN_RECV).orElseThrow().after(), "no socket in a state is 0");
    }

    @Test
    void aMetricEitherSideLacksIsLeftOutAndOneSomeSnapshotsAfterLackIsAveragedOverTheRest() {
        ApplyEffect noRateBefore = ApplyEffect.measure(snapshot(0, 100, 1, null), List.of(snapshot(60, 50, 1, 5.0)));
        assertEquals(Optional.empty(), noRateBefore.figure(SnapshotMetric.RETRANSMITS_PER_S));
        assertEquals(Optional.empty(), noRateBefore.figure(SnapshotMetric.LOAD1), "no snapshot carries it");
        assertTrue(noRateBefore.figure(SnapshotMetric.TIME_WAIT).isPresent());

        ApplyEffect restartedAgent = ApplyEffect.measure(snapshot(0, 100, 1, 8.0),
                List.of(snapshot(60, 50, 1, null), snapshot(70, 50, 1, 4.0)));
        assertEquals(new ApplyEffect.Figure(8, 4, 1), restartedAgent.figures().get(SnapshotMetric.RETRANSMITS_PER_S));
        assertEquals(2, restartedAgent.snapshotsAfter());
    }

    @Test
    void noSnapshotAfterOrNoneBeforeIsAnEffectWithNoFigures() {
        ApplyEffect silent = ApplyEffect.measure(snapshot(0, 100, 1, 1.0), List.of());
        assertEquals(0, silent.snapshotsAfter());
        assertEquals(Map.of(), silent.figures());
        assertEquals(AT, silent.baselineAt());

        ApplyEffect noBaseline = ApplyEffect.measure(null, List.of(snapshot(60, 50, 1, 5.0)));
        assertNull(noBaseline.baselineAt());
        assertEquals(1, noBaseline.snapshotsAfter());
        assertEquals(Map.of(), noBaseline.figures());
    }
}
