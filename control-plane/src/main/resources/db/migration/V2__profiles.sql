-- Every version of every sysctl profile. A change adds a row; no row's content is ever rewritten, so a rollout
-- can name (name, version) and get the same settings for ever.
--
-- A deletion stamps deleted_at on the version that was latest instead of adding a tombstone row:
-- version numbers then count content only, the history keeps every version readable, and a later
-- PUT simply continues at max(version) + 1. A profile is listed while its latest row has no deleted_at.
CREATE TABLE profile_versions (
    name        text        NOT NULL,
    version     integer     NOT NULL CHECK (version >= 1),
    description text        NOT NULL,
    settings    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    PRIMARY KEY (name, version)
);
