-- Alerts are looked up by host on every snapshot (each host's states, locked while judged) and by every rollout
-- gate (what fired on a host since its wave); with thousands of hosts neither may scan the whole table. The
-- primary keys lead with the rule, so they do not serve these.
CREATE INDEX alerts_by_host ON alerts (host_id);
CREATE INDEX alert_events_by_host ON alert_events (host_id, at) WHERE to_status = 'FIRING';
