package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.AlertEventStore;
import dev.tcpfleet.controlplane.alerts.AlertRuleStore;
import dev.tcpfleet.controlplane.commands.CommandService;
import dev.tcpfleet.controlplane.commands.CommandView;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.judge.JudgeMetrics;
import dev.tcpfleet.controlplane.judge.JudgeSettings;
import dev.tcpfleet.controlplane.judge.VerdictView;
import dev.tcpfleet.controlplane.rollouts.RolloutView;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.judge.CanaryJudge;
import dev.tcpfleet.domain.judge.Verdict;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TuningOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The closed loop's judgement of an automated apply once its rollout completed: the alert's figure on the hosts
 * that applied (the canary) against the rollout's baseline hosts (the alert rule's other hosts), by the canary judge
 * (domain/judge/DESIGN.md). After is the time since the last host's apply, judged once the effect window
 * ({@code tcpfleet.changes.effect-window}) is over; before is as long, up to when the breach that fired the alert
 * began (when it fired, less the alert rule's {@code forSeconds}), so that breach is not the canary's "before".
 * Baseline hosts another apply or rollback
 * was sent to within the windows are left out; at most 50 canary hosts are judged. An
 * inconclusive verdict is judged again next tick, both windows longer, until {@code tcpfleet.judge.closed-loop-max-wait}
 * past the effect window.
 */
@ApplicationScoped
public class ClosedLoopJudge {
    private static final int SNAPSHOTS_PER_WINDOW = 1000;

    private final CommandService commands;
    private final SnapshotStore snapshots;
    private final JudgeMetrics metrics;
    private final AlertRuleStore alertRules;
    private final AlertEventStore alertEvents;
    private final ControlPlaneConfig config;

    ClosedLoopJudge(CommandService commands, SnapshotStore snapshots, JudgeMetrics metrics,
            AlertRuleStore alertRules, AlertEventStore alertEvents, ControlPlaneConfig config) {
        this.commands = commands;
        this.alertRules = alertRules;
        this.alertEvents = alertEvents;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * @param verdict null when no host changed a setting (nothing to judge)
     * @param stored  what the action's {@code judgement} keeps: the verdict and each host's median before and after
     */
    public record Judgement(VerdictView verdict, Map<String, Object> stored) {
        public boolean is(Verdict.Result result) {
            return verdict != null && verdict.is(result);
        }
    }

    /** The judgement, or empty while the effect window runs or an inconclusive verdict may still settle. */
    @Transactional
    public Optional<Judgement> judge(AutomationAction action, RolloutView rollout, Instant now) {
        Instant lastApplied = null;
        List<String> canary = new ArrayList<>();
        for (RolloutView.WaveView wave : rollout.waves()) {
            for (CommandView.HostView host : commands.get(wave.applyCommandId()).hosts()) {
                if (!TuningOutcome.APPLIED.name().equals(host.outcome())) {
                    continue; // it changed nothing: nothing to judge or undo
                }
                canary.add(host.hostId());
                Instant applied = host.finishedAt() == null ? wave.sentAt() : host.finishedAt();
                lastApplied = lastApplied == null || applied.isAfter(lastApplied) ? applied : lastApplied;
            }
        }
        if (canary.isEmpty()) {
            return Optional.of(new Judgement(null, Map.of("reasons", List.of("no host changed a setting"))));
        }
        Instant effectEnd = lastApplied.plus(config.changes().effectWindow());
        if (now.isBefore(effectEnd.plus(config.changes().lateSnapshots()))) {
            return Optional.empty();
        }
        boolean mayWait = now.isBefore(effectEnd.plus(config.judge().closedLoopMaxWait()));
        SnapshotMetric metric = SnapshotMetric.byApiName(action.metric()).orElseThrow();
        // Before ends when the breach that fired the alert began (it fired forSeconds later), not when the apply was
        // sent: from then on the canary's figure is the breach, and its ageing out is no credit to the change. As
        // long as the after window, which grows while the verdict is inconclusive.
        Duration pending = alertRules.find(action.alertRule()).map(r -> r.rule().forDuration()).orElse(Duration.ZERO);
        Instant beforeTo = alertEvents.at(action.alertEventId()).orElse(action.createdAt()).minus(pending);
        Instant beforeFrom = beforeTo.minus(Duration.between(lastApplied, now));
        // a baseline host another change moved within the windows says nothing about what this one did
        List<String> changedElsewhere = commands.hostsChangedBetween(rollout.spec().baselineHosts(), beforeFrom,
                now);
        Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
        List<CanaryJudge.HostSeries> canarySeries = new ArrayList<>();
        for (String host : canary.stream().limit(JudgeSettings.MAX_CANARY_HOSTS).toList()) {
            canarySeries.add(series(host, metric, beforeFrom, beforeTo, lastApplied, now, figures));
        }
        List<CanaryJudge.HostSeries> baselineSeries = new ArrayList<>();
        for (String host : rollout.spec().baselineHosts()) {
            if (!changedElsewhere.contains(host)) {
                baselineSeries.add(series(host, metric, beforeFrom, beforeTo, lastApplied, now, null));
            }
        }
        CanaryJudge.Direction direction = AlertRule.Comparison.valueOf(action.comparison())
                == AlertRule.Comparison.ABOVE ? CanaryJudge.Direction.HIGHER_IS_WORSE
                : CanaryJudge.Direction.LOWER_IS_WORSE;
        Verdict verdict = JudgeSettings.noting(CanaryJudge.judge(metric.apiName(), direction, canarySeries,
                baselineSeries, new Verdict.Window(lastApplied, now), JudgeSettings.of(config.judge(),
                        config.automation().worseTolerance() * 100, config.automation().worseFloor())),
                changedElsewhere.size());
        if (verdict.result() == Verdict.Result.INCONCLUSIVE && mayWait) {
            return Optional.empty();
        }
        metrics.counted(JudgeMetrics.Source.CLOSED_LOOP, verdict.result());
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("verdict", VerdictView.of(verdict));
        stored.put("hosts", figures);
        return Optional.of(new Judgement(VerdictView.of(verdict), stored));
    }

    /** One host's figures over both windows; for a canary host, its medians go into {@code figures}. */
    private CanaryJudge.HostSeries series(String host, SnapshotMetric metric, Instant beforeFrom, Instant beforeTo,
            Instant afterFrom, Instant afterTo, Map<String, Map<String, Double>> figures) {
        List<Double> before = values(snapshots.newest(host, beforeFrom, beforeTo, SNAPSHOTS_PER_WINDOW), metric);
        List<Double> after = values(snapshots.newest(host, afterFrom, afterTo, SNAPSHOTS_PER_WINDOW), metric);
        if (figures != null) {
            Map<String, Double> medians = new LinkedHashMap<>();
            medians.put("before", before.isEmpty() ? null : CanaryJudge.median(before));
            medians.put("after", after.isEmpty() ? null : CanaryJudge.median(after));
            figures.put(host, medians);
        }
        return new CanaryJudge.HostSeries(host, before, after);
    }

    private static List<Double> values(List<HostSnapshot> snapshots, SnapshotMetric metric) {
        List<Double> values = new ArrayList<>();
        for (HostSnapshot snapshot : snapshots) {
            OptionalDouble value = metric.of(snapshot);
            if (value.isPresent()) {
                values.add(value.getAsDouble());
            }
        }
        return values;
    }
}
