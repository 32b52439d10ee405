-- A staged rollout: a profile version sent wave by wave, each wave gated on its hosts' health. spec holds the
-- plan, bake time, checks and policies as accepted (JSON, read back whole by the driver). state is one of
-- RUNNING, PAUSED, ROLLING_BACK, HALTED (gate failed, rollback left to an operator), COMPLETED, ROLLED_BACK,
-- DRY_RUN; current_wave is the index of the wave in progress.
CREATE TABLE rollouts (
    id              text        PRIMARY KEY,
    profile         text        NOT NULL,
    profile_version integer     NOT NULL,
    spec            jsonb       NOT NULL,
    state           text        NOT NULL,
    reason          text,
    current_wave    integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollouts_newest_first ON rollouts (created_at DESC, id);

-- One row per wave. Its apply and rollback command ids are chosen when the rollout is created and stored before
-- either is issued, so after a restart the driver asks the command store whether one was issued instead of
-- issuing it twice. phase: PENDING, ANSWERING (sent, awaiting results), BAKING, PASSED, FAILED.
CREATE TABLE rollout_waves (
    rollout_id          text        NOT NULL REFERENCES rollouts (id),
    wave                integer     NOT NULL,
    phase               text        NOT NULL,
    apply_command_id    text        NOT NULL UNIQUE,
    rollback_command_id text        NOT NULL UNIQUE,
    sent_at             timestamptz,
    bake_until          timestamptz,
    gate                jsonb,
    PRIMARY KEY (rollout_id, wave)
);

-- Which wave each host is in; position keeps the plan's order within the wave.
CREATE TABLE rollout_hosts (
    rollout_id text    NOT NULL REFERENCES rollouts (id),
    host_id    text    NOT NULL REFERENCES hosts (id),
    wave       integer NOT NULL,
    position   integer NOT NULL,
    PRIMARY KEY (rollout_id, host_id)
);
CREATE INDEX rollout_hosts_by_host ON rollout_hosts (host_id);
