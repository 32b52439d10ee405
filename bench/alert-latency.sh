#!/usr/bin/env bash
# Alert latency: from a snapshot over a threshold being produced to its alert stored and the webhook receiving it,
# p50/p99, while the fleet's snapshots flow at RATE per second; beside the anchor, the same snapshots' latency from
# produced to stored (their row's received_at, which is its transaction's start). Target: p99 under 1 s at 10,000/s.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/alert-latency.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker, a webhook receiver (python3,
# logging when each POST arrives) and the control plane on free ports, with a host rule "established above
# SPIKE/2" and the alert outbox delivered every NOTIFY_INTERVAL. AlertLatencyLoad (fleet simulator) then sends HOSTS
# simulated hosts' snapshots at RATE per second for DURATION seconds, and every SPIKE_MS one snapshot of a new host with
# SPIKE established sockets, noting when. Everything it starts, and the database, goes away on exit.
#
# Settings (environment): RATE (10000), HOSTS (RATE x 10: a 10 s interval), DURATION (60 s), SPIKE_MS (500),
# SPIKE (100000), NOTIFY_INTERVAL (the control plane's tcpfleet.alerts.notify-interval, 5s by default: the bench
# prints what it ran with), PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

RATE=${RATE:-10000}
HOSTS=${HOSTS:-$(( RATE * 10 ))}
DURATION=${DURATION:-60}
SPIKE_MS=${SPIKE_MS:-500}
SPIKE=${SPIKE:-100000}
NOTIFY_INTERVAL=${NOTIFY_INTERVAL:-5s}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
KAFKA_JAR=embedded-kafka/target/tcpfleet-embedded-kafka.jar
APP_JAR=control-plane/target/quarkus-app/quarkus-run.jar
SIM_JAR=fleet-simulator/target/tcpfleet-fleet-simulator.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DB=tcpfleet_bench_$$
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
WORK=$(mktemp -d /tmp/tcpfleet-alert-latency-bench.XXXXXX)
PIDS=()

die() { echo "alert-latency.sh: $*" >&2; exit 1; }
[[ -f $APP_JAR && -f $KAFKA_JAR && -f $SIM_JAR ]] || die "run from the repository root after mvn -DskipTests package"
command -v psql >/dev/null && command -v curl >/dev/null || die "needs psql and curl"

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sql() { psql -qtAX -d "$DB" -c "$1"; }

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port); HTTP_PORT=$(free_port); HOOK_PORT=$(free_port)
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
"$JAVA" -Xmx1g -jar "$KAFKA_JAR" --data-dir "$WORK/kafka" --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
    >"$WORK/kafka.out" 2>"$WORK/kafka.err" &
PIDS+=($!)

# the webhook: each POST's arrival in epoch milliseconds and its body, one line each
python3 -u - "$HOOK_PORT" "$WORK/webhook.log" <<'PY' >"$WORK/webhook.out" 2>&1 &
import http.server, json, sys, time
log = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        received = int(time.time() * 1000)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        log.write(f"{received} {json.dumps(json.loads(body))}\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
PIDS+=($!)

TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN TCPFLEET_ALERTS_WEBHOOK_URL=http://127.0.0.1:$HOOK_PORT/hook \
    TCPFLEET_ALERTS_NOTIFY_INTERVAL=$NOTIFY_INTERVAL \
    "$JAVA" -Dquarkus.http.port="$HTTP_PORT" -Dkafka.bootstrap.servers="$BOOTSTRAP" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:5432/$DB" -Dquarkus.datasource.username="$PGUSER" \
    -jar "$APP_JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
API=http://127.0.0.1:$HTTP_PORT
deadline=$(( SECONDS + 180 ))
until curl -sf "$API/q/health/ready" >/dev/null; do
    kill -0 "$APP_PID" 2>/dev/null || die "control plane exited: $(tail -20 "$WORK/app.log")"
    (( SECONDS < deadline )) || die "control plane not up in 180 s"
    sleep 0.5
done
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/api/alerts/rules/spike" \
    -d "{\"metric\": \"established\", \"comparison\": \"above\", \"threshold\": $(( SPIKE / 2 )), \"severity\": \"critical\"}" \
    >/dev/null || die "cannot create the alert rule"

echo "producing $RATE snapshots/s of $HOSTS hosts for $DURATION s, a spike every $SPIKE_MS ms ..."
"$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.AlertLatencyLoad "$BOOTSTRAP" "$HOSTS" "$RATE" "$DURATION" "$SPIKE_MS" \
    "$SPIKE" "$WORK/spikes.log" 2>"$WORK/load.err" || die "load failed: $(tail -5 "$WORK/load.err")"
LOAD_DONE=$(cut -d' ' -f1-3 /proc/loadavg)
SPIKES=$(grep -c '^spike-' "$WORK/spikes.log")
echo "reached $(awk '/^rate/ { print $2 }' "$WORK/spikes.log")/s; waiting for the $SPIKES spikes' webhooks ..."
deadline=$(( SECONDS + 300 ))
until [[ $(grep -c '"toStatus": "FIRING"' "$WORK/webhook.log" 2>/dev/null || true) -ge $SPIKES ]]; do
    (( SECONDS < deadline )) || die "only $(grep -c FIRING "$WORK/webhook.log") of $SPIKES webhooks in 300 s"
    sleep 1
done
sql "SELECT host_id, (extract(epoch FROM received_at) * 1000)::bigint FROM snapshots WHERE host_id LIKE 'spike-%'" \
    | tr '|' ' ' >"$WORK/stored.log"

python3 - "$WORK/spikes.log" "$WORK/webhook.log" "$WORK/stored.log" <<'PY'
import json, sys
produced = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("spike-")}
hooked, stored = {}, {}
for line in open(sys.argv[2]):
    at, body = line.split(" ", 1)
    event = json.loads(body)
    if event["toStatus"] == "FIRING" and event["hostId"] in produced:
        hooked.setdefault(event["hostId"], int(at))
for line in open(sys.argv[3]):
    host, at = line.split()
    stored[host] = int(at)
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, -(-p * len(values) // 100) - 1))]
for name, seen in (("produced -> webhook received", hooked), ("anchor: produced -> row stored", stored)):
    lat = [seen[h] - produced[h] for h in produced if h in seen]
    print(f"  {name:<34} p50 {pct(lat, 50):6d} ms  p99 {pct(lat, 99):6d} ms  max {max(lat):6d} ms  ({len(lat)} spikes)")
PY
echo "  notify interval $NOTIFY_INTERVAL; load average at the end of the load $LOAD_DONE"
