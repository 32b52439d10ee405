-- Only the changes that page (FIRING, RESOLVED) wake the outbox's deliverer at once; pending and back-to-OK changes
-- go out with the next round, at most tcpfleet.alerts.notify-interval later. A transaction that NOTIFYs takes a
-- database-wide lock while it commits, and ingest commits many small transactions side by side, most of which
-- record only such minor moves.
DROP TRIGGER alert_events_notify ON alert_events;

CREATE OR REPLACE FUNCTION alert_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added WHERE to_status IN ('FIRING', 'RESOLVED')) THEN
        PERFORM pg_notify('tcpfleet_alert_events', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER alert_events_notify AFTER INSERT ON alert_events REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION alert_events_notify();
