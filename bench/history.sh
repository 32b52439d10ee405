#!/usr/bin/env bash
# How fast trend queries answer over a month of fleet history, beside a primary-key lookup through the same
# HTTP stack and database (the anchor: this machine is shared, so the ratio is the figure to compare).
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/history.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker and the control plane on
# free ports, loads HOSTS hosts' rollups as ingest would have left them (per hour for DAYS days, per minute for
# the last MINUTE_DAYS days: the queries below read nothing older at minute resolution), then times, median of
# RUNS requests each:
#   - one host, 24 h at 1-minute buckets           (target: under 20 ms)
#   - one host, 30 days at 1-hour buckets          (target: under 50 ms)
#   - fleet p95 over 24 h grouped by a label, at 1-hour and at 1-minute buckets   (target: under 300 ms)
# Raw snapshots are not loaded: trends never read them beyond an hour. Everything it starts, and the database,
# goes away on exit, however it exits.
#
# Settings (environment): HOSTS (1000), DAYS (30), MINUTE_DAYS (2), RUNS (21), PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

HOSTS=${HOSTS:-1000}
DAYS=${DAYS:-30}
MINUTE_DAYS=${MINUTE_DAYS:-2}
RUNS=${RUNS:-21}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
KAFKA_JAR=embedded-kafka/target/tcpfleet-embedded-kafka.jar
APP_JAR=control-plane/target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DB=tcpfleet_bench_$$
# the API wants a token; this control plane lives only as long as the run, so a throwaway admin one
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
WORK=$(mktemp -d /tmp/tcpfleet-history-bench.XXXXXX)
APP_PID=
BROKER_PID=

die() { echo "history.sh: $*" >&2; exit 1; }
[[ -f $APP_JAR && -f $KAFKA_JAR ]] || die "run from the repository root after mvn -DskipTests package"
command -v psql >/dev/null && command -v curl >/dev/null || die "needs psql and curl"

cleanup() {
    [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    [[ -n $BROKER_PID ]] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port); HTTP_PORT=$(free_port)
"$JAVA" -Xmx512m -jar "$KAFKA_JAR" --data-dir "$WORK/kafka" --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
    >"$WORK/kafka.out" 2>"$WORK/kafka.err" &
BROKER_PID=$!
TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN "$JAVA" -Dquarkus.http.port="$HTTP_PORT" -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:5432/$DB" -Dquarkus.datasource.username="$PGUSER" \
    -jar "$APP_JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!
API=http://127.0.0.1:$HTTP_PORT
deadline=$(( SECONDS + 180 ))
until curl -sf "$API/q/health/live" >/dev/null; do
    kill -0 "$APP_PID" 2>/dev/null || die "control plane exited: $(tail -20 "$WORK/app.log")"
    (( SECONDS < deadline )) || die "control plane not up in 180 s"
    sleep 0.5
done

echo "loading $HOSTS hosts: hourly rollups for $DAYS days, minute rollups for $MINUTE_DAYS days ..."
load_start=$SECONDS
# the figures follow a daily wave per host, so aggregates have something to aggregate
psql -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
SELECT 'bench-' || i, 'bench-' || i, jsonb_build_object('env', CASE WHEN i % 10 = 0 THEN 'staging' ELSE 'prod' END,
       'role', 'role-' || (i % 8)), 'bench', now() - interval '$DAYS days', now()
FROM generate_series(1, $HOSTS) i;

INSERT INTO snapshot_rollups (host_id, bucket, bucket_start, established_n, established_sum, established_min,
                              established_max, time_wait_n, time_wait_sum, time_wait_min, time_wait_max)
SELECT 'bench-' || i, b.size, t, n, n * v, v * 0.8, v * 1.2, n, n * v * 3, v * 2.4, v * 3.6
FROM (VALUES ('1h', interval '1 hour', $DAYS, 60), ('1m', interval '1 minute', $MINUTE_DAYS, 1)) AS b(size, step, days, n),
     generate_series(1, $HOSTS) i,
     generate_series(date_trunc('hour', now()) - make_interval(days => b.days), now(), b.step) t,
     LATERAL (SELECT 500 + 400 * sin(extract(epoch FROM t) / 13751 + i) + i % 50 AS v) f;
ANALYZE snapshot_rollups;
SQL
rows=$(psql -At -d "$DB" -c "SELECT count(*) FROM snapshot_rollups")
size=$(psql -At -d "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('snapshot_rollups'))")
echo "loaded $rows rollup rows ($size) in $(( SECONDS - load_start )) s"

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
day_ago=$(date -u -d '24 hours ago' +%Y-%m-%dT%H:%M:%SZ)
month_ago=$(date -u -d "$DAYS days ago" +%Y-%m-%dT%H:%M:%SZ)
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

anchor=$(time_ms "$API/api/hosts/bench-1")
host_day=$(time_ms "$API/api/hosts/bench-1/trends/established?from=$day_ago&to=$now&bucket=1m")
host_month=$(time_ms "$API/api/hosts/bench-1/trends/established?from=$month_ago&to=$now&bucket=1h")
fleet_hour=$(time_ms "$API/api/trends/established?agg=p95&groupBy=role&from=$day_ago&to=$now&bucket=1h")
fleet_minute=$(time_ms "$API/api/trends/established?agg=p95&groupBy=role&from=$day_ago&to=$now&bucket=1m")

ratio() { awk -v a="$1" -v b="$anchor" 'BEGIN { printf "%.1f", a / b }'; }
echo
printf '%-52s %10s %8s %12s\n' "query ($HOSTS hosts, $DAYS days)" "median" "target" "x anchor"
printf '%-52s %7s ms %8s %12s\n' "anchor: GET /api/hosts/{id}" "$anchor" "" "1.0"
printf '%-52s %7s ms %8s %12s\n' "one host, 24 h at 1 m" "$host_day" "20 ms" "$(ratio "$host_day")"
printf '%-52s %7s ms %8s %12s\n' "one host, $DAYS days at 1 h" "$host_month" "50 ms" "$(ratio "$host_month")"
printf '%-52s %7s ms %8s %12s\n' "fleet p95 by role, 24 h at 1 h" "$fleet_hour" "300 ms" "$(ratio "$fleet_hour")"
printf '%-52s %7s ms %8s %12s\n' "fleet p95 by role, 24 h at 1 m" "$fleet_minute" "300 ms" "$(ratio "$fleet_minute")"
