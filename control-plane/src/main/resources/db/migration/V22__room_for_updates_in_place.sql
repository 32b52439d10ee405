-- Rollups and alerts are updated in place at every batch, in columns no index holds (an alert's status, which
-- alerts_active holds, rarely changes): room left on each page lets PostgreSQL write the new version beside the
-- old one (a HOT update) instead of adding an index entry for every update. Pages written from now on keep it.
ALTER TABLE snapshot_rollups SET (fillfactor = 70);
ALTER TABLE alerts SET (fillfactor = 80);
