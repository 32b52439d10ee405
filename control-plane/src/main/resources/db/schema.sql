-- The control plane's schema as the Flyway migrations (db/migration) leave it, to read in one place.
-- Generated, never applied: the migrations remain the source of truth, and SchemaFileTest fails when
-- this file no longer matches what they build.
-- Regenerate with: bin/dump-schema
-- (pg_dump --schema-only --no-owner --no-privileges of a database Flyway built, less pg_dump's comments
-- and SET lines, Flyway's own history table and the day partitions snapshots_YYYYMMDD made at run time.)

CREATE FUNCTION public.alert_events_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added WHERE to_status IN ('FIRING', 'RESOLVED')) THEN
        PERFORM pg_notify('tcpfleet_alert_events', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.tcpfleet_ensure_snapshot_partition(day date) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

CREATE TABLE public.alert_events (
    id bigint NOT NULL,
    rule text NOT NULL,
    host_id text,
    severity text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    metric text NOT NULL,
    value double precision NOT NULL,
    threshold double precision NOT NULL,
    at timestamp with time zone NOT NULL,
    published boolean DEFAULT false NOT NULL,
    webhook_done boolean DEFAULT false NOT NULL,
    webhook_attempts integer DEFAULT 0 NOT NULL,
    webhook_next_at timestamp with time zone DEFAULT now() NOT NULL,
    webhook_error text,
    subject text NOT NULL,
    automation_decided boolean DEFAULT false NOT NULL,
    CONSTRAINT alert_events_subject_is_host_fleet_or_campaign CHECK (((host_id = subject) OR ((host_id IS NULL) AND ((subject = 'fleet'::text) OR (subject ~~ 'campaign:%'::text)))))
);

CREATE SEQUENCE public.alert_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.alert_events_id_seq OWNED BY public.alert_events.id;

CREATE TABLE public.alert_rules (
    name text NOT NULL,
    metric text NOT NULL,
    comparison text NOT NULL,
    threshold double precision NOT NULL,
    clear_threshold double precision NOT NULL,
    for_seconds integer NOT NULL,
    severity text NOT NULL,
    labels text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    scope text DEFAULT 'HOST'::text NOT NULL,
    aggregate text,
    runbook text,
    CONSTRAINT alert_rules_aggregate_check CHECK ((aggregate = ANY (ARRAY['SUM'::text, 'AVG'::text, 'MAX'::text, 'P95'::text]))),
    CONSTRAINT alert_rules_comparison_check CHECK ((comparison = ANY (ARRAY['ABOVE'::text, 'BELOW'::text]))),
    CONSTRAINT alert_rules_for_seconds_check CHECK ((for_seconds >= 0)),
    CONSTRAINT alert_rules_only_fleet_aggregates CHECK (((scope = 'FLEET'::text) = (aggregate IS NOT NULL))),
    CONSTRAINT alert_rules_scope_check CHECK ((scope = ANY (ARRAY['HOST'::text, 'FLEET'::text, 'CAMPAIGN'::text]))),
    CONSTRAINT alert_rules_severity_check CHECK ((severity = ANY (ARRAY['INFO'::text, 'WARNING'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.alert_silences (
    id bigint NOT NULL,
    rule text,
    host_id text,
    reason text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    ends_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.alert_silences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.alert_silences_id_seq OWNED BY public.alert_silences.id;

CREATE TABLE public.alertmanager_targets (
    url text NOT NULL,
    last_try_at timestamp with time zone NOT NULL,
    last_ok_at timestamp with time zone,
    alerts integer NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    last_error text,
    next_try_at timestamp with time zone NOT NULL
);

CREATE TABLE public.alerts (
    rule text NOT NULL,
    host_id text,
    status text NOT NULL,
    since timestamp with time zone NOT NULL,
    last_value double precision NOT NULL,
    evaluated_at timestamp with time zone NOT NULL,
    subject text NOT NULL,
    CONSTRAINT alerts_status_check CHECK ((status = ANY (ARRAY['OK'::text, 'PENDING'::text, 'FIRING'::text, 'RESOLVED'::text]))),
    CONSTRAINT alerts_subject_is_host_fleet_or_campaign CHECK (((host_id = subject) OR ((host_id IS NULL) AND ((subject = 'fleet'::text) OR (subject ~~ 'campaign:%'::text)))))
)
WITH (fillfactor='80');

CREATE TABLE public.api_tokens (
    name text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by text NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_tokens_role_check CHECK ((role = ANY (ARRAY['VIEWER'::text, 'OPERATOR'::text, 'ADMIN'::text])))
);

CREATE TABLE public.audit_events (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail jsonb NOT NULL,
    outcome text NOT NULL,
    count bigint
);

CREATE SEQUENCE public.audit_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.audit_events_id_seq OWNED BY public.audit_events.id;

CREATE TABLE public.automation_actions (
    id text NOT NULL,
    rule text NOT NULL,
    alert_event_id bigint NOT NULL,
    alert_rule text NOT NULL,
    alert_subject text NOT NULL,
    metric text NOT NULL,
    comparison text NOT NULL,
    alert_value double precision NOT NULL,
    action text NOT NULL,
    host_ids text[] NOT NULL,
    plan jsonb NOT NULL,
    state text NOT NULL,
    reason text,
    rollout_id text,
    campaign_id text,
    judgement jsonb,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    queued_at timestamp with time zone,
    cooldown_until timestamp with time zone,
    CONSTRAINT automation_actions_state_check CHECK ((state = ANY (ARRAY['PROPOSED'::text, 'APPROVED'::text, 'READY'::text, 'QUEUED'::text, 'STARTED'::text, 'KEPT'::text, 'ROLLED_BACK'::text, 'SKIPPED'::text, 'REJECTED'::text, 'FAILED'::text, 'EXPIRED'::text])))
);

CREATE TABLE public.automation_rules (
    name text NOT NULL,
    alert_rule text NOT NULL,
    action text NOT NULL,
    profile text,
    profile_version integer,
    bake_seconds integer,
    campaign jsonb,
    mode text NOT NULL,
    cooldown_seconds integer NOT NULL,
    enabled boolean NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    stopped_reason text,
    CONSTRAINT automation_rules_action_check CHECK ((action = ANY (ARRAY['APPLY_PROFILE'::text, 'CAMPAIGN'::text]))),
    CONSTRAINT automation_rules_check CHECK (((action = 'APPLY_PROFILE'::text) = (profile IS NOT NULL))),
    CONSTRAINT automation_rules_check1 CHECK (((action = 'CAMPAIGN'::text) = (campaign IS NOT NULL))),
    CONSTRAINT automation_rules_cooldown_seconds_check CHECK ((cooldown_seconds >= 0)),
    CONSTRAINT automation_rules_mode_check CHECK ((mode = ANY (ARRAY['AUTO'::text, 'PROPOSE'::text])))
);

CREATE TABLE public.campaign_hosts (
    campaign_id text NOT NULL,
    "position" integer NOT NULL,
    host_id text NOT NULL,
    command_id text NOT NULL,
    result jsonb,
    answered_at timestamp with time zone
);

CREATE TABLE public.campaigns (
    id text NOT NULL,
    test jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    deadline timestamp with time zone NOT NULL,
    stopped_at timestamp with time zone,
    started_by text,
    action_id text
);

CREATE TABLE public.command_hosts (
    command_id text NOT NULL,
    "position" integer NOT NULL,
    host_id text NOT NULL,
    host_command_id text NOT NULL,
    status text NOT NULL,
    outcome text,
    result jsonb,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    signed text,
    effect jsonb
);

CREATE TABLE public.commands (
    id text NOT NULL,
    action text NOT NULL,
    profile text,
    profile_version integer,
    dry_run boolean NOT NULL,
    rollback_of text,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    confirm_within_seconds integer,
    confirm_of text,
    actor text,
    rollout_id text,
    action_id text,
    CONSTRAINT commands_action_check CHECK ((action = ANY (ARRAY['apply'::text, 'rollback'::text, 'confirm'::text])))
);

CREATE TABLE public.fleet_rollups (
    label_key text NOT NULL,
    label_value text NOT NULL,
    bucket text NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    sockets_hosts integer DEFAULT 0 NOT NULL,
    sockets_sum double precision DEFAULT 0 NOT NULL,
    established_hosts integer DEFAULT 0 NOT NULL,
    established_sum double precision DEFAULT 0 NOT NULL,
    time_wait_hosts integer DEFAULT 0 NOT NULL,
    time_wait_sum double precision DEFAULT 0 NOT NULL,
    syn_recv_hosts integer DEFAULT 0 NOT NULL,
    syn_recv_sum double precision DEFAULT 0 NOT NULL,
    close_wait_hosts integer DEFAULT 0 NOT NULL,
    close_wait_sum double precision DEFAULT 0 NOT NULL,
    orphans_hosts integer DEFAULT 0 NOT NULL,
    orphans_sum double precision DEFAULT 0 NOT NULL,
    listen_overflows_per_s_hosts integer DEFAULT 0 NOT NULL,
    listen_overflows_per_s_sum double precision DEFAULT 0 NOT NULL,
    retransmits_per_s_hosts integer DEFAULT 0 NOT NULL,
    retransmits_per_s_sum double precision DEFAULT 0 NOT NULL,
    resets_sent_per_s_hosts integer DEFAULT 0 NOT NULL,
    resets_sent_per_s_sum double precision DEFAULT 0 NOT NULL,
    ephemeral_port_usage_hosts integer DEFAULT 0 NOT NULL,
    ephemeral_port_usage_sum double precision DEFAULT 0 NOT NULL,
    conntrack_usage_hosts integer DEFAULT 0 NOT NULL,
    conntrack_usage_sum double precision DEFAULT 0 NOT NULL,
    load1_hosts integer DEFAULT 0 NOT NULL,
    load1_sum double precision DEFAULT 0 NOT NULL,
    CONSTRAINT fleet_rollups_bucket_check CHECK ((bucket = ANY (ARRAY['1m'::text, '1h'::text])))
);

CREATE TABLE public.host_enrolments (
    host_id text NOT NULL,
    public_key bytea,
    pending_public_key bytea,
    status text NOT NULL,
    hostname text,
    labels jsonb DEFAULT '{}'::jsonb NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    decided_by text,
    reason text,
    CONSTRAINT host_enrolments_pending_public_key_check CHECK ((octet_length(pending_public_key) = 32)),
    CONSTRAINT host_enrolments_public_key_check CHECK ((octet_length(public_key) = 32)),
    CONSTRAINT host_enrolments_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'rejected'::text, 'revoked'::text])))
);

CREATE TABLE public.host_figures (
    host_id text NOT NULL,
    labels jsonb NOT NULL,
    collected_at timestamp with time zone NOT NULL,
    figures double precision[] NOT NULL,
    changed_by xid8 NOT NULL
)
WITH (fillfactor='70');

CREATE TABLE public.hosts (
    id text NOT NULL,
    hostname text NOT NULL,
    labels jsonb DEFAULT '{}'::jsonb NOT NULL,
    agent_version text NOT NULL,
    first_seen timestamp with time zone NOT NULL,
    last_seen timestamp with time zone NOT NULL
)
WITH (fillfactor='80');

CREATE TABLE public.leases (
    name text NOT NULL,
    holder text NOT NULL,
    acquired_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.profile_versions (
    name text NOT NULL,
    version integer NOT NULL,
    description text NOT NULL,
    settings jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT profile_versions_version_check CHECK ((version >= 1))
);

CREATE TABLE public.rollout_hosts (
    rollout_id text NOT NULL,
    host_id text NOT NULL,
    wave integer NOT NULL,
    "position" integer NOT NULL
);

CREATE TABLE public.rollout_waves (
    rollout_id text NOT NULL,
    wave integer NOT NULL,
    phase text NOT NULL,
    apply_command_id text NOT NULL,
    rollback_command_id text NOT NULL,
    sent_at timestamp with time zone,
    bake_until timestamp with time zone,
    gate jsonb
);

CREATE TABLE public.rollouts (
    id text NOT NULL,
    profile text NOT NULL,
    profile_version integer NOT NULL,
    spec jsonb NOT NULL,
    state text NOT NULL,
    reason text,
    current_wave integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    started_by text,
    rolled_back_by text,
    action_id text
);

CREATE TABLE public.snapshot_rollups (
    host_id text NOT NULL,
    bucket text NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    sockets_n integer DEFAULT 0 NOT NULL,
    sockets_sum double precision DEFAULT 0 NOT NULL,
    sockets_min double precision,
    sockets_max double precision,
    established_n integer DEFAULT 0 NOT NULL,
    established_sum double precision DEFAULT 0 NOT NULL,
    established_min double precision,
    established_max double precision,
    time_wait_n integer DEFAULT 0 NOT NULL,
    time_wait_sum double precision DEFAULT 0 NOT NULL,
    time_wait_min double precision,
    time_wait_max double precision,
    syn_recv_n integer DEFAULT 0 NOT NULL,
    syn_recv_sum double precision DEFAULT 0 NOT NULL,
    syn_recv_min double precision,
    syn_recv_max double precision,
    close_wait_n integer DEFAULT 0 NOT NULL,
    close_wait_sum double precision DEFAULT 0 NOT NULL,
    close_wait_min double precision,
    close_wait_max double precision,
    orphans_n integer DEFAULT 0 NOT NULL,
    orphans_sum double precision DEFAULT 0 NOT NULL,
    orphans_min double precision,
    orphans_max double precision,
    listen_overflows_per_s_n integer DEFAULT 0 NOT NULL,
    listen_overflows_per_s_sum double precision DEFAULT 0 NOT NULL,
    listen_overflows_per_s_min double precision,
    listen_overflows_per_s_max double precision,
    retransmits_per_s_n integer DEFAULT 0 NOT NULL,
    retransmits_per_s_sum double precision DEFAULT 0 NOT NULL,
    retransmits_per_s_min double precision,
    retransmits_per_s_max double precision,
    resets_sent_per_s_n integer DEFAULT 0 NOT NULL,
    resets_sent_per_s_sum double precision DEFAULT 0 NOT NULL,
    resets_sent_per_s_min double precision,
    resets_sent_per_s_max double precision,
    ephemeral_port_usage_n integer DEFAULT 0 NOT NULL,
    ephemeral_port_usage_sum double precision DEFAULT 0 NOT NULL,
    ephemeral_port_usage_min double precision,
    ephemeral_port_usage_max double precision,
    conntrack_usage_n integer DEFAULT 0 NOT NULL,
    conntrack_usage_sum double precision DEFAULT 0 NOT NULL,
    conntrack_usage_min double precision,
    conntrack_usage_max double precision,
    load1_n integer DEFAULT 0 NOT NULL,
    load1_sum double precision DEFAULT 0 NOT NULL,
    load1_min double precision,
    load1_max double precision,
    fleet_labels jsonb,
    CONSTRAINT snapshot_rollups_bucket_check CHECK ((bucket = ANY (ARRAY['1m'::text, '1h'::text])))
)
WITH (fillfactor='70');

CREATE TABLE public.snapshots (
    host_id text NOT NULL,
    collected_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    schema_version integer NOT NULL,
    body jsonb NOT NULL
)
PARTITION BY RANGE (collected_at);

CREATE TABLE public.snapshots_default (
    host_id text NOT NULL,
    collected_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    schema_version integer NOT NULL,
    body jsonb NOT NULL
);

ALTER TABLE ONLY public.snapshots ATTACH PARTITION public.snapshots_default DEFAULT;

ALTER TABLE ONLY public.alert_events ALTER COLUMN id SET DEFAULT nextval('public.alert_events_id_seq'::regclass);

ALTER TABLE ONLY public.alert_silences ALTER COLUMN id SET DEFAULT nextval('public.alert_silences_id_seq'::regclass);

ALTER TABLE ONLY public.audit_events ALTER COLUMN id SET DEFAULT nextval('public.audit_events_id_seq'::regclass);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert_rules
    ADD CONSTRAINT alert_rules_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.alert_silences
    ADD CONSTRAINT alert_silences_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alertmanager_targets
    ADD CONSTRAINT alertmanager_targets_pkey PRIMARY KEY (url);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (rule, subject);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.automation_actions
    ADD CONSTRAINT automation_actions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.automation_actions
    ADD CONSTRAINT automation_actions_rule_alert_event_id_key UNIQUE (rule, alert_event_id);

ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT automation_rules_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.campaign_hosts
    ADD CONSTRAINT campaign_hosts_command_id_key UNIQUE (command_id);

ALTER TABLE ONLY public.campaign_hosts
    ADD CONSTRAINT campaign_hosts_pkey PRIMARY KEY (campaign_id, host_id);

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.command_hosts
    ADD CONSTRAINT command_hosts_host_command_id_key UNIQUE (host_command_id);

ALTER TABLE ONLY public.command_hosts
    ADD CONSTRAINT command_hosts_pkey PRIMARY KEY (command_id, host_id);

ALTER TABLE ONLY public.commands
    ADD CONSTRAINT commands_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.fleet_rollups
    ADD CONSTRAINT fleet_rollups_pkey PRIMARY KEY (label_key, label_value, bucket, bucket_start);

ALTER TABLE ONLY public.host_enrolments
    ADD CONSTRAINT host_enrolments_pkey PRIMARY KEY (host_id);

ALTER TABLE ONLY public.host_figures
    ADD CONSTRAINT host_figures_pkey PRIMARY KEY (host_id);

ALTER TABLE ONLY public.hosts
    ADD CONSTRAINT hosts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.leases
    ADD CONSTRAINT leases_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.profile_versions
    ADD CONSTRAINT profile_versions_pkey PRIMARY KEY (name, version);

ALTER TABLE ONLY public.rollout_hosts
    ADD CONSTRAINT rollout_hosts_pkey PRIMARY KEY (rollout_id, host_id);

ALTER TABLE ONLY public.rollout_waves
    ADD CONSTRAINT rollout_waves_apply_command_id_key UNIQUE (apply_command_id);

ALTER TABLE ONLY public.rollout_waves
    ADD CONSTRAINT rollout_waves_pkey PRIMARY KEY (rollout_id, wave);

ALTER TABLE ONLY public.rollout_waves
    ADD CONSTRAINT rollout_waves_rollback_command_id_key UNIQUE (rollback_command_id);

ALTER TABLE ONLY public.rollouts
    ADD CONSTRAINT rollouts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.snapshot_rollups
    ADD CONSTRAINT snapshot_rollups_pkey PRIMARY KEY (host_id, bucket, bucket_start);

ALTER TABLE ONLY public.snapshots
    ADD CONSTRAINT snapshots_pkey PRIMARY KEY (host_id, collected_at);

ALTER TABLE ONLY public.snapshots_default
    ADD CONSTRAINT snapshots_default_pkey PRIMARY KEY (host_id, collected_at);

CREATE INDEX alert_events_automation_due ON public.alert_events USING btree (id) WHERE ((to_status = 'FIRING'::text) AND (NOT automation_decided));

CREATE INDEX alert_events_by_host ON public.alert_events USING btree (host_id, at) WHERE (to_status = 'FIRING'::text);

CREATE INDEX alert_events_unpublished ON public.alert_events USING btree (id) WHERE (NOT published);

CREATE INDEX alert_events_webhook_due ON public.alert_events USING btree (webhook_next_at) WHERE (NOT webhook_done);

CREATE INDEX alert_silences_ending ON public.alert_silences USING btree (ends_at);

CREATE INDEX alerts_active ON public.alerts USING btree (status) WHERE (status = ANY (ARRAY['PENDING'::text, 'FIRING'::text]));

CREATE INDEX alerts_by_host ON public.alerts USING btree (host_id);

CREATE INDEX audit_events_by_actor ON public.audit_events USING btree (actor, id DESC);

CREATE INDEX audit_events_by_target ON public.audit_events USING btree (target, id DESC);

CREATE UNIQUE INDEX audit_events_refusals ON public.audit_events USING btree (target, action, at) WHERE (count IS NOT NULL);

CREATE INDEX automation_actions_hosts ON public.automation_actions USING gin (host_ids);

CREATE INDEX automation_actions_newest_first ON public.automation_actions USING btree (created_at DESC);

CREATE INDEX automation_actions_open ON public.automation_actions USING btree (state) WHERE (state = ANY (ARRAY['PROPOSED'::text, 'APPROVED'::text, 'READY'::text, 'QUEUED'::text, 'STARTED'::text]));

CREATE INDEX automation_rules_by_alert ON public.automation_rules USING btree (alert_rule);

CREATE INDEX automation_rules_by_profile ON public.automation_rules USING btree (profile) WHERE (profile IS NOT NULL);

CREATE INDEX campaign_hosts_by_host ON public.campaign_hosts USING btree (host_id);

CREATE INDEX campaigns_newest_first ON public.campaigns USING btree (created_at DESC, id);

CREATE INDEX command_hosts_by_host ON public.command_hosts USING btree (host_id);

CREATE INDEX command_hosts_effect_due ON public.command_hosts USING btree (updated_at) WHERE ((outcome = 'APPLIED'::text) AND (effect IS NULL));

CREATE INDEX commands_newest_first ON public.commands USING btree (created_at DESC, id);

CREATE INDEX fleet_rollups_bucket_start ON public.fleet_rollups USING btree (bucket, bucket_start);

CREATE INDEX host_enrolments_by_status ON public.host_enrolments USING btree (status, requested_at);

CREATE INDEX rollout_hosts_by_host ON public.rollout_hosts USING btree (host_id);

CREATE INDEX rollouts_newest_first ON public.rollouts USING btree (created_at DESC, id);

ALTER INDEX public.snapshots_pkey ATTACH PARTITION public.snapshots_default_pkey;

CREATE TRIGGER alert_events_notify AFTER INSERT ON public.alert_events REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION public.alert_events_notify();

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.campaign_hosts
    ADD CONSTRAINT campaign_hosts_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id);

ALTER TABLE ONLY public.campaign_hosts
    ADD CONSTRAINT campaign_hosts_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.command_hosts
    ADD CONSTRAINT command_hosts_command_id_fkey FOREIGN KEY (command_id) REFERENCES public.commands(id);

ALTER TABLE ONLY public.command_hosts
    ADD CONSTRAINT command_hosts_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.commands
    ADD CONSTRAINT commands_confirm_of_fkey FOREIGN KEY (confirm_of) REFERENCES public.commands(id);

ALTER TABLE ONLY public.commands
    ADD CONSTRAINT commands_rollback_of_fkey FOREIGN KEY (rollback_of) REFERENCES public.commands(id);

ALTER TABLE ONLY public.host_figures
    ADD CONSTRAINT host_figures_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.rollout_hosts
    ADD CONSTRAINT rollout_hosts_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE ONLY public.rollout_hosts
    ADD CONSTRAINT rollout_hosts_rollout_id_fkey FOREIGN KEY (rollout_id) REFERENCES public.rollouts(id);

ALTER TABLE ONLY public.rollout_waves
    ADD CONSTRAINT rollout_waves_rollout_id_fkey FOREIGN KEY (rollout_id) REFERENCES public.rollouts(id);

ALTER TABLE ONLY public.snapshot_rollups
    ADD CONSTRAINT snapshot_rollups_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);

ALTER TABLE public.snapshots
    ADD CONSTRAINT snapshots_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.hosts(id);
