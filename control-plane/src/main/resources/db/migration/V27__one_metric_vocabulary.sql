-- Rollout health gates named their figures timeWait, listenOverflowsPerSecond and retransmitsPerSecond, while
-- trends, alerts and automation named the same figures time_wait, listen_overflows_per_s and retransmits_per_s. The
-- API now speaks the second vocabulary only (requests may still use the first); this renames what was stored in
-- the first: rollout specs' checks, each wave's gate (its readings and its reasons), a rollout's reason, and
-- automation's planned rollouts and reasons. The audit trail is left as it was: it records what was asked, as
-- asked. Rows with nothing to rename are not written, so running it over renamed rows changes nothing.

CREATE FUNCTION v27_renames() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT '{"timeWait": "time_wait", "listenOverflowsPerSecond": "listen_overflows_per_s",
             "retransmitsPerSecond": "retransmits_per_s"}'::jsonb
$$;

CREATE FUNCTION v27_metric(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(v27_renames() ->> name, name)
$$;

-- A gate's reason about a figure ("no timeWait before the wave", "timeWait rose from 10.0 to 90.0 ..."), on its
-- own or after "host: " or "; " in a rollout's reason. Host ids and the rest of the text keep their words.
CREATE FUNCTION v27_reason(reason text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    former text;
    canonical text;
BEGIN
    FOR former, canonical IN SELECT key, value FROM jsonb_each_text(v27_renames()) LOOP
        reason := regexp_replace(reason, '(^|: |; )(no )?' || former
                                         || '( before the wave| since the apply| rose from )',
                                 '\1\2' || canonical || '\3', 'g');
    END LOOP;
    RETURN reason;
END
$$;

-- metricChecks as a spec or a rollout request holds them: [{"metric": ..., "tolerancePercent": ...}, ...]
CREATE FUNCTION v27_checks(checks jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(checks) = 'array' THEN (
        SELECT coalesce(jsonb_agg(CASE
                   WHEN jsonb_typeof(c -> 'metric') = 'string'
                       THEN jsonb_set(c, '{metric}', to_jsonb(v27_metric(c ->> 'metric')))
                   ELSE c
               END ORDER BY position), '[]')
        FROM jsonb_array_elements(checks) WITH ORDINALITY AS listed (c, position))
    ELSE checks END
$$;

-- a wave's gate: {"verdict": ..., "hosts": [{"hostId": ..., "reasons": [...], "metrics": {name: reading}}]}
CREATE FUNCTION v27_gate(gate jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(gate -> 'hosts') = 'array' THEN jsonb_set(gate, '{hosts}', (
        SELECT coalesce(jsonb_agg(host
                   || CASE WHEN jsonb_typeof(host -> 'reasons') = 'array' THEN jsonb_build_object('reasons', (
                          SELECT coalesce(jsonb_agg(to_jsonb(v27_reason(reason)) ORDER BY n), '[]')
                          FROM jsonb_array_elements_text(host -> 'reasons') WITH ORDINALITY AS r (reason, n)))
                      ELSE '{}' END
                   || CASE WHEN jsonb_typeof(host -> 'metrics') = 'object' THEN jsonb_build_object('metrics', (
                          SELECT coalesce(jsonb_object_agg(v27_metric(key), value), '{}')
                          FROM jsonb_each(host -> 'metrics')))
                      ELSE '{}' END
               ORDER BY position), '[]')
        FROM jsonb_array_elements(gate -> 'hosts') WITH ORDINALITY AS listed (host, position)))
    ELSE gate END
$$;

UPDATE rollouts r
SET spec = renamed.spec, reason = renamed.reason
FROM (SELECT id,
             CASE WHEN spec ? 'metricChecks'
                 THEN jsonb_set(spec, '{metricChecks}', v27_checks(spec -> 'metricChecks')) ELSE spec END AS spec,
             v27_reason(reason) AS reason
      FROM rollouts) AS renamed
WHERE r.id = renamed.id
  AND (r.spec IS DISTINCT FROM renamed.spec OR r.reason IS DISTINCT FROM renamed.reason);

UPDATE rollout_waves w
SET gate = v27_gate(w.gate)
WHERE w.gate IS NOT NULL AND w.gate IS DISTINCT FROM v27_gate(w.gate);

UPDATE automation_actions a
SET plan = renamed.plan, reason = renamed.reason
FROM (SELECT id,
             CASE WHEN plan ? 'metricChecks'
                 THEN jsonb_set(plan, '{metricChecks}', v27_checks(plan -> 'metricChecks')) ELSE plan END AS plan,
             v27_reason(reason) AS reason
      FROM automation_actions) AS renamed
WHERE a.id = renamed.id
  AND (a.plan IS DISTINCT FROM renamed.plan OR a.reason IS DISTINCT FROM renamed.reason);

DROP FUNCTION v27_gate(jsonb);
DROP FUNCTION v27_checks(jsonb);
DROP FUNCTION v27_reason(text);
DROP FUNCTION v27_metric(text);
DROP FUNCTION v27_renames();
