-- Every host that ever reported. first_seen / last_seen come from the snapshots' own collection
-- times, so a backlog replayed after an outage does not make a dead host look alive.
CREATE TABLE hosts (
    id            text        PRIMARY KEY,
    hostname      text        NOT NULL,
    labels        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    agent_version text        NOT NULL,
    first_seen    timestamptz NOT NULL,
    last_seen     timestamptz NOT NULL
);

-- One row per snapshot. (host_id, collected_at) is the snapshot's identity: a redelivered Kafka
-- message carries the same pair and is not stored twice. It also contains the time column, so the
-- table can be range-partitioned by time later without changing the key.
CREATE TABLE snapshots (
    host_id        text        NOT NULL REFERENCES hosts (id),
    collected_at   timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    schema_version integer     NOT NULL,
    body           jsonb       NOT NULL,
    PRIMARY KEY (host_id, collected_at)
);
