-- API tokens: only the SHA-256 of each secret is kept, so a copy of this table grants nothing. A name is never
-- reused (revoking keeps the row), so an audit entry's actor always means one token; the bootstrap token's row is
-- the exception, its hash replaced when its configured secret changes.
CREATE TABLE api_tokens (
    name       text        PRIMARY KEY,
    role       text        NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN')),
    token_hash text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    revoked_at timestamptz
);

-- GET /api/audit?actor= : who did what.
CREATE INDEX audit_events_by_actor ON audit_events (actor, id DESC);
