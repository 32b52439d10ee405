package dev.tcpfleet.controlplane.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.judge.VerdictView;
import dev.tcpfleet.controlplane.rollouts.HealthGate.HostEvidence;
import dev.tcpfleet.controlplane.rollouts.HealthGate.MissingData;
import dev.tcpfleet.controlplane.rollouts.HealthGate.Verdict;
import dev.tcpfleet.domain.judge.Verdict.Result;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.TuningOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthGateTest {
    private static final List<MetricCheck> TIME_WAIT = List.of(new MetricCheck(SnapshotMetric.TIME_WAIT, 20, 5));

    private static final HealthGate.Extensions NO_EXTENSIONS = new HealthGate.Extensions(0, 2);

    /** A verdict of the judge on the time_wait check; its summary names its result. */
    private static VerdictView check(Result result) {
        return new VerdictView("time_wait", result.name(), "baseline", false, dev.tcpfleet.domain.judge.Verdict.TEST,
                1.0, 0.01, 0, null, 1, null, null, null, "time_wait " + result.name());
    }

    static Stream<Arguments> checks() {
        // name, verdict, missing data policy, extensions done, expected gate, extends the bake
        return Stream.of(
                Arguments.of("better passes", Result.BETTER, MissingData.FAIL, 0, Verdict.PASS, false),
                Arguments.of("no difference passes", Result.NO_DIFFERENCE, MissingData.FAIL, 0, Verdict.PASS, false),
                Arguments.of("worse fails", Result.WORSE, MissingData.WAIT, 0, Verdict.FAIL, false),
                Arguments.of("inconclusive extends the bake", Result.INCONCLUSIVE, MissingData.FAIL, 0, Verdict.WAIT,
                        true),
                Arguments.of("inconclusive extends it again", Result.INCONCLUSIVE, MissingData.FAIL, 1, Verdict.WAIT,
                        true),
                Arguments.of("inconclusive after the extensions fails", Result.INCONCLUSIVE, MissingData.FAIL, 2,
                        Verdict.FAIL, false),
                Arguments.of("inconclusive after the extensions waits if missing data waits",
                        Result.INCONCLUSIVE, MissingData.WAIT, 2, Verdict.WAIT, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void judgesEachCheckByTheJudgesVerdict(String name, Result result, MissingData missingData, int extended,
            Verdict expected, boolean extend) {
        HealthGate.Result gate = HealthGate.evaluate(
                List.of(host(TuningOutcome.APPLIED, false, List.of(), timeWait(10), timeWait(10))), TIME_WAIT,
                List.of(check(result)), missingData, true, new HealthGate.Extensions(extended, 2));
        assertEquals(expected, gate.verdict());
        assertEquals(extend, gate.extend());
        assertEquals(extended + (extend ? 1 : 0), gate.extensions());
        if (expected == Verdict.FAIL && result == Result.INCONCLUSIVE) {
            assertEquals("inconclusive after 2 extensions of the bake", gate.reasons().get(0));
        }
    }

    private static HostSnapshot timeWait(int count) {
        return HostSnapshot.ofStates(new HostIdentity("h", "h", Map.of(), "test"), Instant.now(), 1,
                Map.of(TcpState.TIME_WAIT, count, TcpState.ESTABLISHED, 1));
    }

    private static HostEvidence host(TuningOutcome outcome, boolean overdue, List<String> alerts, HostSnapshot before,
            HostSnapshot... after) {
        return new HostEvidence("h", outcome, overdue, alerts, before, List.of(after));
    }

    static Stream<Arguments> cases() {
        TuningOutcome applied = TuningOutcome.APPLIED;
        return Stream.of(
                Arguments.of("healthy", host(applied, false, List.of(), timeWait(100), timeWait(110)),
                        MissingData.FAIL, Verdict.PASS),
                Arguments.of("unchanged is healthy", host(TuningOutcome.UNCHANGED, false, List.of(), timeWait(0),
                        timeWait(4)), MissingData.FAIL, Verdict.PASS),
                Arguments.of("one high sample alone fails nothing: the judge compares distributions",
                        host(applied, false, List.of(), timeWait(100), timeWait(110), timeWait(300)),
                        MissingData.FAIL, Verdict.PASS),
                Arguments.of("agent rolled back", host(TuningOutcome.ROLLED_BACK, false, List.of(), timeWait(1),
                        timeWait(1)), MissingData.WAIT, Verdict.FAIL),
                Arguments.of("agent rejected", host(TuningOutcome.REJECTED, false, List.of(), timeWait(1),
                        timeWait(1)), MissingData.FAIL, Verdict.FAIL),
                Arguments.of("alert firing", host(applied, false, List.of("HighRetransmits"), timeWait(1),
                        timeWait(1)), MissingData.FAIL, Verdict.FAIL),
                Arguments.of("no answer in time", host(null, true, List.of(), timeWait(1), timeWait(1)),
                        MissingData.WAIT, Verdict.FAIL),
                Arguments.of("answer still due", host(null, false, List.of(), timeWait(1)), MissingData.FAIL,
                        Verdict.WAIT),
                Arguments.of("no snapshot after, fail", host(applied, false, List.of(), timeWait(1)),
                        MissingData.FAIL, Verdict.FAIL),
                Arguments.of("no snapshot after, wait", host(applied, false, List.of(), timeWait(1)),
                        MissingData.WAIT, Verdict.WAIT),
                Arguments.of("no snapshot before, fail", host(applied, false, List.of(), null, timeWait(1)),
                        MissingData.FAIL, Verdict.FAIL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, HostEvidence host, MissingData missingData, Verdict expected) {
        assertEquals(expected, HealthGate.evaluate(List.of(host), TIME_WAIT, List.of(), missingData, true, NO_EXTENSIONS)
                .verdict());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverWaitsOnceWaitingIsOver(String name, HostEvidence host, MissingData missingData, Verdict expected) {
        Verdict verdict = HealthGate.evaluate(List.of(host), TIME_WAIT, List.of(), missingData, false,
                NO_EXTENSIONS).verdict();
        boolean answerDue = host.outcome() == null && !host.answerOverdue();
        assertEquals(expected == Verdict.WAIT && !answerDue ? Verdict.FAIL : expected, verdict);
    }

    @org.junit.jupiter.api.Test
    void aWorseCheckFailsTheWaveAndReadingsAreReported() {
        HealthGate.Result result = HealthGate.evaluate(List.of(
                host(TuningOutcome.APPLIED, false, List.of(), timeWait(10), timeWait(10)),
                new HostEvidence("bad", TuningOutcome.APPLIED, false, List.of(), timeWait(10),
                        List.of(timeWait(12), timeWait(90)))), TIME_WAIT, List.of(check(Result.WORSE)),
                MissingData.WAIT, true, NO_EXTENSIONS);

        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("time_wait WORSE"), result.reasons());
        assertEquals(new HealthGate.Reading(10.0, 90.0), result.hosts().get(1).metrics().get("time_wait"));
        assertEquals(Verdict.PASS, result.hosts().get(0).verdict());
    }
}
