-- Host identity (issue 21): each host's X25519 public key and whether it may report. A host that asks (its first
-- sealed message) is pending until an admin accepts it or it shows the fleet's enrol secret; only accepted hosts'
-- messages are stored. A known host presenting another key is never switched to it: the new key waits in
-- pending_public_key for an admin (a re-enrolment). Rows are kept when rejected or revoked, so a host id once
-- refused stays refused whatever it sends next.
CREATE TABLE host_enrolments (
    host_id            text        PRIMARY KEY,
    -- null only for hosts accepted by this migration: their first sealed message binds its key
    public_key         bytea       CHECK (octet_length(public_key) = 32),
    pending_public_key bytea       CHECK (octet_length(pending_public_key) = 32),
    status             text        NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'revoked')),
    -- what the message that asked said of itself, so an admin sees what asks
    hostname           text,
    labels             jsonb       NOT NULL DEFAULT '{}',
    requested_at       timestamptz NOT NULL,
    decided_at         timestamptz,
    decided_by         text,
    reason             text
);

-- GET /api/hosts/enrolments?status=: what awaits an admin, oldest request first.
CREATE INDEX host_enrolments_by_status ON host_enrolments (status, requested_at);

-- The upgrade path: hosts known before host identity keep reporting. Their agents are upgraded first (a control
-- plane without this migration ignores the headers), and each one's first sealed message binds its key.
INSERT INTO host_enrolments (host_id, status, hostname, labels, requested_at, decided_at, decided_by, reason)
SELECT id, 'accepted', hostname, coalesce(labels, '{}'), first_seen, now(), 'migration V25',
       'reported before host identity: the first sealed message binds its key'
FROM hosts;
