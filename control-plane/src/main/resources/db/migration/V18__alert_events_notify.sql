-- Wakes the alert outbox's deliverer (AlertOutboxListener) when alert changes are recorded, whichever code inserted
-- them: NOTIFY is delivered only when the inserting transaction commits, so a delivery round woken by it finds the
-- rows. One notification per statement is enough (a round reads everything waiting), and PostgreSQL folds identical
-- ones within a transaction into one. The channel name is AlertOutboxListener.CHANNEL's.
CREATE FUNCTION alert_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tcpfleet_alert_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER alert_events_notify AFTER INSERT ON alert_events
    FOR EACH STATEMENT EXECUTE FUNCTION alert_events_notify();
