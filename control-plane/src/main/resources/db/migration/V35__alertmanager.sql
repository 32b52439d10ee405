-- Alertmanager as a delivery target: how each endpoint's posts go, written by the delivery lease's holder and read
-- by any instance's API (the holder changes; what it learnt must not go with it).
CREATE TABLE alertmanager_targets (
    url           text PRIMARY KEY,
    last_try_at   timestamptz NOT NULL,
    last_ok_at    timestamptz,
    alerts        integer     NOT NULL,
    failures      integer     NOT NULL DEFAULT 0,
    last_error    text,
    next_try_at   timestamptz NOT NULL
);

-- A link to what to do when a rule's alert fires, given to Alertmanager as runbook_url.
ALTER TABLE alert_rules ADD COLUMN runbook text;
