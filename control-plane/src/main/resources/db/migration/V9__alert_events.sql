-- Every alert status change, written in the transaction that made it (an outbox): AlertNotifier publishes each
-- to Kafka and posts firing and resolved ones to the webhook, retrying with backoff and recording failures.
CREATE TABLE alert_events (
    id               bigserial        PRIMARY KEY,
    rule             text             NOT NULL,
    host_id          text             NOT NULL REFERENCES hosts (id),
    severity         text             NOT NULL,
    from_status      text             NOT NULL,
    to_status        text             NOT NULL,
    metric           text             NOT NULL,
    value            double precision NOT NULL,
    threshold        double precision NOT NULL,
    at               timestamptz      NOT NULL,
    published        boolean          NOT NULL DEFAULT false,
    -- webhook: pending while webhook_done is false; webhook_error keeps the last failure, also once given up
    webhook_done     boolean          NOT NULL DEFAULT false,
    webhook_attempts integer          NOT NULL DEFAULT 0,
    webhook_next_at  timestamptz      NOT NULL DEFAULT now(),
    webhook_error    text
);
CREATE INDEX alert_events_unpublished ON alert_events (id) WHERE NOT published;
CREATE INDEX alert_events_webhook_due ON alert_events (webhook_next_at) WHERE NOT webhook_done;
