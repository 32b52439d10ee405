-- Automation rules: when an alert of alert_rule goes FIRING, apply a profile to the affected hosts through a
-- rollout (canary first), or start a campaign from them. mode PROPOSE records the action for an operator to
-- approve instead of doing it. cooldown_seconds: no second automated action on a host within it (any rule's).
CREATE TABLE automation_rules (
    name             text        PRIMARY KEY,
    alert_rule       text        NOT NULL,
    action           text        NOT NULL CHECK (action IN ('APPLY_PROFILE', 'CAMPAIGN')),
    profile          text,
    profile_version  integer,
    bake_seconds     integer,
    campaign         jsonb,
    mode             text        NOT NULL CHECK (mode IN ('AUTO', 'PROPOSE')),
    cooldown_seconds integer     NOT NULL CHECK (cooldown_seconds >= 0),
    enabled          boolean     NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((action = 'APPLY_PROFILE') = (profile IS NOT NULL)),
    CHECK ((action = 'CAMPAIGN') = (campaign IS NOT NULL))
);
CREATE INDEX automation_rules_by_alert ON automation_rules (alert_rule);

-- One row per automation rule and firing alert event it answered: what it decided and what came of it. plan is
-- the exact rollout or campaign request it runs (or would run, for an operator to approve), fixed when decided.
-- host_ids are the hosts it acts on: the alerting host, or for a fleet alert every host its rule selects.
-- state: PROPOSED (waits for an operator) → APPROVED → STARTED, or READY → STARTED when automatic; SKIPPED (a
-- guardrail said no), REJECTED (an operator said no), FAILED (could not start, or its rollout failed);
-- an applied profile ends KEPT or ROLLED_BACK once the closed loop has judged the snapshots after it.
CREATE TABLE automation_actions (
    id             text             PRIMARY KEY,
    rule           text             NOT NULL,
    alert_event_id bigint           NOT NULL,
    alert_rule     text             NOT NULL,
    alert_subject  text             NOT NULL,
    metric         text             NOT NULL,
    comparison     text             NOT NULL,
    alert_value    double precision NOT NULL,
    action         text             NOT NULL,
    host_ids       text[]           NOT NULL,
    plan           jsonb            NOT NULL,
    state          text             NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'READY', 'STARTED', 'KEPT',
                                                              'ROLLED_BACK', 'SKIPPED', 'REJECTED', 'FAILED')),
    reason         text,
    rollout_id     text,
    campaign_id    text,
    judgement      jsonb,
    created_at     timestamptz      NOT NULL,
    started_at     timestamptz,
    updated_at     timestamptz      NOT NULL,
    UNIQUE (rule, alert_event_id)
);
CREATE INDEX automation_actions_open ON automation_actions (state)
    WHERE state IN ('PROPOSED', 'APPROVED', 'READY', 'STARTED');
CREATE INDEX automation_actions_newest_first ON automation_actions (created_at DESC);
CREATE INDEX automation_actions_hosts ON automation_actions USING gin (host_ids);

-- Which FIRING events automation has decided on. A flag per event, not a high-water mark: event ids come from a
-- sequence, and writers (ingest, the campaign consumer, the stale-host check) commit out of id order, so a mark
-- could pass an event committed late. Events from before automation existed count as decided: alerts that fired
-- before there were automation rules are not acted on after the fact.
ALTER TABLE alert_events ADD COLUMN automation_decided boolean NOT NULL DEFAULT false;
UPDATE alert_events SET automation_decided = true;
CREATE INDEX alert_events_automation_due ON alert_events (id) WHERE to_status = 'FIRING' AND NOT automation_decided;

-- The audit trail: who did what, to what, when, with what request, and how it ended.
CREATE TABLE audit_events (
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text        NOT NULL,
    detail  jsonb       NOT NULL,
    outcome text        NOT NULL
);
-- read newest first, paged back by id (the primary key serves the unfiltered list)
CREATE INDEX audit_events_by_target ON audit_events (target, id DESC);
