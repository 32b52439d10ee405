-- Each host's latest figures, as fleet rules aggregate them: written by whichever instance ingests the host's
-- snapshot, read by the one instance that judges fleet rules (the fleet-rules lease). A row only moves forward:
-- a snapshot collected no later than the one it holds leaves it as it is. figures maps each SnapshotMetric's API
-- name to the host's value; one its snapshot lacked is absent.
--
-- changed_by is the transaction that last wrote the row. The judge reads only rows written by transactions its
-- previous read could not see (pg_visible_in_snapshot), which, unlike a sequence number, cannot miss a write that
-- took its number before another but committed after it.
--
-- Not seeded: the figures are computed from a snapshot by SnapshotMetric, so each host appears on its next
-- snapshot (one report interval after an upgrade).
CREATE TABLE host_figures (
    host_id      text        PRIMARY KEY REFERENCES hosts (id),
    labels       jsonb       NOT NULL,
    collected_at timestamptz NOT NULL,
    figures      jsonb       NOT NULL,
    changed_by   xid8        NOT NULL
);
CREATE INDEX host_figures_by_change ON host_figures (changed_by);
