-- host_figures.figures as numbers in a fixed order instead of jsonb: written for every snapshot ingested and read
-- back for every host that changed by the fleet judge, the jsonb round trip (text in Java, parsed by PostgreSQL,
-- printed again, parsed again in Java) cost more than the rest of either step.
--
-- Element i is HostFiguresStore.ORDER's i-th metric (1-based in SQL); NULL where the snapshot lacked it. New metrics
-- are appended to that order, so rows written before one existed are shorter and lack it.
ALTER TABLE host_figures ALTER COLUMN figures TYPE float8[] USING ARRAY[
    (figures ->> 'sockets')::float8,
    (figures ->> 'established')::float8,
    (figures ->> 'time_wait')::float8,
    (figures ->> 'syn_recv')::float8,
    (figures ->> 'close_wait')::float8,
    (figures ->> 'orphans')::float8,
    (figures ->> 'listen_overflows_per_s')::float8,
    (figures ->> 'retransmits_per_s')::float8,
    (figures ->> 'resets_sent_per_s')::float8,
    (figures ->> 'ephemeral_port_usage')::float8,
    (figures ->> 'conntrack_usage')::float8,
    (figures ->> 'load1')::float8];
