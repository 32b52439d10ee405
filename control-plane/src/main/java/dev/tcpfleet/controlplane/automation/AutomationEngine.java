package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.errors.Refused;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.APPROVED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.EXPIRED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.FAILED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.KEPT;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.PROPOSED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.QUEUED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.READY;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.REJECTED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.ROLLED_BACK;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.SKIPPED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.STARTED;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.AlertEventStore;
import dev.tcpfleet.controlplane.alerts.AlertRuleStore;
import dev.tcpfleet.controlplane.alerts.AlertStore;
import dev.tcpfleet.controlplane.api.Ids;
import dev.tcpfleet.controlplane.audit.AuditLog;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.automation.AutomationAction.State;
import dev.tcpfleet.controlplane.campaigns.CampaignRequest;
import dev.tcpfleet.controlplane.campaigns.CampaignService;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.rollouts.MetricCheck;
import dev.tcpfleet.controlplane.rollouts.RolloutRequest;
import dev.tcpfleet.controlplane.rollouts.RolloutService;
import dev.tcpfleet.controlplane.rollouts.RolloutStore;
import dev.tcpfleet.controlplane.rollouts.RolloutView;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.judge.Verdict;
import dev.tcpfleet.domain.automation.Guardrails;
import dev.tcpfleet.domain.automation.WaitingAction;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.ProtocolJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Turns firing alerts into actions, in three steps the driver runs each tick, every one from stored state so a
 * restarted control plane goes on where it stood:
 * <ol>
 * <li>decide: each alert that went FIRING, read from the alert_events outbox until marked decided, gets an action
 * per enabled rule for its alert rule, checked against the guardrails: SKIPPED, PROPOSED or READY;</li>
 * <li>start: proposals past their time expire; READY, APPROVED and QUEUED actions, oldest first, start their
 * rollout (canary first) or campaign, or wait QUEUED while the rollout cap or the hourly budget leaves no room;</li>
 * <li>judge: once an automated rollout completed and its effect window is over, the canary judge compares the alert's
 * figure on the hosts that applied with the alert rule's other hosts over the same windows (ClosedLoopJudge); worse
 * rolls the whole rollout back.</li>
 * </ol>
 * Every decision and outcome goes to the audit trail under {@code automation:<rule>}, with the alert behind it. An
 * operator's approval or rejection is an API request, which the audit records as such under the operator's token.
 */
@ApplicationScoped
public class AutomationEngine {
    private static final Logger LOG = Logger.getLogger(AutomationEngine.class);
    private static final int BATCH = 100;

    private final AutomationRuleStore rules;
    private final AutomationActionStore actions;
    private final AlertEventStore alertEvents;
    private final AlertStore alerts;
    private final AlertRuleStore alertRules;
    private final RolloutService rollouts;
    private final CampaignService campaigns;
    private final ClosedLoopJudge closedLoop;
    private final HostRegistry hosts;
    private final ProfileService profiles;
    private final AuditLog audit;
    private final ControlPlaneConfig.Automation config;

    AutomationEngine(AutomationRuleStore rules, AutomationActionStore actions, AlertEventStore alertEvents,
            AlertStore alerts, AlertRuleStore alertRules, RolloutService rollouts, CampaignService campaigns,
            ClosedLoopJudge closedLoop, HostRegistry hosts, ProfileService profiles, AuditLog audit,
            ControlPlaneConfig config) {
        this.rules = rules;
        this.actions = actions;
        this.alertEvents = alertEvents;
        this.alerts = alerts;
        this.alertRules = alertRules;
        this.rollouts = rollouts;
        this.campaigns = campaigns;
        this.closedLoop = closedLoop;
        this.hosts = hosts;
        this.profiles = profiles;
        this.audit = audit;
        this.config = config.automation();
    }

    /**
     * Stops each enabled rule whose pinned profile version is gone (deleted behind its back, or a built-in profile
     * whose version moved on with an upgrade), so that the rule says so now rather than at its next alert.
     */
    public void stopRulesWhoseProfileIsGone() {
        for (AutomationRule rule : rules.all()) {
            if (!rule.enabled() || rule.action() != AutomationRule.Action.APPLY_PROFILE) {
                continue;
            }
            profileGone(rule.profile(), rule.profileVersion()).ifPresent(gone -> QuarkusTransaction.requiringNew()
                    .run(() -> {
                        String reason = "stopped: " + gone;
                        if (!rules.stopPinned(rule.name(), rule.profileVersion(), reason)) {
                            return; // saved again since it was read
                        }
                        audit.record("automation:" + rule.name(), "automation.stop", "automation-rule:"
                                + rule.name(), Map.of("rule", rule.name(), "dependency", "profile '"
                                        + rule.profile() + "' v" + rule.profileVersion()), reason);
                    }));
        }
    }

    /**
     * Decides on the alerts that went FIRING and are not decided on yet, each in a transaction of its own that also
     * marks it decided: one that cannot be decided is marked anyway, with its failure in the audit trail, rather
     * than holding up every alert after it tick after tick.
     */
    public void decide() {
        for (AlertEvent event : QuarkusTransaction.requiringNew().call(() -> alertEvents.firingUndecided(BATCH))) {
            try {
                QuarkusTransaction.requiringNew().run(() -> decide(event));
            } catch (RuntimeException e) {
                LOG.errorf(e, "automation could not decide on alert event %d (%s on %s)", event.eventId(),
                        event.rule(), event.subject());
                QuarkusTransaction.requiringNew().run(() -> {
                    alertEvents.markDecided(event.eventId());
                    audit.record("automation", "automation.decide", "alert-event:" + event.eventId(),
                            Map.of("alert", Map.of("eventId", event.eventId(), "rule", event.rule(), "subject",
                                    event.subject())), "failed: " + e.getMessage());
                });
            }
        }
    }

    private void decide(AlertEvent event) {
        actions.lock();
        if (!alertEvents.markDecided(event.eventId())) {
            return; // another control plane decided it since it was read
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (AutomationRule rule : rules.enabledFor(event.rule())) {
            decide(rule, event, now);
        }
    }

    /**
     * Decides on {@code event} for {@code rule}: SKIPPED if a guardrail forbids it for good or its pinned profile is
     * gone (then the rule is stopped too), else READY or PROPOSED, holding its hosts for the rule's cooldown from now.
     */
    private void decide(AutomationRule rule, AlertEvent event, Instant now) {
        Optional<AlertRuleStore.StoredRule> alertRule = alertRules.find(event.rule());
        List<String> hosts = affectedHosts(event, alertRule);
        Guardrails guardrails = guardrails(rule);
        Optional<String> profileGone = rule.action() == AutomationRule.Action.APPLY_PROFILE
                ? profileGone(rule.profile(), rule.profileVersion()) : Optional.empty();
        Optional<String> refusal = profileGone.map(gone -> gone + "; the rule is stopped")
                .or(() -> guardrails.refusal(hosts, now, actions.holds(hosts, null),
                        rule.action() == AutomationRule.Action.APPLY_PROFILE));
        State state = refusal.isPresent() ? SKIPPED : rule.mode() == AutomationRule.Mode.AUTO ? READY : PROPOSED;
        String comparison = alertRule.map(r -> r.rule().comparison()).orElse(AlertRule.Comparison.ABOVE).name();
        AutomationAction action = new AutomationAction(UUID.randomUUID().toString(), rule.name(), event.eventId(),
                event.rule(), event.subject(), event.metric(), comparison, event.value(), rule.action(), hosts, state,
                refusal.orElse(null), plan(rule, hosts, event), null, null, null, now, null, now,
                state == SKIPPED ? null : guardrails.cooldownUntil(now), null);
        actions.insert(action);
        profileGone.ifPresent(gone -> stopRule(action, gone));
        LOG.infof("automation %s on alert %s (%s): %s%s", rule.name(), event.rule(), String.join(",", hosts), state,
                refusal.map(r -> ": " + r).orElse(""));
        record(action, "decide", state.name().toLowerCase(Locale.ROOT) + refusal.map(r -> ": " + r).orElse(""));
    }

    /**
     * The alerting host, or for a fleet alert every reporting host its rule selects (in the selector's order, so
     * the rollout's canary is the same host each time). A rule deleted since it fired selects nothing.
     */
    private List<String> affectedHosts(AlertEvent event, Optional<AlertRuleStore.StoredRule> alertRule) {
        if (event.hostId() != null) {
            return List.of(event.hostId());
        }
        return alertRule.filter(r -> r.rule().scope() == AlertRule.Scope.FLEET).map(r -> hosts.select("labels",
                new SelectorRequest(null, r.labels(), r.labels() == null ? true : null, false), hosts.all())
                .selected()).orElse(List.of());
    }

    /** Stops {@code action}'s rule because the profile it pins is gone, and audits that under the action. */
    private void stopRule(AutomationAction action, String gone) {
        rules.stop(action.rule(), "stopped: " + gone);
        record(action, "stop", "rule stopped: " + gone);
    }

    private Guardrails guardrails(AutomationRule rule) {
        return new Guardrails(Duration.ofSeconds(rule.cooldownSeconds()), config.maxHostsPerHour());
    }

    /**
     * Why profile {@code name} at {@code version} can no longer be applied, if it cannot: the profile was deleted
     * (its versions stay readable, but nobody chose to apply a deleted profile), or the version is gone (a built-in
     * profile whose version moved on with an upgrade).
     */
    private Optional<String> profileGone(String name, int version) {
        String gone = "profile " + name + " v" + version + " no longer exists: ";
        try {
            profiles.latest(name);
        } catch (Refused.NotFound e) {
            return Optional.of(gone + "the profile was deleted");
        }
        try {
            profiles.version(name, version);
            return Optional.empty();
        } catch (Refused.NotFound e) {
            return Optional.of(gone + "that version is gone (GET /api/profiles/" + name + "/versions)");
        }
    }

    /**
     * The request the action runs: fixed when decided, so what an operator approves is what happens. A rollout
     * tolerates the alert it is meant to cure in its gates, but where that alert's figure is one a gate can check,
     * each wave must not make it worse before the next goes out.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> plan(AutomationRule rule, List<String> hosts, AlertEvent event) {
        SelectorRequest selector = new SelectorRequest(hosts, null, null, false);
        // the hosts the alert rule watches are comparable to the ones it acts on: the closed loop's baseline
        SelectorRequest baseline = alertRules.find(event.rule()).map(r -> new SelectorRequest(null, r.labels(),
                r.labels() == null ? true : null, false)).orElse(null);
        Object request = switch (rule.action()) {
            case APPLY_PROFILE -> new RolloutRequest(rule.profile(), rule.profileVersion(), selector, 1, null,
                    rule.bakeSeconds(), "wait", true, SnapshotMetric.byApiName(event.metric())
                            .filter(MetricCheck.CHECKABLE::contains)
                            .map(metric -> List.of(new RolloutRequest.MetricCheckRequest(metric.apiName(),
                                    config.worseTolerance() * 100, config.worseFloor()))).orElse(null),
                    false, List.of(event.rule()), baseline);
            case CAMPAIGN -> {
                CampaignRequest c = rule.campaign();
                yield new CampaignRequest(selector, c.target(), c.kind(), c.connections(), c.concurrency(), c.rate(),
                        c.durationSeconds(), c.connectTimeoutMillis(), c.payload(), c.readBytes());
            }
        };
        return ProtocolJson.mapper().convertValue(request, Map.class);
    }

    /**
     * Expires proposals past their time, then starts every READY, APPROVED or QUEUED action, oldest first. An apply
     * that finds no room (the rollout cap, the hourly budget) waits QUEUED, and so does every apply after it this
     * tick: room goes to the oldest first. A queued action whose alert stopped firing is SKIPPED; one that waited too
     * long, EXPIRED.
     */
    public void start() {
        Instant now = Instant.now();
        expireProposals(now);
        Optional<String> noRoom = Optional.empty();
        for (AutomationAction action : actions.inStates(List.of(READY, APPROVED, QUEUED), null, BATCH)) {
            try {
                if (action.state() == QUEUED && endQueued(action, now)) {
                    continue;
                }
                if (action.action() == AutomationRule.Action.CAMPAIGN) {
                    startCampaign(action);
                } else if (noRoom.isPresent()) {
                    queue(action, noRoom.get());
                } else {
                    noRoom = startRollout(action);
                }
            } catch (RuntimeException e) {
                // it stays as it was: retried next tick (a rollout is created under the action's id, so only once)
                LOG.warnf(e, "automation action %s could not start this tick", action.id());
            }
        }
    }

    private void expireProposals(Instant now) {
        for (AutomationAction proposal : actions.inStates(List.of(PROPOSED), null, BATCH)) {
            Optional<String> expiry = WaitingAction.proposalExpiry(proposal.createdAt(), now, config.proposalTtl());
            if (expiry.isEmpty()) {
                return; // oldest first: the rest are younger
            }
            move(() -> actions.transition(proposal.id(), PROPOSED, EXPIRED, expiry.get(), null, null, null),
                    proposal, "expire", expiry.get());
        }
    }

    /** Ends a queued action whose alert stopped firing or whose time ran out; whether it ended. */
    private boolean endQueued(AutomationAction action, Instant now) {
        boolean fires = QuarkusTransaction.requiringNew().call(() -> alerts.isFiring(action.alertRule(),
                action.alertSubject()));
        Optional<WaitingAction.End> end = WaitingAction.queuedEnd(action.queuedAt(), now, config.queueTtl(), fires);
        end.ifPresent(e -> {
            State to = e.ending() == WaitingAction.Ending.SKIPPED ? SKIPPED : EXPIRED;
            move(() -> actions.transition(action.id(), QUEUED, to, e.reason(), null, null, null), action,
                    to == SKIPPED ? "skip" : "expire", e.reason());
        });
        return end.isPresent();
    }

    /** Queues the action, unless it waits already (its first reason stands: the queue is not re-audited each tick). */
    private void queue(AutomationAction action, String reason) {
        if (action.state() != QUEUED) {
            String queued = "queued: " + reason;
            move(() -> actions.transition(action.id(), action.state(), QUEUED, queued, null, null, null), action,
                    "queue", queued);
        }
    }

    /**
     * Starts the apply's rollout, or queues the action while there is no room for it; returns why there is no room,
     * if there is none. A rollout created under the action's id by an earlier tick that did not record it is
     * recorded now, room or not: it runs already. An action whose rule or profile is gone since the decision is
     * SKIPPED ({@link #skippedAtStart}).
     */
    private Optional<String> startRollout(AutomationAction action) {
        if (rollouts.exists(action.id())) {
            started(action, action.id());
            return Optional.empty();
        }
        RolloutRequest request = ProtocolJson.mapper().convertValue(action.plan(), RolloutRequest.class);
        if (skippedAtStart(action, request)) {
            return Optional.empty();
        }
        int active = actions.activeRollouts();
        AutomationActionStore.BudgetUse spent = actions.budgetUse(Instant.now().minus(Duration.ofHours(1)));
        Optional<String> noRoom = active >= config.maxActiveRollouts() ? Optional.of("automation has " + active
                + " rollouts active, the most it may (tcpfleet.automation.max-active-rollouts), so that operators"
                + " keep room for theirs") : new Guardrails(Duration.ZERO, config.maxHostsPerHour())
                        .budgetRefusal(action.hostIds().size(), spent.changed(), spent.changing());
        if (noRoom.isPresent()) {
            queue(action, noRoom.get());
            return noRoom;
        }
        RolloutView rollout;
        try {
            rollout = rollouts.create(action.id(), request, Actor.automation(action.rule(), action.id()));
        } catch (Refused e) {
            if (RolloutStore.TOO_MANY_ACTIVE.equals(e.error())) {
                queue(action, e.getMessage());
                return Optional.of(e.getMessage());
            }
            fail(action, "the rollout was refused: " + e.getMessage());
            return Optional.empty();
        }
        started(action, rollout.id());
        return Optional.empty();
    }

    private void started(AutomationAction action, String rolloutId) {
        String waited = action.state() == QUEUED ? "started after waiting queued since " + action.queuedAt() : null;
        move(() -> actions.transition(action.id(), action.state(), STARTED, waited, rolloutId, null, null), action,
                "start", "rollout " + rolloutId + " started");
    }

    /**
     * Skips an action about to start whose rule was deleted, disabled or stopped since the decision (an operator or
     * a dependency said no more), or, for an apply ({@code rollout} not null), whose profile is gone: then the rule
     * is stopped too if it still pins that version, as at the decision. Returns whether it skipped it.
     */
    private boolean skippedAtStart(AutomationAction action, RolloutRequest rollout) {
        Optional<AutomationRule> rule = rules.find(action.rule());
        Optional<String> ruleGone = ruleGone(action.rule(), rule);
        Optional<String> profileGone = ruleGone.isPresent() || rollout == null ? Optional.empty()
                : profileGone(rollout.profile(), rollout.version());
        Optional<String> skip = ruleGone.or(() -> profileGone);
        skip.ifPresent(reason -> QuarkusTransaction.joiningExisting().run(() -> {
            move(() -> actions.transition(action.id(), action.state(), SKIPPED, reason, null, null, null), action,
                    "skip", reason);
            profileGone.filter(gone -> rollout.profile().equals(rule.get().profile())
                    && rollout.version().equals(rule.get().profileVersion())).ifPresent(gone -> stopRule(action, gone));
        }));
        return skip.isPresent();
    }

    /** Why the rule named {@code name}, as {@code rule} now stands, no longer acts, if it does not. */
    private static Optional<String> ruleGone(String name, Optional<AutomationRule> rule) {
        if (rule.isEmpty()) {
            return Optional.of("automation rule '" + name + "' was deleted since the decision");
        }
        if (rule.get().stoppedReason() != null) {
            return Optional.of("automation rule '" + name + "' is " + rule.get().stoppedReason());
        }
        return rule.get().enabled() ? Optional.empty()
                : Optional.of("automation rule '" + name + "' was disabled since the decision");
    }

    /** A campaign is started at most once: the action is marked STARTED before it is sent, never after. */
    private void startCampaign(AutomationAction action) {
        if (skippedAtStart(action, null)
                || !actions.transition(action.id(), action.state(), STARTED, null, null, null, null)) {
            return;
        }
        try {
            String id = campaigns.start(ProtocolJson.mapper().convertValue(action.plan(), CampaignRequest.class),
                    Actor.automation(action.rule(), action.id())).id();
            move(() -> actions.transition(action.id(), STARTED, STARTED, null, null, id, null), action, "start",
                    "campaign " + id + " started");
        } catch (Refused e) {
            failStarted(action, "the campaign was refused: " + e.getMessage());
        } catch (RuntimeException e) {
            // never retried, so never sent twice; but some hosts may have it: GET /api/campaigns shows what runs
            failStarted(action, "the campaign may have been sent in part and was not recorded: " + e.getMessage());
        }
    }

    /** Judges every started apply whose rollout has ended. A campaign changes no setting: nothing to judge. */
    public void judge() {
        for (AutomationAction action : actions.inStates(List.of(STARTED), AutomationRule.Action.APPLY_PROFILE,
                BATCH)) {
            try {
                judge(action, rollouts.get(action.rolloutId()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "automation action %s could not be judged this tick", action.id());
            }
        }
    }

    private void judge(AutomationAction action, RolloutView rollout) {
        switch (rollout.state()) {
            case "COMPLETED" -> closeTheLoop(action, rollout);
            case "ROLLED_BACK" -> {
                String reason = rolledBackReason(rollout);
                move(() -> actions.transition(action.id(), STARTED, ROLLED_BACK, reason, null, null, null), action,
                        "judge", "rolled back: " + reason);
            }
            default -> {
                // running, rolling back or waiting for an operator: the rollout's own gate has the say until it ends
            }
        }
    }

    /**
     * Why an apply's rollout ended rolled back before the closed loop judged it: its gate failed or an operator
     * aborted it before it completed, or an operator (or the loop, before a crash) rolled it back after it completed,
     * when every wave's gate had passed.
     */
    static String rolledBackReason(RolloutView rollout) {
        boolean completed = rollout.waves().stream().allMatch(wave -> "PASS".equals(wave.gate()));
        return "the rollout was rolled back " + (completed ? "after" : "before") + " it completed: "
                + rollout.reason();
    }

    /**
     * Judges the apply with the canary judge (ClosedLoopJudge): the hosts that applied against the alert rule's other
     * hosts over the effect window. WORSE rolls the rollout back; BETTER, NO_DIFFERENCE and, once waiting is over,
     * INCONCLUSIVE keep it.
     */
    private void closeTheLoop(AutomationAction action, RolloutView rollout) {
        Optional<ClosedLoopJudge.Judgement> judged = closedLoop.judge(action, rollout, Instant.now());
        if (judged.isEmpty()) {
            return; // the effect window runs, or an inconclusive verdict may still settle
        }
        ClosedLoopJudge.Judgement judgement = judged.get();
        Map<String, Object> stored = judgement.stored();
        if (judgement.is(Verdict.Result.WORSE)) {
            String reason = "rolled back by the closed loop, the alert's figure got worse: "
                    + judgement.verdict().summary();
            rollouts.revert(rollout.id(), reason, Actor.closedLoop(action.rule(), action.id()));
            move(() -> actions.transition(action.id(), STARTED, ROLLED_BACK, reason, null, null, stored), action,
                    "judge", reason);
        } else {
            String reason = judgement.verdict() == null ? "kept: no host changed a setting"
                    : "kept: " + (judgement.is(Verdict.Result.BETTER) ? "improved"
                            : judgement.is(Verdict.Result.NO_DIFFERENCE) ? "not improved" : "inconclusive")
                            + " (" + judgement.verdict().summary() + ")";
            move(() -> actions.transition(action.id(), STARTED, KEPT, reason, null, null, stored), action, "judge",
                    reason);
        }
    }

    /** An operator's yes to a proposal: the guardrails are asked again, as the fleet may have moved on. */
    @Transactional
    public AutomationAction approve(String id) {
        actions.lock();
        AutomationAction action = proposal(id);
        Optional<String> expired = WaitingAction.proposalExpiry(action.createdAt(), Instant.now(),
                config.proposalTtl());
        if (expired.isPresent()) {
            // expired here in a transaction of its own: the refusal rolls this one back
            QuarkusTransaction.requiringNew().run(() -> move(() -> actions.transition(action.id(), PROPOSED, EXPIRED,
                    expired.get(), null, null, null), action, "expire", expired.get()));
            throw Refused.conflict("state", "the proposal expired at " + action.createdAt().plus(config.proposalTtl())
                    + " (tcpfleet.automation.proposal-ttl); nothing to approve");
        }
        Optional<AutomationRule> found = rules.find(action.rule());
        ruleGone(action.rule(), found).ifPresent(gone -> {
            throw Refused.conflict("rule", gone + "; reject the proposal instead");
        });
        AutomationRule rule = found.orElseThrow();
        if (!alerts.isFiring(action.alertRule(), action.alertSubject())) {
            throw Refused.conflict("state", "alert " + action.alertRule() + " no longer fires on "
                    + action.alertSubject() + "; reject the proposal instead");
        }
        guardrails(rule).refusal(action.hostIds(), Instant.now(), actions.holds(action.hostIds(), action.id()),
                rule.action() == AutomationRule.Action.APPLY_PROFILE).ifPresent(refusal -> {
                    throw Refused.conflict("state", refusal);
                });
        return decideProposal(action, APPROVED, "approved by an operator");
    }

    public AutomationAction reject(String id) {
        return decideProposal(proposal(id), REJECTED, "rejected by an operator");
    }

    private AutomationAction decideProposal(AutomationAction action, State to, String reason) {
        if (!actions.transition(action.id(), PROPOSED, to, reason, null, null, null)) {
            throw Refused.conflict("state", "the action is no longer proposed");
        }
        return get(action.id());
    }

    private AutomationAction proposal(String id) {
        AutomationAction action = get(id);
        if (action.state() != PROPOSED) {
            throw Refused.conflict("state", "only a proposed action is approved or rejected; this one is "
                    + action.state().name().toLowerCase(Locale.ROOT));
        }
        return action;
    }

    public AutomationAction get(String id) {
        if (!Ids.isUuid(id)) {
            throw Refused.notFound("automation action", String.valueOf(id));
        }
        return actions.find(id).orElseThrow(() -> Refused.notFound("automation action", id));
    }

    private void fail(AutomationAction action, String reason) {
        move(() -> actions.transition(action.id(), action.state(), FAILED, reason, null, null, null), action, "start",
                "failed: " + reason);
    }

    private void failStarted(AutomationAction action, String reason) {
        move(() -> actions.transition(action.id(), STARTED, FAILED, reason, null, null, null), action, "start",
                "failed: " + reason);
    }

    /**
     * Moves the action by {@code transition} and, if it moved, audits the step in the same transaction: a crash
     * between the two would leave a state change nobody can account for, or an entry for one that never happened.
     */
    private void move(BooleanSupplier transition, AutomationAction action, String step, String outcome) {
        QuarkusTransaction.joiningExisting().run(() -> {
            if (transition.getAsBoolean()) {
                record(action, step, outcome);
            }
        });
    }

    private void record(AutomationAction action, String step, String outcome) {
        audit.record("automation:" + action.rule(), "automation." + step, action.id(), detail(action), outcome);
    }

    private static Map<String, Object> detail(AutomationAction action) {
        return Map.of("rule", action.rule(), "action", action.action().name(), "hosts", action.hostIds(),
                "alert", Map.of("eventId", action.alertEventId(), "rule", action.alertRule(), "subject",
                        action.alertSubject(), "metric", action.metric(), "value", action.alertValue()),
                "plan", action.plan());
    }
}
