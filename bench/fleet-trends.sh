#!/usr/bin/env bash
# What a fleet chart costs beside a host chart (issue 25): the dashboard's fleet trend, a sum over 6 hours at
# 1-minute buckets, for the whole fleet and for one label, against the same trend of one host (the anchor, timed
# through the same HTTP stack and database in the same run: this machine is shared, so the ratio is the figure).
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/fleet-trends.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker and the control plane on free ports,
# loads HOSTS hosts' minute rollups for the last HOURS hours as ingest would have left them, and the fleet's rows
# (fleet_rollups, per label group) as ingest keeps them, then times, median of RUNS requests each:
#   - anchor: one host's established, 6 h at 1 m
#   - the fleet's sum of established, 6 h at 1 m: from the fleet's rows (after), and from every host's rows (before:
#     the selector env!=none picks the same hosts but is not a kept group, so it takes the per-host query)
#   - the same for one label, env=prod (before: env=prod,env=prod)
# Everything it starts, and the database, goes away on exit, however it exits.
#
# Settings (environment): HOSTS (10000), HOURS (6), RUNS (11), PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

NAME=fleet-trends.sh
HOSTS=${HOSTS:-10000}
HOURS=${HOURS:-6}
RUNS=${RUNS:-11}
source "$(dirname "$0")/lib.sh"
# the API wants a token; this control plane lives only as long as the run, so a throwaway admin one
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
start_broker
HTTP_PORT=$(free_port)
TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN start_control_plane
API=http://127.0.0.1:$HTTP_PORT
await_control_plane "$API/q/health/live"

echo "loading $HOSTS hosts: minute rollups for $HOURS hours, and the fleet's rows ..."
load_start=$SECONDS
# each host 1 to 6 snapshots a minute, figures on a daily wave per host, so the sums have something to sum
psql -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
SELECT 'bench-' || i, 'bench-' || i, jsonb_build_object('env', CASE WHEN i % 10 = 0 THEN 'staging' ELSE 'prod' END,
       'role', 'role-' || (i % 8)), 'bench', now() - interval '$HOURS hours', now()
FROM generate_series(1, $HOSTS) i;

INSERT INTO snapshot_rollups (host_id, bucket, bucket_start, established_n, established_sum, established_min,
                              established_max)
SELECT 'bench-' || i, '1m', t, n, n * v, v * 0.8, v * 1.2
FROM generate_series(1, $HOSTS) i,
     generate_series(date_trunc('minute', now()) - interval '$HOURS hours', now(), interval '1 minute') t,
     LATERAL (SELECT 1 + (i + extract(minute FROM t)::int) % 6 AS n,
                     500 + 400 * sin(extract(epoch FROM t) / 13751 + i) + i % 50 AS v) f;

ANALYZE snapshot_rollups;
SQL
fill_fleet_rollups established
rows=$(sql "SELECT count(*) FROM snapshot_rollups")
fleet_rows=$(sql "SELECT count(*) FROM fleet_rollups")
echo "loaded $rows host rollup rows and $fleet_rows fleet rows in $(( SECONDS - load_start )) s"

end=$(( $(date +%s) / 60 * 60 ))
to=$(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)
from=$(date -u -d "@$(( end - 6 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ)
window="from=$from&to=$to&bucket=1m"
time_ms() { # url: median wall time in ms of RUNS requests, after two warm-up ones; fails on a non-200
    local url=$1 i code
    for i in 1 2; do curl -sf -H "Authorization: Bearer $TOKEN" -o /dev/null "$url" || die "GET $url failed"; done
    for (( i = 0; i < RUNS; i++ )); do
        read -r code secs < <(curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null \
            -w '%{http_code} %{time_total}\n' "$url")
        [[ $code == 200 ]] || die "GET $url answered $code"
        awk -v s="$secs" 'BEGIN { printf "%.2f\n", s * 1000 }'
    done | median
}
same() { # url url: whether both answer the same buckets and host counts, and values equal to 1e-9 (sums are added
    # in another order)
    python3 - "$TOKEN" "$1" "$2" <<'PY'
import json, math, sys, urllib.request
def points(url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + sys.argv[1]})
    return json.load(urllib.request.urlopen(request))["points"]
a, b = points(sys.argv[2]), points(sys.argv[3])
sys.exit(0 if a and len(a) == len(b) and all(p["bucketStart"] == q["bucketStart"] and p["hosts"] == q["hosts"]
                                             and math.isclose(p["value"], q["value"], rel_tol=1e-9)
                                             for p, q in zip(a, b)) else 1)
PY
}

trend=$API/api/trends/established?agg=sum
# before and after must answer the same points, or the comparison means nothing
same "$trend&$window" "$trend&labels=env!=none&$window" || die "the fleet's rows differ from its hosts'"
same "$trend&labels=env=prod&$window" "$trend&labels=env=prod,env=prod&$window" || die "the label's rows differ"

anchor=$(time_ms "$API/api/hosts/bench-1/trends/established?$window")
fleet_after=$(time_ms "$trend&$window")
fleet_before=$(time_ms "$trend&labels=env!=none&$window")
label_after=$(time_ms "$trend&labels=env=prod&$window")
label_before=$(time_ms "$trend&labels=env=prod,env=prod&$window")

echo
printf '%-60s %10s %12s\n' "sum of established, 6 h at 1 m ($HOSTS hosts)" "median" "x anchor"
printf '%-60s %7s ms %12s\n' "anchor: one host's trend" "$anchor" "1.0"
printf '%-60s %7s ms %12s\n' "whole fleet, from the fleet's rows" "$fleet_after" "$(ratio "$fleet_after")"
printf '%-60s %7s ms %12s\n' "whole fleet, from every host's rows (before)" "$fleet_before" "$(ratio "$fleet_before")"
printf '%-60s %7s ms %12s\n' "env=prod, from the fleet's rows" "$label_after" "$(ratio "$label_after")"
printf '%-60s %7s ms %12s\n' "env=prod, from its hosts' rows (before)" "$label_before" "$(ratio "$label_before")"
echo "control plane peak RSS: $(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$APP_PID/status")" \
    "(heap bound: $(cat control-plane/jvm.options))"
