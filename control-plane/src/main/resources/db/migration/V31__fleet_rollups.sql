-- Per label group, per minute and per hour: for each headline figure, how many hosts had it and the sum of their
-- bucket averages, the figures a fleet trend of sum or avg combines (issue 25). Kept at ingest by the change each
-- batch makes to a host's bucket average (FleetRollups), so a fleet chart reads one row per bucket instead of
-- summing 10,000 hosts' rows at query time. The whole fleet is the group ('', ''); each label a host carries is
-- the group (key, value). A host's bucket counts in the groups of the labels its host had when the bucket last
-- moved: each host row keeps them (snapshot_rollups.fleet_labels), and a row that moves after its host's labels
-- changed leaves the old groups whole (its host and average taken out) for the new ones.
CREATE TABLE fleet_rollups (
    label_key    text        NOT NULL,
    label_value  text        NOT NULL,
    bucket       text        NOT NULL CHECK (bucket IN ('1m', '1h')),
    bucket_start timestamptz NOT NULL,
    sockets_hosts integer NOT NULL DEFAULT 0,
    sockets_sum double precision NOT NULL DEFAULT 0,
    established_hosts integer NOT NULL DEFAULT 0,
    established_sum double precision NOT NULL DEFAULT 0,
    time_wait_hosts integer NOT NULL DEFAULT 0,
    time_wait_sum double precision NOT NULL DEFAULT 0,
    syn_recv_hosts integer NOT NULL DEFAULT 0,
    syn_recv_sum double precision NOT NULL DEFAULT 0,
    close_wait_hosts integer NOT NULL DEFAULT 0,
    close_wait_sum double precision NOT NULL DEFAULT 0,
    orphans_hosts integer NOT NULL DEFAULT 0,
    orphans_sum double precision NOT NULL DEFAULT 0,
    listen_overflows_per_s_hosts integer NOT NULL DEFAULT 0,
    listen_overflows_per_s_sum double precision NOT NULL DEFAULT 0,
    retransmits_per_s_hosts integer NOT NULL DEFAULT 0,
    retransmits_per_s_sum double precision NOT NULL DEFAULT 0,
    resets_sent_per_s_hosts integer NOT NULL DEFAULT 0,
    resets_sent_per_s_sum double precision NOT NULL DEFAULT 0,
    ephemeral_port_usage_hosts integer NOT NULL DEFAULT 0,
    ephemeral_port_usage_sum double precision NOT NULL DEFAULT 0,
    conntrack_usage_hosts integer NOT NULL DEFAULT 0,
    conntrack_usage_sum double precision NOT NULL DEFAULT 0,
    load1_hosts integer NOT NULL DEFAULT 0,
    load1_sum double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (label_key, label_value, bucket, bucket_start)
);
-- retention deletes by time across every group
CREATE INDEX fleet_rollups_bucket_start ON fleet_rollups (bucket, bucket_start);

-- The labels each host row is counted under (null: not yet counted), and the rollups stored so far, summed once
-- from the hosts' rows as the new code would have kept them, grouped by the labels the hosts carry now (the
-- labels they had when each bucket was stored are not kept anywhere). Two passes over snapshot_rollups (at 10,000
-- hosts and two days of minutes, about 29 million rows: minutes of start-up). Older control planes must be
-- stopped first: what they store after this is not in the fleet rows.
ALTER TABLE snapshot_rollups ADD COLUMN fleet_labels jsonb;
UPDATE snapshot_rollups r SET fleet_labels = coalesce(NULLIF(h.labels, 'null'::jsonb), '{}'::jsonb)
FROM hosts h WHERE h.id = r.host_id;

INSERT INTO fleet_rollups (label_key, label_value, bucket, bucket_start,
    sockets_hosts, sockets_sum,
    established_hosts, established_sum,
    time_wait_hosts, time_wait_sum,
    syn_recv_hosts, syn_recv_sum,
    close_wait_hosts, close_wait_sum,
    orphans_hosts, orphans_sum,
    listen_overflows_per_s_hosts, listen_overflows_per_s_sum,
    retransmits_per_s_hosts, retransmits_per_s_sum,
    resets_sent_per_s_hosts, resets_sent_per_s_sum,
    ephemeral_port_usage_hosts, ephemeral_port_usage_sum,
    conntrack_usage_hosts, conntrack_usage_sum,
    load1_hosts, load1_sum)
SELECT g.label_key, g.label_value, r.bucket, r.bucket_start,
    count(*) FILTER (WHERE r.sockets_n > 0), coalesce(sum(r.sockets_sum / NULLIF(r.sockets_n, 0)), 0),
    count(*) FILTER (WHERE r.established_n > 0), coalesce(sum(r.established_sum / NULLIF(r.established_n, 0)), 0),
    count(*) FILTER (WHERE r.time_wait_n > 0), coalesce(sum(r.time_wait_sum / NULLIF(r.time_wait_n, 0)), 0),
    count(*) FILTER (WHERE r.syn_recv_n > 0), coalesce(sum(r.syn_recv_sum / NULLIF(r.syn_recv_n, 0)), 0),
    count(*) FILTER (WHERE r.close_wait_n > 0), coalesce(sum(r.close_wait_sum / NULLIF(r.close_wait_n, 0)), 0),
    count(*) FILTER (WHERE r.orphans_n > 0), coalesce(sum(r.orphans_sum / NULLIF(r.orphans_n, 0)), 0),
    count(*) FILTER (WHERE r.listen_overflows_per_s_n > 0), coalesce(sum(r.listen_overflows_per_s_sum / NULLIF(r.listen_overflows_per_s_n, 0)), 0),
    count(*) FILTER (WHERE r.retransmits_per_s_n > 0), coalesce(sum(r.retransmits_per_s_sum / NULLIF(r.retransmits_per_s_n, 0)), 0),
    count(*) FILTER (WHERE r.resets_sent_per_s_n > 0), coalesce(sum(r.resets_sent_per_s_sum / NULLIF(r.resets_sent_per_s_n, 0)), 0),
    count(*) FILTER (WHERE r.ephemeral_port_usage_n > 0), coalesce(sum(r.ephemeral_port_usage_sum / NULLIF(r.ephemeral_port_usage_n, 0)), 0),
    count(*) FILTER (WHERE r.conntrack_usage_n > 0), coalesce(sum(r.conntrack_usage_sum / NULLIF(r.conntrack_usage_n, 0)), 0),
    count(*) FILTER (WHERE r.load1_n > 0), coalesce(sum(r.load1_sum / NULLIF(r.load1_n, 0)), 0)
FROM snapshot_rollups r
JOIN hosts h ON h.id = r.host_id
CROSS JOIN LATERAL (SELECT '', '' UNION ALL
    SELECT key, value FROM jsonb_each_text(coalesce(NULLIF(h.labels, 'null'::jsonb), '{}'::jsonb))) AS g (label_key, label_value)
GROUP BY g.label_key, g.label_value, r.bucket, r.bucket_start;
