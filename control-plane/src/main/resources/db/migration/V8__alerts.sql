-- One row per alert rule and host that has been judged: where its alert is in its lifecycle. Kept so a pending
-- alert's "for" timer and a firing alert survive a control-plane restart.
CREATE TABLE alerts (
    rule         text             NOT NULL,
    host_id      text             NOT NULL REFERENCES hosts (id),
    status       text             NOT NULL CHECK (status IN ('OK', 'PENDING', 'FIRING', 'RESOLVED')),
    since        timestamptz      NOT NULL,
    last_value   double precision NOT NULL,
    evaluated_at timestamptz      NOT NULL,
    PRIMARY KEY (rule, host_id)
);
CREATE INDEX alerts_active ON alerts (status) WHERE status IN ('PENDING', 'FIRING');
