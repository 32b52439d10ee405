package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.Ids;
import dev.tcpfleet.controlplane.api.RuleNames;
import dev.tcpfleet.controlplane.audit.AuditLog;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.commands.CommandPlan;
import dev.tcpfleet.controlplane.commands.CommandService;
import dev.tcpfleet.controlplane.commands.CommandView;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.controlplane.judge.JudgeMetrics;
import dev.tcpfleet.controlplane.judge.JudgeSettings;
import dev.tcpfleet.controlplane.judge.VerdictView;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.profiles.ProfileView;
import dev.tcpfleet.controlplane.rollouts.RolloutStore.StoredRollout;
import dev.tcpfleet.controlplane.rollouts.RolloutStore.Wave;
import dev.tcpfleet.domain.judge.CanaryJudge;
import dev.tcpfleet.domain.judge.Verdict;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TuningOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** Creates rollouts, answers for them, takes operators' orders, and advances each one step for the driver. */
@ApplicationScoped
public class RolloutService {
    private static final Logger LOG = Logger.getLogger(RolloutService.class);
    private static final int SNAPSHOTS_PER_GATE = 200;
    private static final int MAX_TOLERATED_ALERTS = 20;
    /** The most baseline hosts a gate compares a wave with: enough for the test, bounded in snapshots read. */
    public static final int MAX_BASELINE_HOSTS = 50;
    /** What requests called the gate's figures before the API spoke one vocabulary: still accepted, never shown. */
    private static final Map<String, SnapshotMetric> FORMER_NAMES = Map.of("timeWait", SnapshotMetric.TIME_WAIT,
            "listenOverflowsPerSecond", SnapshotMetric.LISTEN_OVERFLOWS_PER_S,
            "retransmitsPerSecond", SnapshotMetric.RETRANSMITS_PER_S);

    private final RolloutStore store;
    private final CommandService commands;
    private final ProfileService profiles;
    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    private final AlertSource alerts;
    private final AuditLog audit;
    private final JudgeMetrics judgeMetrics;
    private final ControlPlaneConfig.Rollouts config;
    private final ControlPlaneConfig.Judge judgeConfig;

    RolloutService(RolloutStore store, CommandService commands, ProfileService profiles, HostRegistry hosts,
            SnapshotStore snapshots, AlertSource alerts, AuditLog audit, JudgeMetrics judgeMetrics,
            ControlPlaneConfig config) {
        this.store = store;
        this.commands = commands;
        this.profiles = profiles;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.alerts = alerts;
        this.audit = audit;
        this.judgeMetrics = judgeMetrics;
        this.config = config.rollouts();
        this.judgeConfig = config.judge();
    }

    public RolloutView create(RolloutRequest request, Actor startedBy) {
        return create(UUID.randomUUID().toString(), request, startedBy);
    }

    /**
     * Creates the rollout under {@code id}, or answers the one already stored under it: a caller that may crash
     * between creating and recording a rollout (automation) chooses the id first and asks again. Its applies are
     * attributed to {@code startedBy}, and it belongs to {@code startedBy}'s action if any.
     */
    public RolloutView create(String id, RolloutRequest request, Actor startedBy) {
        if (store.find(id).isPresent()) {
            return get(id);
        }
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"profile\": ..., \"selector\": {...}} is required");
        }
        if (request.profile() == null || request.profile().isBlank()) {
            throw Refused.invalid("profile", "profile is required: the name of a profile");
        }
        if (request.version() != null && request.version() < 1) {
            throw Refused.invalid("version", "version is 1 or more; leave it out for the newest");
        }
        List<String> hostIds = hostIds(request);
        RolloutSpec spec = new RolloutSpec(WavePlan.of(request.canary(), request.percentages()), bakeSeconds(request),
                missingData(request.onMissingData()), request.autoRollback() == null || request.autoRollback(),
                metricChecks(request.metricChecks()), toleratedAlerts(request.toleratedAlerts()),
                baselineHosts(request.baseline(), hostIds));
        List<String> unknown = spec.toleratedAlerts().stream().filter(name -> !alerts.canFire(name)).toList();
        if (!unknown.isEmpty()) {
            throw Refused.invalid("toleratedAlerts", "no alert rule is named " + String.join(", ", unknown)
                    + ": a gate can tolerate only an alert that can fire (see /api/alerts/rules)");
        }
        ProfileView profile = profile(request);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<List<String>> plan = request.dryRun() ? List.of(hostIds) : spec.plan().waves(hostIds);
        List<RolloutStore.NewWave> waves = plan.stream().map(wave -> new RolloutStore.NewWave(wave,
                UUID.randomUUID().toString(), UUID.randomUUID().toString())).toList();
        RolloutState state = request.dryRun() ? RolloutState.DRY_RUN : RolloutState.RUNNING;
        store.insertIfFree(new StoredRollout(id, profile.name(), profile.version(), spec, state, null, 0, now, now,
                startedBy.name(), null, startedBy.actionId()), waves, config.maxActive()).ifPresent(refusal -> {
                    throw Refused.conflict(refusal.error(), refusal.field(), refusal.detail());
                });
        if (request.dryRun()) {
            // nothing to drive: the one wave is the whole fleet, and each host's answer is its diff
            CommandView dryRun = commands.issue(waves.get(0).applyCommandId(),
                    CommandPlan.apply(profile.name(), profile.version(), true, hostIds), startedBy, id);
            store.markSent(id, 0, dryRun.createdAt());
        }
        return get(id);
    }

    /** Whether a rollout is stored under {@code id}, dry runs included. */
    public boolean exists(String id) {
        return store.find(id).isPresent();
    }

    public RolloutView get(String id) {
        StoredRollout rollout = find(id);
        return view(rollout, store.waves(id));
    }

    public List<RolloutView> newest(int limit) {
        return store.newestIds(limit).stream().map(this::get).toList();
    }

    public RolloutView pause(String id) {
        return order(id, List.of(RolloutState.RUNNING), RolloutState.PAUSED, null, null,
                "only a running rollout pauses");
    }

    public RolloutView resume(String id) {
        return order(id, List.of(RolloutState.PAUSED), RolloutState.RUNNING, null, null,
                "only a paused rollout resumes");
    }

    /** Stops the rollout and rolls back every host it changed, attributing the rollback to {@code by}. */
    public RolloutView abort(String id, Actor by) {
        return order(id, List.of(RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED),
                RolloutState.ROLLING_BACK, "aborted by an operator", by,
                "a rollout that has ended cannot be aborted");
    }

    /**
     * An operator's rollback of a completed or halted rollout: the hosts it changed are rolled back wave by wave, the
     * last wave first, as the driver goes. Refused (409) for a running rollout (abort it), a dry run, one rolled
     * back already, or a completed one whose hosts another active rollout holds now ({@code hosts_busy}).
     */
    public RolloutView rollback(String id, Actor by) {
        find(id).state().rollbackRefusal().ifPresent(refusal -> {
            throw Refused.conflict(refusal.error(), "state", refusal.detail());
        });
        return reactivate(id, RolloutState.UNDOABLE, "rolled back by an operator", by,
                "only a completed or halted rollout is rolled back");
    }

    /**
     * Rolls back every host of a completed rollout: the closed loop's answer to a profile that made things worse.
     * Refused (409) for a rollout in any other state, or whose hosts another active rollout holds now.
     */
    public RolloutView revert(String id, String reason, Actor by) {
        RolloutView reverted = reactivate(id, List.of(RolloutState.COMPLETED), reason, by,
                "only a completed rollout is reverted");
        // not an API request, which the audit trail would record by itself
        audit.record(by.name(), "rollout.revert", id, Map.of("reason", reason), "rolling back");
        return reverted;
    }

    /**
     * Moves a rollout to ROLLING_BACK. A completed one holds its hosts no more, so it moves only if no other active
     * rollout took one of them since: a host belongs to one active rollout at a time.
     */
    private RolloutView reactivate(String id, List<RolloutState> from, String reason, Actor by, String refusal) {
        StoredRollout rollout = find(id);
        RolloutStore.Reactivation move = store.reactivateIfFree(id, from, RolloutState.ROLLING_BACK, reason, by);
        move.hostsBusy().ifPresent(busy -> {
            throw Refused.conflict("hosts_busy", busy.field(), busy.detail() + "; roll this one back once it ends");
        });
        if (!move.moved()) {
            throw stateConflict(id, refusal);
        }
        LOG.infof("rollout %s: %s → %s", id, rollout.state(), RolloutState.ROLLING_BACK);
        return get(id);
    }

    /** The ids the driver works on: running ones go forward, rolling-back ones back. */
    List<String> driven() {
        List<String> ids = new ArrayList<>(store.idsIn(RolloutState.RUNNING));
        ids.addAll(store.idsIn(RolloutState.ROLLING_BACK));
        return ids;
    }

    /**
     * One step of the state machine (DESIGN.md), from the stored state alone, so a restarted control plane picks up
     * where it was. A command is issued only under the id stored for it, and only if that id is not yet issued.
     */
    void advance(String id) {
        StoredRollout rollout = find(id);
        List<Wave> waves = store.waves(id);
        if (rollout.state() == RolloutState.RUNNING) {
            advanceWave(rollout, waves, waves.get(rollout.currentWave()));
        } else if (rollout.state() == RolloutState.ROLLING_BACK) {
            rollBack(rollout, waves);
        }
    }

    private void advanceWave(StoredRollout rollout, List<Wave> waves, Wave wave) {
        Instant now = Instant.now();
        switch (wave.phase()) {
            case PENDING -> {
                if (!commands.exists(wave.applyCommandId())) {
                    LOG.infof("rollout %s: sending wave %d to %d hosts", rollout.id(), wave.index() + 1,
                            wave.hosts().size());
                    commands.issue(wave.applyCommandId(),
                            CommandPlan.apply(rollout.profile(), rollout.profileVersion(), false, wave.hosts()),
                            rollout.actor(false), rollout.id());
                }
                store.markSent(rollout.id(), wave.index(), commands.get(wave.applyCommandId()).createdAt());
            }
            case ANSWERING -> {
                CommandView apply = commands.get(wave.applyCommandId());
                boolean overdue = now.isAfter(wave.sentAt().plus(config.answerTimeout()));
                boolean answered = apply.hosts().stream().allMatch(h -> h.outcome() != null);
                boolean unhealthy = apply.hosts().stream().anyMatch(h -> h.outcome() != null && !healthy(h.outcome()));
                if (answered || overdue || unhealthy) {
                    // a host already failed or silent fails the gate whatever the bake shows: judge it now
                    boolean failed = unhealthy || !answered;
                    store.startBake(rollout.id(), wave.index(),
                            failed ? now : now.plusSeconds(rollout.spec().bakeSeconds()));
                }
            }
            case BAKING -> {
                if (now.isBefore(wave.bakeUntil())) {
                    return;
                }
                boolean mayWait = now.isBefore(wave.bakeUntil().plus(config.maxGateWait()));
                int extended = wave.gate() == null ? 0 : wave.gate().extensions();
                HealthGate.Result gate = HealthGate.evaluate(evidence(wave, rollout.spec(), now),
                        rollout.spec().metricChecks(), judgeChecks(rollout.spec(), waves, wave, now),
                        rollout.spec().missingData(), mayWait,
                        new HealthGate.Extensions(extended, config.maxBakeExtensions()));
                judge(rollout, wave, waves.size(), gate, now);
            }
            case PASSED, FAILED -> {
                // judged already; the rollout's own state moved on with the verdict
            }
        }
    }

    private void judge(StoredRollout rollout, Wave wave, int waveCount, HealthGate.Result gate, Instant now) {
        if (gate.verdict() != HealthGate.Verdict.WAIT || gate.extend()) {
            gate.checks().forEach(check -> judgeMetrics.counted(JudgeMetrics.Source.GATE, check));
        }
        switch (gate.verdict()) {
            case WAIT -> {
                if (gate.extend()) {
                    LOG.infof("rollout %s: wave %d's bake extended (%d of %d): %s", rollout.id(), wave.index() + 1,
                            gate.extensions(), config.maxBakeExtensions(), String.join("; ", gate.reasons()));
                    store.extendBake(rollout.id(), wave.index(), now.plusSeconds(rollout.spec().bakeSeconds()), gate);
                } else {
                    store.judged(rollout.id(), wave.index(), WavePhase.BAKING, gate);
                }
            }
            case PASS -> {
                store.judged(rollout.id(), wave.index(), WavePhase.PASSED, gate);
                if (wave.index() + 1 < waveCount) {
                    store.nextWave(rollout.id(), wave.index());
                } else {
                    store.transition(rollout.id(), List.of(RolloutState.RUNNING), RolloutState.COMPLETED, null);
                }
                LOG.infof("rollout %s: wave %d passed its gate", rollout.id(), wave.index() + 1);
            }
            case FAIL -> {
                store.judged(rollout.id(), wave.index(), WavePhase.FAILED, gate);
                String reason = "wave " + (wave.index() + 1) + " failed its gate: " + Stream.concat(
                        gate.hosts().stream().filter(h -> h.verdict() != HealthGate.Verdict.PASS)
                                .map(h -> h.hostId() + ": " + String.join("; ", h.reasons())),
                        gate.reasons().isEmpty() ? Stream.empty() : Stream.of(String.join("; ", gate.reasons())))
                        .collect(Collectors.joining(" | "));
                boolean rollBack = rollout.spec().autoRollback();
                if (store.transition(rollout.id(), List.of(RolloutState.RUNNING),
                        rollBack ? RolloutState.ROLLING_BACK : RolloutState.HALTED, reason,
                        rollBack ? Actor.ROLLOUT_GATE : null) && rollBack) {
                    // no request orders it, so the audit trail would not know of it otherwise
                    audit.record(Actor.ROLLOUT_GATE.name(), "rollout.rollback", rollout.id(),
                            Map.of("reason", reason), "rolling back");
                }
                LOG.warnf("rollout %s: %s", rollout.id(), reason);
            }
        }
    }

    /**
     * Rolls back one wave at a time, the last sent first, each once, to the hosts its apply may have changed
     * ({@link RollbackTargets}); the next wave's rollback goes when this one is answered or its answer time is over.
     * Ends the rollout when every wave's is.
     */
    private void rollBack(StoredRollout rollout, List<Wave> waves) {
        Instant now = Instant.now();
        for (int w = waves.size() - 1; w >= 0; w--) {
            Wave wave = waves.get(w);
            if (!commands.exists(wave.applyCommandId())) {
                continue;
            }
            if (commands.exists(wave.rollbackCommandId())) {
                if (!RollbackTargets.over(commands.get(wave.rollbackCommandId()), now, config.answerTimeout())) {
                    return;
                }
                continue;
            }
            List<String> changed = RollbackTargets.changed(commands.get(wave.applyCommandId()));
            if (!changed.isEmpty()) {
                LOG.infof("rollout %s: rolling back wave %d on %d hosts", rollout.id(), wave.index() + 1,
                        changed.size());
                commands.issue(wave.rollbackCommandId(), CommandPlan.rollback(wave.applyCommandId(), changed),
                        rollout.actor(true), rollout.id());
                return;
            }
        }
        store.transition(rollout.id(), List.of(RolloutState.ROLLING_BACK), RolloutState.ROLLED_BACK, null);
    }

    private List<HealthGate.HostEvidence> evidence(Wave wave, RolloutSpec spec, Instant now) {
        CommandView apply = commands.get(wave.applyCommandId());
        boolean overdue = now.isAfter(wave.sentAt().plus(config.answerTimeout()));
        List<HealthGate.HostEvidence> evidence = new ArrayList<>();
        for (CommandView.HostView host : apply.hosts()) {
            Instant appliedAt = host.finishedAt() == null ? wave.sentAt() : host.finishedAt();
            List<String> firing = alerts.firingSince(host.hostId(), wave.sentAt()).stream()
                    .filter(rule -> !spec.toleratedAlerts().contains(rule)).toList();
            evidence.add(new HealthGate.HostEvidence(host.hostId(),
                    host.outcome() == null ? null : TuningOutcome.valueOf(host.outcome()), overdue, firing,
                    snapshots.lastBefore(host.hostId(), wave.sentAt()).orElse(null),
                    snapshots.snapshots(host.hostId(), appliedAt, now, SNAPSHOTS_PER_GATE)));
        }
        return evidence;
    }

    /**
     * The judge's verdict on each metric check of {@code wave}: its hosts that applied (the canary) against the
     * baseline (the request's, or the rollout's hosts not yet changed; less any host another apply or rollback was
     * sent to within the windows) over the same windows: the time since the last canary host applied, and as long
     * (at least the bake) before the wave was sent. At most 50 canary hosts; each window's newest snapshots.
     */
    private List<VerdictView> judgeChecks(RolloutSpec spec, List<Wave> waves, Wave wave, Instant now) {
        if (spec.metricChecks().isEmpty()) {
            return List.of();
        }
        List<CommandView.HostView> applied = commands.get(wave.applyCommandId()).hosts().stream()
                .filter(h -> TuningOutcome.APPLIED.name().equals(h.outcome())).limit(JudgeSettings.MAX_CANARY_HOSTS)
                .toList();
        if (applied.isEmpty()) {
            return List.of(); // nothing changed: nothing to judge (the hosts' own checks still hold)
        }
        List<String> candidates = (spec.baselineHosts().isEmpty()
                ? waves.stream().filter(w -> w.index() > wave.index()).flatMap(w -> w.hosts().stream())
                : spec.baselineHosts().stream()).limit(MAX_BASELINE_HOSTS).toList();
        Instant afterFrom = applied.stream().map(h -> h.finishedAt() == null ? wave.sentAt() : h.finishedAt())
                .max(Instant::compareTo).orElse(wave.sentAt());
        // as long as the after window, which extensions grow: a before/after judgement needs as many samples before
        Duration length = Duration.ofSeconds(spec.bakeSeconds());
        length = length.compareTo(Duration.between(afterFrom, now)) >= 0 ? length : Duration.between(afterFrom, now);
        Instant beforeFrom = wave.sentAt().minus(length);
        // a host another change moved within the windows says nothing about what this one did
        List<String> changedElsewhere = commands.hostsChangedBetween(candidates, beforeFrom, now);
        List<String> baseline = candidates.stream().filter(host -> !changedElsewhere.contains(host)).toList();
        Map<String, List<List<HostSnapshot>>> series = new LinkedHashMap<>();
        Stream.concat(applied.stream().map(CommandView.HostView::hostId), baseline.stream()).distinct()
                .forEach(host -> series.put(host, List.of(
                        snapshots.newest(host, beforeFrom, wave.sentAt(), SNAPSHOTS_PER_GATE),
                        snapshots.newest(host, afterFrom, now, SNAPSHOTS_PER_GATE))));
        Verdict.Window window = new Verdict.Window(afterFrom, now);
        List<VerdictView> verdicts = new ArrayList<>();
        for (MetricCheck check : spec.metricChecks()) {
            Function<String, CanaryJudge.HostSeries> of = host -> new CanaryJudge.HostSeries(host,
                    values(series.get(host).get(0), check), values(series.get(host).get(1), check));
            verdicts.add(VerdictView.of(JudgeSettings.noting(CanaryJudge.judge(check.metric().apiName(),
                    CanaryJudge.Direction.HIGHER_IS_WORSE,
                    applied.stream().map(h -> of.apply(h.hostId())).toList(), baseline.stream().map(of).toList(),
                    window, JudgeSettings.of(judgeConfig, check.tolerancePercent(), check.absolute())),
                    changedElsewhere.size())));
        }
        return verdicts;
    }

    private static List<Double> values(List<HostSnapshot> snapshots, MetricCheck check) {
        return snapshots.stream().map(check::valueIn).filter(Objects::nonNull).toList();
    }

    /** The request's baseline hosts, its own hosts left out, bounded; none when it names no baseline. */
    private List<String> baselineHosts(SelectorRequest baseline, List<String> rolloutHosts) {
        if (baseline == null) {
            return List.of();
        }
        HostSelector.Selection selection = hosts.select("baseline", baseline, hosts.all());
        if (!selection.unknown().isEmpty()) {
            throw Refused.invalid("baseline", "host '" + selection.unknown().get(0) + "' is not registered:"
                    + " it has never sent a snapshot");
        }
        return selection.selected().stream().filter(host -> !rolloutHosts.contains(host)).limit(MAX_BASELINE_HOSTS)
                .toList();
    }

    private RolloutView order(String id, List<RolloutState> from, RolloutState to, String reason, Actor by,
            String refusal) {
        StoredRollout rollout = find(id);
        if (!store.transition(id, from, to, reason, by)) {
            throw stateConflict(id, refusal);
        }
        LOG.infof("rollout %s: %s → %s", id, rollout.state(), to);
        return get(id);
    }

    private RuntimeException stateConflict(String id, String refusal) {
        return Refused.conflict("state", refusal + "; this one is " + find(id).state().name().toLowerCase(Locale.ROOT));
    }

    private StoredRollout find(String id) {
        if (!Ids.isUuid(id)) {
            throw Refused.notFound("rollout", String.valueOf(id));
        }
        return store.find(id).orElseThrow(() -> Refused.notFound("rollout", id));
    }

    private RolloutView view(StoredRollout rollout, List<Wave> waves) {
        Instant now = Instant.now();
        List<RolloutView.WaveView> waveViews = new ArrayList<>();
        int total = 0;
        int applied = 0;
        int answered = 0;
        Map<String, String> hostnames = hosts.hostnames(waves.stream().flatMap(w -> w.hosts().stream()).toList());
        for (Wave wave : waves) {
            boolean issued = wave.phase() != WavePhase.PENDING || commands.exists(wave.applyCommandId());
            Map<String, CommandView.HostView> apply = issued ? byHost(commands.get(wave.applyCommandId()))
                    : Map.of();
            Optional<CommandView> rollbackCommand = commands.exists(wave.rollbackCommandId())
                    ? Optional.of(commands.get(wave.rollbackCommandId())) : Optional.empty();
            Map<String, CommandView.HostView> rollback = rollbackCommand.map(RolloutService::byHost).orElse(Map.of());
            WaveStatus.Rollback rollbackState = rollbackCommand.map(command -> RollbackTargets.over(command, now,
                    config.answerTimeout()) ? WaveStatus.Rollback.DONE : WaveStatus.Rollback.SENT)
                    .orElse(WaveStatus.Rollback.NONE);
            Map<String, HealthGate.HostGate> gate = wave.gate() == null ? Map.of() : wave.gate().hosts().stream()
                    .collect(Collectors.toMap(HealthGate.HostGate::hostId, Function.identity()));
            boolean overdue = wave.sentAt() != null && (wave.phase() != WavePhase.ANSWERING
                    || now.isAfter(wave.sentAt().plus(config.answerTimeout())));
            List<RolloutView.HostView> hostViews = new ArrayList<>();
            for (String hostId : wave.hosts()) {
                CommandView.HostView applyHost = apply.get(hostId);
                CommandView.HostView rollbackHost = rollback.get(hostId);
                String state = hostState(applyHost, rollbackHost, overdue);
                total++;
                applied += state.equals("applied") ? 1 : 0;
                answered += applyHost != null && applyHost.outcome() != null ? 1 : 0;
                HealthGate.HostGate hostGate = gate.get(hostId);
                List<String> reasons = hostGate != null ? hostGate.reasons()
                        : applyHost == null ? List.of() : applyHost.reasons();
                hostViews.add(new RolloutView.HostView(hostId, hostnames.get(hostId), state,
                        applyHost == null ? null : applyHost.outcome(),
                        rollbackHost == null ? null : rollbackHost.status(),
                        rollbackHost == null ? null : rollbackHost.outcome(), reasons,
                        hostGate == null ? Map.of() : hostGate.metrics(),
                        applyHost == null ? List.of() : applyHost.changes()));
            }
            waveViews.add(new RolloutView.WaveView(wave.index(), wave.index() + 1,
                    WaveStatus.of(rollout.state(), wave.phase(), rollbackState).name(),
                    issued ? wave.applyCommandId() : null, rollbackCommand.isPresent() ? wave.rollbackCommandId() : null,
                    wave.sentAt(), wave.bakeUntil(), wave.gate() == null ? null : wave.gate().verdict().name(),
                    wave.gate() == null ? 0 : wave.gate().extensions(),
                    wave.gate() == null ? List.of() : wave.gate().checks(), hostViews));
        }
        return new RolloutView(rollout.id(), rollout.profile(), rollout.profileVersion(), rollout.state().name(),
                rollout.reason(), rollout.startedBy(), rollout.rolledBackBy(), rollout.actionId(), rollout.spec(), rollout.currentWave(), total == 0 ? 0 : applied * 100 / total,
                total, answered, rollout.createdAt(), rollout.updatedAt(), waveViews);
    }

    private static String hostState(CommandView.HostView apply, CommandView.HostView rollback, boolean overdue) {
        if (rollback != null && TuningOutcome.REVERTED.name().equals(rollback.outcome())) {
            return "rolled_back";
        }
        if (apply == null) {
            return "pending";
        }
        if (apply.outcome() == null) {
            return overdue ? "failed" : "sent";
        }
        if (apply.outcome().equals(TuningOutcome.PLANNED.name())) {
            return "planned";
        }
        return healthy(apply.outcome()) ? "applied" : "failed";
    }

    private static Map<String, CommandView.HostView> byHost(CommandView command) {
        return command.hosts().stream().collect(Collectors.toMap(CommandView.HostView::hostId, Function.identity()));
    }

    private static boolean healthy(String outcome) {
        return outcome.equals(TuningOutcome.APPLIED.name()) || outcome.equals(TuningOutcome.UNCHANGED.name());
    }

    /** The hosts, bounded and in a reproducible order (the selector's), so the same request plans the same waves. */
    private List<String> hostIds(RolloutRequest request) {
        if (request.selector() == null) {
            throw Refused.invalid("selector", "selector is required: {\"hosts\": [...]}, {\"labels\":"
                    + " \"env=prod\"} or {\"all\": true}");
        }
        HostSelector.Selection selection = hosts.select("selector", request.selector(), hosts.all());
        if (!selection.unknown().isEmpty()) {
            throw Refused.invalid("selector", "host '" + selection.unknown().get(0) + "' is not registered:"
                    + " it has never sent a snapshot");
        }
        if (selection.selected().isEmpty()) {
            throw Refused.invalid("selector", "the selector matches no hosts that report"
                    + (selection.stale().isEmpty() ? "" : " (" + selection.stale().size() + " stale hosts left out)"));
        }
        if (selection.selected().size() > config.maxHosts()) {
            throw Refused.invalid("selector", "the selector matches " + selection.selected().size()
                    + " hosts; a rollout covers at most " + config.maxHosts() + " (tcpfleet.rollouts.max-hosts)");
        }
        return selection.selected();
    }

    /** The profile, pinned to a version; one that does not exist is this request's fault, so a 400 naming it. */
    private ProfileView profile(RolloutRequest request) {
        return profiles.requestedProfile(request.profile(), request.version());
    }

    private long bakeSeconds(RolloutRequest request) {
        Duration min = config.minBake();
        Duration max = config.maxBake();
        if (request.bakeSeconds() == null) {
            return config.defaultBake().toSeconds();
        }
        long bake = request.bakeSeconds();
        if (bake < min.toSeconds() || bake > max.toSeconds()) {
            throw new InvalidRolloutException("bakeSeconds", "bakeSeconds is " + min.toSeconds() + " to "
                    + max.toSeconds() + " (tcpfleet.rollouts.min-bake, max-bake), got " + bake);
        }
        return bake;
    }

    private static HealthGate.MissingData missingData(String value) {
        if (value == null || value.equals("fail")) {
            return HealthGate.MissingData.FAIL;
        }
        if (value.equals("wait")) {
            return HealthGate.MissingData.WAIT;
        }
        throw new InvalidRolloutException("onMissingData", "onMissingData is \"fail\" or \"wait\", got " + value);
    }

    private static List<String> toleratedAlerts(List<String> names) {
        if (names == null) {
            return List.of();
        }
        // names are echoed in every view of the rollout: one that no rule can have is refused, not stored
        if (names.size() > MAX_TOLERATED_ALERTS || !names.stream().allMatch(RuleNames::isValid)) {
            throw new InvalidRolloutException("toleratedAlerts", "toleratedAlerts is up to " + MAX_TOLERATED_ALERTS
                    + " alert rule names (lowercase letters, digits and -)");
        }
        return names;
    }

    private static List<MetricCheck> metricChecks(List<RolloutRequest.MetricCheckRequest> requests) {
        if (requests == null) {
            return List.of();
        }
        List<MetricCheck> checks = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            RolloutRequest.MetricCheckRequest check = requests.get(i);
            String field = "metricChecks[" + i + "]";
            if (check == null) {
                throw new InvalidRolloutException(field, "a check is {\"metric\": \"time_wait\", \"tolerancePercent\":"
                        + " 30}");
            }
            SnapshotMetric metric = checkable(field + ".metric", check.metric());
            if (checks.stream().anyMatch(c -> c.metric() == metric)) {
                throw new InvalidRolloutException(field + ".metric", metric.apiName() + " is checked twice");
            }
            double tolerance = check.tolerancePercent() == null ? MetricCheck.DEFAULT_TOLERANCE_PERCENT
                    : check.tolerancePercent();
            double absolute = check.absolute() == null ? 0 : check.absolute();
            if (!(tolerance >= 0 && tolerance <= 1000)) {
                throw new InvalidRolloutException(field + ".tolerancePercent", "tolerancePercent is 0 to 1000");
            }
            if (!(absolute >= 0 && absolute <= 1_000_000)) {
                throw new InvalidRolloutException(field + ".absolute", "absolute is 0 to 1000000");
            }
            checks.add(new MetricCheck(metric, tolerance, absolute));
        }
        return checks;
    }

    private static SnapshotMetric checkable(String field, String name) {
        return Optional.ofNullable(name).map(FORMER_NAMES::get).or(() -> SnapshotMetric.byApiName(name))
                .filter(MetricCheck.CHECKABLE::contains)
                .orElseThrow(() -> new InvalidRolloutException(field, "metric is one of " + MetricCheck.CHECKABLE
                        .stream().map(SnapshotMetric::apiName).collect(Collectors.joining(", ")) + ", got " + name));
    }
}
