-- The measured effect of a host's applied apply (a changes.EffectView): its headline figures in its last snapshot
-- before the apply was sent against their mean over the effect window after it answered. Null until measured; a
-- host that reported nothing in the window gets an effect with snapshotsAfter 0, so it is not measured again.
ALTER TABLE command_hosts ADD COLUMN effect jsonb;
-- What the measuring job looks for each tick: answered applies still unmeasured, oldest answer first.
CREATE INDEX command_hosts_effect_due ON command_hosts (updated_at)
    WHERE outcome = 'APPLIED' AND effect IS NULL;

-- Change events are read per host over a time range: a host's commands and campaigns without a scan of all.
CREATE INDEX command_hosts_by_host ON command_hosts (host_id);
CREATE INDEX campaign_hosts_by_host ON campaign_hosts (host_id);
