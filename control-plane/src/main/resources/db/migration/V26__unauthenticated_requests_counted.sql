-- Requests refused for want of a valid token are kept in aggregate, not one row each, so a 401 storm cannot grow
-- the trail without bound: one row per source address, minute and route (actor 'anonymous', target the source,
-- at the minute), whose count is how many came. Rows of single requests keep count NULL. Adding a nullable column
-- rewrites nothing, however large the table.
ALTER TABLE audit_events ADD COLUMN count bigint;
-- The key the aggregate rows are upserted on (RefusalAudit); rows of single requests are outside it.
CREATE UNIQUE INDEX audit_events_refusals ON audit_events (target, action, at) WHERE count IS NOT NULL;
