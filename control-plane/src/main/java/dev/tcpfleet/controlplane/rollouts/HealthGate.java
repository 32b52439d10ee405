package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.judge.VerdictView;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TuningOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a wave is healthy enough to go on. Each host first: missing data is never health, so a host with
 * no answer, no snapshot since its apply or no figure fails the gate, or makes it wait while waiting is allowed.
 * Then each metric check, by the canary judge's verdict on the wave's hosts against baseline hosts
 * (domain/judge/DESIGN.md): WORSE fails; INCONCLUSIVE extends the bake while extensions are left, then is treated as
 * missing data; BETTER and NO_DIFFERENCE pass.
 */
public final class HealthGate {
    /** What to do when a host's data is missing once the bake is over. */
    public enum MissingData { FAIL, WAIT }

    public enum Verdict { PASS, WAIT, FAIL }

    /**
     * What is known about one host of the wave.
     *
     * @param outcome       the agent's answer to the wave's apply, null while none
     * @param answerOverdue whether the time to answer is over
     * @param firingAlerts  alerts firing on the host since the wave was sent
     * @param before        its last snapshot before the wave, null if none
     * @param after         its snapshots since it applied, oldest first
     */
    public record HostEvidence(String hostId, TuningOutcome outcome, boolean answerOverdue, List<String> firingAlerts,
            HostSnapshot before, List<HostSnapshot> after) {
        public HostEvidence {
            firingAlerts = List.copyOf(firingAlerts);
            after = List.copyOf(after);
        }
    }

    /** A metric before the wave and its worst value after: shown, no longer judged alone (the checks judge). */
    public record Reading(Double before, Double after) {
    }

    public record HostGate(String hostId, Verdict verdict, List<String> reasons, Map<String, Reading> metrics) {
    }

    /**
     * @param checks     the judge's verdict on each metric check (none for gates stored before the judge)
     * @param reasons    why the checks failed or held the wave, if they did
     * @param extensions how many times inconclusive checks extended the bake, this judgement's included
     * @param extend     whether this judgement extends the bake
     */
    public record Result(Verdict verdict, List<HostGate> hosts, List<VerdictView> checks, List<String> reasons,
            Integer extensions, Boolean extend) {
        public Result {
            // gates stored before the judge have none of these
            checks = checks == null ? List.of() : List.copyOf(checks);
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            extensions = extensions == null ? 0 : extensions;
            extend = extend != null && extend;
        }
    }

    /** How far the bake of a wave was extended, and may be. */
    public record Extensions(int done, int allowed) {
    }

    private HealthGate() {
    }

    /**
     * @param judged  the judge's verdict on each metric check
     * @param mayWait whether missing data may still arrive (the wait allowed past the bake is not over)
     */
    public static Result evaluate(List<HostEvidence> hosts, List<MetricCheck> checks, List<VerdictView> judged,
            MissingData missingData, boolean mayWait, Extensions extensions) {
        boolean waitOnMissing = missingData == MissingData.WAIT && mayWait;
        List<HostGate> gates = hosts.stream().map(host -> evaluate(host, checks, waitOnMissing)).toList();
        Verdict verdict = gates.stream().map(HostGate::verdict).reduce(Verdict.PASS, HealthGate::worst);
        List<String> reasons = new ArrayList<>();
        Verdict checked = Verdict.PASS;
        boolean extend = false;
        for (VerdictView check : judged) {
            if (check.is(dev.tcpfleet.domain.judge.Verdict.Result.WORSE)) {
                checked = Verdict.FAIL;
                reasons.add(check.summary());
            }
        }
        List<VerdictView> inconclusive = judged.stream()
                .filter(check -> check.is(dev.tcpfleet.domain.judge.Verdict.Result.INCONCLUSIVE)).toList();
        if (checked == Verdict.PASS && !inconclusive.isEmpty()) {
            inconclusive.forEach(check -> reasons.add(check.summary()));
            if (extensions.done() < extensions.allowed()) {
                checked = Verdict.WAIT;
                extend = true;
            } else if (waitOnMissing) {
                checked = Verdict.WAIT;
            } else {
                checked = Verdict.FAIL;
                reasons.add(0, "inconclusive after " + extensions.done() + " extension"
                        + (extensions.done() == 1 ? "" : "s") + " of the bake");
            }
        }
        return new Result(worst(verdict, checked), gates, judged, reasons,
                extensions.done() + (extend ? 1 : 0), extend);
    }

    private static Verdict worst(Verdict a, Verdict b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static HostGate evaluate(HostEvidence host, List<MetricCheck> checks, boolean waitOnMissing) {
        List<String> failures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Reading> metrics = new LinkedHashMap<>();
        if (host.outcome() == null) {
            (host.answerOverdue() ? failures : missing).add("no answer to the apply"
                    + (host.answerOverdue() ? " in time" : " yet"));
        } else if (host.outcome() != TuningOutcome.APPLIED && host.outcome() != TuningOutcome.UNCHANGED) {
            failures.add("the apply ended " + host.outcome());
        }
        host.firingAlerts().forEach(alert -> failures.add("alert firing: " + alert));
        if (host.after().isEmpty()) {
            missing.add("no snapshot since the apply");
        }
        for (MetricCheck check : checks) {
            Double before = host.before() == null ? null : check.valueIn(host.before());
            Double after = host.after().stream().map(check::valueIn).filter(Objects::nonNull)
                    .max(Double::compare).orElse(null);
            metrics.put(check.metric().apiName(), new Reading(before, after));
            if (before == null || after == null) {
                missing.add("no " + check.metric().apiName() + (before == null ? " before the wave" : " since the apply"));
            }
        }
        Verdict verdict;
        List<String> reasons = new ArrayList<>(failures);
        if (!failures.isEmpty()) {
            verdict = Verdict.FAIL;
        } else if (missing.isEmpty()) {
            verdict = Verdict.PASS;
        } else {
            // a host whose time to answer is not over is waited for whatever the policy: nothing is missing yet
            boolean answerPending = host.outcome() == null && !host.answerOverdue();
            verdict = waitOnMissing || answerPending ? Verdict.WAIT : Verdict.FAIL;
        }
        reasons.addAll(missing);
        return new HostGate(host.hostId(), verdict, List.copyOf(reasons), Collections.unmodifiableMap(metrics));
    }
}
