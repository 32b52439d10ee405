-- Who or what made each change, and the rollout and automation action it belongs to, where changes are read from.
-- Actors: 'user:<token name>', 'automation:<rule>', 'closed-loop:<rule>', 'rollout-gate'. Null: made before this
-- migration by someone the rows below cannot tell (the API shows no actor, the CLI and dashboard "unknown").
ALTER TABLE commands ADD COLUMN actor text, ADD COLUMN rollout_id text, ADD COLUMN action_id text;
ALTER TABLE rollouts ADD COLUMN started_by text, ADD COLUMN rolled_back_by text, ADD COLUMN action_id text;
ALTER TABLE campaigns ADD COLUMN started_by text, ADD COLUMN action_id text;

-- What older rows tell: automation started a rollout under its action's id, and recorded its campaigns' ids; the
-- audit trail (while its retention kept it) names the token behind each API request that made a change.
UPDATE rollouts r SET action_id = a.id, started_by = 'automation:' || a.rule
FROM automation_actions a WHERE a.rollout_id = r.id;
UPDATE campaigns c SET action_id = a.id, started_by = 'automation:' || a.rule
FROM automation_actions a WHERE a.campaign_id = c.id;
UPDATE rollouts r SET started_by = 'user:' || e.actor
FROM audit_events e WHERE r.started_by IS NULL AND e.action = 'POST /api/rollouts' AND e.target = r.id
  AND e.outcome = '201';
UPDATE rollouts r SET rolled_back_by = 'user:' || e.actor
FROM audit_events e WHERE e.action IN ('POST /api/rollouts/{id}/abort', 'POST /api/rollouts/{id}/rollback')
  AND e.target = r.id AND e.outcome = '200';
UPDATE rollouts r SET rolled_back_by = 'closed-loop:' || a.rule
FROM automation_actions a WHERE a.rollout_id = r.id AND a.reason LIKE 'rolled back by the closed loop%';
UPDATE rollouts SET rolled_back_by = 'rollout-gate'
WHERE rolled_back_by IS NULL AND state IN ('ROLLING_BACK', 'ROLLED_BACK') AND reason LIKE 'wave % failed its gate%';
UPDATE campaigns c SET started_by = 'user:' || e.actor
FROM audit_events e WHERE c.started_by IS NULL AND e.action = 'POST /api/campaigns' AND e.target = c.id
  AND e.outcome = '202';
UPDATE commands c SET actor = 'user:' || e.actor
FROM audit_events e WHERE e.action = 'POST /api/commands' AND e.target = c.id AND e.outcome = '202';
UPDATE commands c SET rollout_id = r.id, action_id = r.action_id, actor = r.started_by
FROM rollout_waves w JOIN rollouts r ON r.id = w.rollout_id WHERE w.apply_command_id = c.id;
UPDATE commands c SET rollout_id = r.id, action_id = r.action_id, actor = r.rolled_back_by
FROM rollout_waves w JOIN rollouts r ON r.id = w.rollout_id WHERE w.rollback_command_id = c.id;
