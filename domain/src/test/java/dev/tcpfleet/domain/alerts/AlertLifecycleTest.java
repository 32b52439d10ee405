package dev.tcpfleet.domain.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.alerts.AlertRule.Scope;
import dev.tcpfleet.domain.alerts.AlertRule.Severity;
import dev.tcpfleet.domain.alerts.AlertState.Status;
import dev.tcpfleet.domain.metrics.CampaignMetric;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AlertLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final AlertRule TIME_WAIT = new AlertRule("tw", Scope.HOST, SnapshotMetric.TIME_WAIT, null,
            Comparison.ABOVE, 10_000, 9_000, Duration.ofSeconds(60), Severity.WARNING);

    /** The statuses after each {seconds after T0, value} sample, in order. */
    private static List<Status> run(AlertRule rule, double[][] samples) {
        AlertState state = AlertState.initial();
        List<Status> statuses = new ArrayList<>();
        for (double[] sample : samples) {
            state = AlertLifecycle.next(rule, state, sample[1], T0.plusSeconds((long) sample[0]));
            statuses.add(state.status());
        }
        return statuses;
    }

    @Test
    void firesExactlyWhenTheBreachHasLastedItsDurationAndResolvesPastTheClearThreshold() {
        assertEquals(List.of(Status.OK, Status.PENDING, Status.PENDING, Status.FIRING, Status.FIRING,
                Status.RESOLVED), run(TIME_WAIT, new double[][] {
                        {0, 10_000}, {10, 10_001}, {69, 12_000}, {70, 12_000}, {80, 9_500}, {90, 9_000}}));
    }

    @Test
    void hysteresisKeepsAHoveringValueFromFlapping() {
        assertEquals(List.of(Status.PENDING, Status.FIRING, Status.FIRING, Status.FIRING, Status.FIRING),
                run(TIME_WAIT, new double[][] {{0, 10_001}, {60, 10_001}, {70, 9_999}, {80, 10_001}, {90, 9_001}}));
    }

    @Test
    void aPendingAlertThatRecoversNeverFiresAndItsTimerStartsAgain() {
        assertEquals(List.of(Status.PENDING, Status.OK, Status.PENDING, Status.PENDING, Status.FIRING),
                run(TIME_WAIT, new double[][] {{0, 11_000}, {50, 100}, {55, 11_000}, {100, 11_000}, {115, 11_000}}));
    }

    @Test
    void zeroDurationFiresAtOnceAndBelowRulesMirrorAboveOnes() {
        AlertRule noWait = new AlertRule("lo", Scope.HOST, SnapshotMetric.LISTEN_OVERFLOWS_PER_S, null,
                Comparison.ABOVE, 0, 0, Duration.ZERO, Severity.CRITICAL);
        assertEquals(List.of(Status.OK, Status.FIRING, Status.RESOLVED), run(noWait,
                new double[][] {{0, 0}, {10, 0.1}, {20, 0}}));
        AlertRule tooFew = new AlertRule("few", Scope.HOST, SnapshotMetric.ESTABLISHED, null, Comparison.BELOW,
                10, 20, Duration.ZERO, Severity.WARNING);
        assertEquals(List.of(Status.FIRING, Status.FIRING, Status.RESOLVED), run(tooFew,
                new double[][] {{0, 5}, {10, 15}, {20, 20}}));
    }

    @Test
    void lateOrRedeliveredSnapshotsDoNotRewindTheState() {
        AlertState firing = AlertLifecycle.next(TIME_WAIT, new AlertState(Status.PENDING, T0, 11_000, T0),
                12_000, T0.plusSeconds(60));
        assertEquals(Status.FIRING, firing.status());
        assertEquals(firing, AlertLifecycle.next(TIME_WAIT, firing, 1, T0.plusSeconds(30)));
    }

    @Test
    void aFleetRuleRunsTheSameLifecycleOnItsAggregate() {
        AlertRule fleet = new AlertRule("fleet-tw", Scope.FLEET, SnapshotMetric.TIME_WAIT, FleetAggregate.SUM,
                Comparison.ABOVE, 10_000, 9_000, Duration.ofSeconds(60), Severity.WARNING);
        double[][] sums = {{0, 10_001}, {59, 10_001}, {60, 10_001}, {70, 9_999}, {80, 9_001}, {90, 9_000}};
        assertEquals(List.of(Status.PENDING, Status.PENDING, Status.FIRING, Status.FIRING, Status.FIRING,
                Status.RESOLVED), run(fleet, sums));
        assertEquals(run(TIME_WAIT, sums), run(fleet, sums));
    }

    @Test
    void partsThatDoNotFitAreRefusedNamingTheField() {
        assertRefused("clearThreshold", () -> new AlertRule("bad", Scope.HOST, SnapshotMetric.TIME_WAIT, null,
                Comparison.ABOVE, 10, 11, Duration.ZERO, Severity.INFO));
        assertRefused("aggregate", () -> new AlertRule("bad", Scope.HOST, SnapshotMetric.TIME_WAIT,
                FleetAggregate.MAX, Comparison.ABOVE, 10, 10, Duration.ZERO, Severity.INFO));
        assertRefused("aggregate", () -> new AlertRule("bad", Scope.FLEET, SnapshotMetric.TIME_WAIT, null,
                Comparison.ABOVE, 10, 10, Duration.ZERO, Severity.INFO));
        assertRefused("metric", () -> new AlertRule("bad", Scope.HOST, CampaignMetric.ERROR_RATE, null,
                Comparison.ABOVE, 0.05, 0.04, Duration.ZERO, Severity.INFO));
        assertRefused("metric", () -> new AlertRule("bad", Scope.CAMPAIGN, SnapshotMetric.TIME_WAIT, null,
                Comparison.ABOVE, 10, 10, Duration.ZERO, Severity.INFO));
        assertRefused("forSeconds", () -> new AlertRule("bad", Scope.CAMPAIGN, CampaignMetric.ERROR_RATE, null,
                Comparison.ABOVE, 0.05, 0.04, Duration.ofSeconds(60), Severity.INFO));
    }

    private static void assertRefused(String field, Executable rule) {
        assertEquals(field, assertThrows(InvalidAlertRuleException.class, rule).field());
    }
}
