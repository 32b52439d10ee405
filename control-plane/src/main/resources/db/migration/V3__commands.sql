-- One row per operator request to apply or roll back a profile on some hosts. Ids are the text of a UUID.
-- profile and profile_version are null for a rollback, which names no profile.
CREATE TABLE commands (
    id              text        PRIMARY KEY,
    action          text        NOT NULL CHECK (action IN ('apply', 'rollback')),
    profile         text,
    profile_version integer,
    dry_run         boolean     NOT NULL,
    rollback_of     text        REFERENCES commands (id),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX commands_newest_first ON commands (created_at DESC, id);

-- One row per host of a request. Each host gets its own signed command with its own id (host_command_id),
-- which is what the agent echoes in its result; position keeps the order of the request's host list.
-- status: PENDING (stored, not yet taken by the broker), SENT, NOT_SENT (the broker refused it), ANSWERED.
CREATE TABLE command_hosts (
    command_id      text        NOT NULL REFERENCES commands (id),
    position        integer     NOT NULL,
    host_id         text        NOT NULL REFERENCES hosts (id),
    host_command_id text        NOT NULL UNIQUE,
    status          text        NOT NULL,
    outcome         text,
    result          jsonb,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (command_id, host_id)
);
