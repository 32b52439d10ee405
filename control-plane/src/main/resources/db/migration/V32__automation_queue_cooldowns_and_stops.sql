-- Automation that copes with storms (issue 20). An action that cannot start yet (the rollout cap, the hourly
-- budget) waits QUEUED until there is room, while its alert still fires; a proposal nobody answers, or a queued
-- action that waited too long, ends EXPIRED.
ALTER TABLE automation_actions DROP CONSTRAINT automation_actions_state_check;
ALTER TABLE automation_actions ADD CONSTRAINT automation_actions_state_check CHECK (state IN ('PROPOSED',
    'APPROVED', 'READY', 'QUEUED', 'STARTED', 'KEPT', 'ROLLED_BACK', 'SKIPPED', 'REJECTED', 'FAILED', 'EXPIRED'));
DROP INDEX automation_actions_open;
CREATE INDEX automation_actions_open ON automation_actions (state)
    WHERE state IN ('PROPOSED', 'APPROVED', 'READY', 'QUEUED', 'STARTED');
-- When the action was queued: it expires tcpfleet.automation.queue-ttl after, however long it was proposed before.
ALTER TABLE automation_actions ADD COLUMN queued_at timestamptz;

-- Until when no other automated action may touch this action's hosts: when it was decided plus the deciding rule's
-- cooldown, fixed then, so editing the rule later does not rewrite the past. Null for an action that does nothing
-- (SKIPPED). Actions from before this column get their rule's cooldown of today, or none if the rule is gone.
ALTER TABLE automation_actions ADD COLUMN cooldown_until timestamptz;
UPDATE automation_actions a SET cooldown_until = a.created_at + make_interval(secs => r.cooldown_seconds)
    FROM automation_rules r WHERE r.name = a.rule AND a.state <> 'SKIPPED';

-- Why the rule was stopped (disabled) by the system rather than by an admin: the alert rule or profile it depends
-- on was deleted with force, or its pinned profile is gone. Cleared when the rule is saved again.
ALTER TABLE automation_rules ADD COLUMN stopped_reason text;
CREATE INDEX automation_rules_by_profile ON automation_rules (profile) WHERE profile IS NOT NULL;
