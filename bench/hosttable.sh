#!/usr/bin/env bash
# How long the dashboard's Fleet page waits on the API at HOSTS hosts (issue 25: usable in under 2 s at 10,000),
# beside a primary-key lookup through the same HTTP stack and database (the anchor: this machine is shared, so the
# ratio is the figure to compare), and beside the flat host list the page fetched before.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/hosttable.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker and the control plane on free
# ports, and loads HOSTS hosts as ingest would have left them: each with its latest figures (host_figures, what the
# table sorts by) and MINUTES minutes of per-minute rollups, the hosts' and the fleet's (fleet_rollups, what the
# page's four sum trends read). A tenth are stale.
# Then, median of RUNS:
#   - the page's requests as overview.js makes them: the cards' count, the firing alerts and the four fleet trends
#     at once, then the host table's first page; wall time of the whole                     (target: under 2 s)
#   - each host-table request alone: first page by id, worst 50 by TIME_WAIT, a search sorted by retransmits
#   - one of the page's four fleet trends alone, the part the host table does not touch
#   - GET /api/hosts, the flat list of every host the page drew before, and its size
# Everything it starts, and the database, goes away on exit, however it exits.
#
# Settings (environment): HOSTS (10000), MINUTES (360), RUNS (7), PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

HOSTS=${HOSTS:-10000}
MINUTES=${MINUTES:-360}
RUNS=${RUNS:-7}
NAME=hosttable.sh
source "$(dirname "$0")/lib.sh"
# the API wants a token; this control plane lives only as long as the run, so a throwaway admin one
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
HTTP_PORT=$(free_port)
start_broker
TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN start_control_plane
API=http://127.0.0.1:$HTTP_PORT
await_control_plane "$API/q/health/live"

echo "loading $HOSTS hosts with their latest figures and $MINUTES minutes of minute rollups, hosts' and fleet's ..."
load_start=$SECONDS
psql -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
SELECT 'bench-' || i, 'node-' || i || '.bench.example', jsonb_build_object('env', CASE WHEN i % 10 = 0 THEN 'staging'
       ELSE 'prod' END, 'role', 'role-' || (i % 8)), 'bench', now() - interval '30 days',
       now() - CASE WHEN i % 10 = 3 THEN interval '1 day' ELSE interval '5 seconds' END
FROM generate_series(1, $HOSTS) i;

-- figures in HostFigures.STORED_ORDER: sockets, established, time_wait, syn_recv, close_wait, orphans,
-- listen_overflows_per_s, retransmits_per_s, resets_sent_per_s, ephemeral_port_usage, conntrack_usage, load1
INSERT INTO host_figures (host_id, labels, collected_at, figures, changed_by)
SELECT h.id, h.labels, h.last_seen, ARRAY[v * 3, v, v * 2, v % 7, v % 11, v % 5, (v % 13) / 10.0, (v % 97) / 3.0,
       (v % 17) / 4.0, (v % 100) / 100.0, (v % 90) / 100.0, (v % 40) / 10.0]::float8[], pg_current_xact_id()
FROM hosts h, LATERAL (SELECT hashtext(h.id) & 4095 AS v) f;

INSERT INTO snapshot_rollups (host_id, bucket, bucket_start,
    established_n, established_sum, established_min, established_max, time_wait_n, time_wait_sum, time_wait_min,
    time_wait_max, retransmits_per_s_n, retransmits_per_s_sum, retransmits_per_s_min, retransmits_per_s_max,
    listen_overflows_per_s_n, listen_overflows_per_s_sum, listen_overflows_per_s_min, listen_overflows_per_s_max)
SELECT 'bench-' || i, '1m', t, 4, 4 * v, v, v, 4, 8 * v, 2 * v, 2 * v, 4, v / 25, v / 100, v / 100, 4, 0, 0, 0
FROM generate_series(1, $HOSTS) i,
     generate_series(date_trunc('minute', now()) - make_interval(mins => $MINUTES), now(), interval '1 minute') t,
     LATERAL (SELECT 500 + 400 * sin(extract(epoch FROM t) / 13751 + i) AS v) f;
ANALYZE hosts; ANALYZE host_figures; ANALYZE snapshot_rollups;
SQL
# the page's four sum trends read the fleet's rows
fill_fleet_rollups established time_wait retransmits_per_s listen_overflows_per_s
echo "loaded in $(( SECONDS - load_start )) s"

since=$(date -u -d '6 hours ago' +%Y-%m-%dT%H:%M:%SZ)
AUTH=(-H "Authorization: Bearer $TOKEN")
ms() { awk -v s="$1" 'BEGIN { printf "%.2f\n", s * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
get() { # url: one request's wall time in ms; fails on a non-200
    local code secs
    read -r code secs < <(curl -s "${AUTH[@]}" -o /dev/null -w '%{http_code} %{time_total}\n' "$1")
    [[ $code == 200 ]] || die "GET $1 answered $code"
    ms "$secs"
}
time_ms() { # url: median of RUNS requests after two warm-up ones
    local i
    for i in 1 2; do get "$1" >/dev/null; done
    for (( i = 0; i < RUNS; i++ )); do get "$1"; done | median
}
FIRST=("$API/api/hosts-page?limit=0" "$API/api/alerts?status=firing")
for metric in established time_wait retransmits_per_s listen_overflows_per_s; do
    FIRST+=("$API/api/trends/$metric?agg=sum&bucket=1m&from=$since")
done
TABLE="$API/api/hosts-page?sort=id&order=asc&limit=50&offset=0"
fleet_page() { # the page's requests in its order, the first ones at once: wall time in ms
    local start end url pids=()
    start=$(date +%s%N)
    for url in "${FIRST[@]}"; do curl -sf "${AUTH[@]}" -o /dev/null "$url" & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid" || die "a request of the page failed"; done
    curl -sf "${AUTH[@]}" -o /dev/null "$TABLE" || die "GET $TABLE failed"
    end=$(date +%s%N)
    awk -v ns=$(( end - start )) 'BEGIN { printf "%.2f\n", ns / 1e6 }'
}

anchor=$(time_ms "$API/api/hosts/bench-1")
fleet_page >/dev/null; fleet_page >/dev/null
page=$(for (( i = 0; i < RUNS; i++ )); do fleet_page; done | median)
first=$(time_ms "$TABLE")
worst=$(time_ms "$API/api/hosts-page?sort=time_wait&limit=50")
search=$(time_ms "$API/api/hosts-page?q=bench-99&sort=retransmits_per_s&limit=50")
trend=$(time_ms "${FIRST[3]}")
flat=$(time_ms "$API/api/hosts")
flat_bytes=$(curl -sf "${AUTH[@]}" "$API/api/hosts" | wc -c)
page_bytes=$(curl -sf "${AUTH[@]}" "$TABLE" | wc -c)

echo
printf '%-58s %10s %8s %10s\n' "at $HOSTS hosts, $MINUTES minutes of rollups" "median" "target" "x anchor"
printf '%-58s %7s ms %8s %10s\n' "anchor: GET /api/hosts/{id}" "$anchor" "" "1.0"
printf '%-58s %7s ms %8s %10s\n' "the Fleet page's requests, as the page makes them" "$page" "2 s" "$(ratio "$page")"
printf '%-58s %7s ms %8s %10s\n' "host table, first 50 by id ($page_bytes bytes)" "$first" "" "$(ratio "$first")"
printf '%-58s %7s ms %8s %10s\n' "host table, worst 50 by TIME_WAIT" "$worst" "" "$(ratio "$worst")"
printf '%-58s %7s ms %8s %10s\n' "host table, search 'bench-99' by retransmits" "$search" "" "$(ratio "$search")"
printf '%-58s %7s ms %8s %10s\n' "one of the page's fleet trends alone (TIME_WAIT, 6 h at 1 m)" "$trend" "" "$(ratio "$trend")"
printf '%-58s %7s ms %8s %10s\n' "before: GET /api/hosts, every host ($flat_bytes bytes)" "$flat" "" "$(ratio "$flat")"
