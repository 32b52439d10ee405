-- Snapshots partitioned by UTC day of collected_at, so retention drops whole days instead of deleting rows,
-- and a time-range query reads only the days it covers. Partitions are created ahead of time by
-- tcpfleet_ensure_snapshot_partition (from SnapshotPartitions); a snapshot from a day that has none (a backlog
-- older than the control plane, a clock far behind) lands in the default partition rather than being refused.
ALTER TABLE snapshots RENAME TO snapshots_unpartitioned;
ALTER TABLE snapshots_unpartitioned RENAME CONSTRAINT snapshots_pkey TO snapshots_unpartitioned_pkey;
ALTER TABLE snapshots_unpartitioned RENAME CONSTRAINT snapshots_host_id_fkey TO snapshots_unpartitioned_host_id_fkey;

CREATE TABLE snapshots (
    host_id        text        NOT NULL REFERENCES hosts (id),
    collected_at   timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    schema_version integer     NOT NULL,
    body           jsonb       NOT NULL,
    PRIMARY KEY (host_id, collected_at)
) PARTITION BY RANGE (collected_at);
CREATE TABLE snapshots_default PARTITION OF snapshots DEFAULT;

-- Creates the partition of one UTC day if it is missing. Rows of that day already in the default partition
-- are moved into it first: PostgreSQL refuses a new partition whose range the default partition holds rows of.
CREATE FUNCTION tcpfleet_ensure_snapshot_partition(day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    partition text := 'snapshots_' || to_char(day, 'YYYYMMDD');
    low timestamptz := day::timestamp AT TIME ZONE 'UTC';
    high timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(partition) IS NOT NULL THEN
        RETURN false;
    END IF;
    CREATE TEMP TABLE tcpfleet_moving ON COMMIT DROP AS
        SELECT * FROM snapshots_default WHERE collected_at >= low AND collected_at < high;
    DELETE FROM snapshots_default WHERE collected_at >= low AND collected_at < high;
    EXECUTE format('CREATE TABLE %I PARTITION OF snapshots FOR VALUES FROM (%L) TO (%L)', partition, low, high);
    INSERT INTO snapshots SELECT * FROM tcpfleet_moving;
    DROP TABLE tcpfleet_moving;
    RETURN true;
END $$;

DO $$
DECLARE
    first_day date := LEAST((now() AT TIME ZONE 'UTC')::date, (SELECT min(collected_at AT TIME ZONE 'UTC')::date FROM snapshots_unpartitioned));
    last_day date := GREATEST((now() AT TIME ZONE 'UTC')::date, (SELECT max(collected_at AT TIME ZONE 'UTC')::date FROM snapshots_unpartitioned));
    day date;
BEGIN
    FOR day IN SELECT generate_series(first_day, last_day + 2, interval '1 day')::date LOOP
        PERFORM tcpfleet_ensure_snapshot_partition(day);
    END LOOP;
END $$;
INSERT INTO snapshots SELECT * FROM snapshots_unpartitioned;
DROP TABLE snapshots_unpartitioned;

-- Per host, per minute and per hour: each headline figure's sample count, sum, min and max, kept up to date
-- as snapshots arrive, so a long range is read from a few thousand narrow rows instead of raw snapshots.
-- Columns are <metric>_n/_sum/_min/_max for every SnapshotMetric; a figure a snapshot lacks adds no sample.
CREATE TABLE snapshot_rollups (
    host_id      text        NOT NULL REFERENCES hosts (id),
    bucket       text        NOT NULL CHECK (bucket IN ('1m', '1h')),
    bucket_start timestamptz NOT NULL,
    sockets_n integer NOT NULL DEFAULT 0,
    sockets_sum double precision NOT NULL DEFAULT 0,
    sockets_min double precision,
    sockets_max double precision,
    established_n integer NOT NULL DEFAULT 0,
    established_sum double precision NOT NULL DEFAULT 0,
    established_min double precision,
    established_max double precision,
    time_wait_n integer NOT NULL DEFAULT 0,
    time_wait_sum double precision NOT NULL DEFAULT 0,
    time_wait_min double precision,
    time_wait_max double precision,
    syn_recv_n integer NOT NULL DEFAULT 0,
    syn_recv_sum double precision NOT NULL DEFAULT 0,
    syn_recv_min double precision,
    syn_recv_max double precision,
    close_wait_n integer NOT NULL DEFAULT 0,
    close_wait_sum double precision NOT NULL DEFAULT 0,
    close_wait_min double precision,
    close_wait_max double precision,
    orphans_n integer NOT NULL DEFAULT 0,
    orphans_sum double precision NOT NULL DEFAULT 0,
    orphans_min double precision,
    orphans_max double precision,
    listen_overflows_per_s_n integer NOT NULL DEFAULT 0,
    listen_overflows_per_s_sum double precision NOT NULL DEFAULT 0,
    listen_overflows_per_s_min double precision,
    listen_overflows_per_s_max double precision,
    retransmits_per_s_n integer NOT NULL DEFAULT 0,
    retransmits_per_s_sum double precision NOT NULL DEFAULT 0,
    retransmits_per_s_min double precision,
    retransmits_per_s_max double precision,
    resets_sent_per_s_n integer NOT NULL DEFAULT 0,
    resets_sent_per_s_sum double precision NOT NULL DEFAULT 0,
    resets_sent_per_s_min double precision,
    resets_sent_per_s_max double precision,
    ephemeral_port_usage_n integer NOT NULL DEFAULT 0,
    ephemeral_port_usage_sum double precision NOT NULL DEFAULT 0,
    ephemeral_port_usage_min double precision,
    ephemeral_port_usage_max double precision,
    conntrack_usage_n integer NOT NULL DEFAULT 0,
    conntrack_usage_sum double precision NOT NULL DEFAULT 0,
    conntrack_usage_min double precision,
    conntrack_usage_max double precision,
    load1_n integer NOT NULL DEFAULT 0,
    load1_sum double precision NOT NULL DEFAULT 0,
    load1_min double precision,
    load1_max double precision,
    PRIMARY KEY (host_id, bucket, bucket_start)
);
