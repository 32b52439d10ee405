-- An operator's "not now": alerts of the rule (all if null) on the host (all if null) are not posted to the
-- webhook until the silence ends. Kept after it ends, for the record.
CREATE TABLE alert_silences (
    id         bigserial   PRIMARY KEY,
    rule       text,
    host_id    text,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    ends_at    timestamptz NOT NULL
);
CREATE INDEX alert_silences_ending ON alert_silences (ends_at);
