-- One row per stress or latency campaign. test is the StressRequest every host was sent (its testId the campaign id);
-- a host must start before expires_at, and one silent at deadline is shown as timed out.
CREATE TABLE campaigns (
    id         text        PRIMARY KEY,
    test       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    deadline   timestamptz NOT NULL,
    stopped_at timestamptz
);
CREATE INDEX campaigns_newest_first ON campaigns (created_at DESC, id);

-- One row per host of a campaign: its own signed command (command_id, echoed in its report) and its StressResult
-- as reported, the encoded connect-latency histogram included, so the fleet result can be merged again exactly.
CREATE TABLE campaign_hosts (
    campaign_id text        NOT NULL REFERENCES campaigns (id),
    position    integer     NOT NULL,
    host_id     text        NOT NULL REFERENCES hosts (id),
    command_id  text        NOT NULL UNIQUE,
    result      jsonb,
    answered_at timestamptz,
    PRIMARY KEY (campaign_id, host_id)
);
