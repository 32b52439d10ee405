#!/usr/bin/env bash
# Alert latency: from a snapshot over a threshold being produced to its alert stored and the webhook receiving it,
# p50/p99, while the fleet's snapshots flow at RATE per second; beside the anchor, the same snapshots' latency from
# produced to stored (their row's received_at, which is its transaction's start). Target: p99 under 1 s at 10,000/s.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/alert-latency.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker, a webhook receiver (python3,
# logging when each POST arrives) and the control plane on free ports, with a host rule "established above
# SPIKE/2" and the alert outbox delivered when woken by its NOTIFY, else every NOTIFY_INTERVAL. AlertLatencyLoad
# (fleet simulator) then sends HOSTS simulated hosts' snapshots at RATE per second for DURATION seconds, and every
# SPIKE_MS one snapshot of a new host with SPIKE established sockets, noting when. Everything it starts, and the
# database, goes away on exit.
#
# Settings (environment): RATE (10000), HOSTS (RATE x 10: a 10 s interval), DURATION (60 s), WARMUP (20 s of the
# same load first, until stored, so that what is measured is a running control plane), SPIKE_MS (500),
# SPIKE (100000), NOTIFY_INTERVAL (the control plane's tcpfleet.alerts.notify-interval, 5s by default, the fallback
# since delivery is woken by NOTIFY: the bench prints what it ran with), PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

RATE=${RATE:-10000}
HOSTS=${HOSTS:-$(( RATE * 10 ))}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
SPIKE_MS=${SPIKE_MS:-500}
SPIKE=${SPIKE:-100000}
NOTIFY_INTERVAL=${NOTIFY_INTERVAL:-5s}
NAME=alert-latency.sh
source "$(dirname "$0")/lib.sh"
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
HTTP_PORT=$(free_port); HOOK_PORT=$(free_port)
start_broker

# the webhook: each POST's arrival in epoch milliseconds, its rule, host and new status, one line each
python3 -u - "$HOOK_PORT" "$WORK/webhook.log" <<'PY' >"$WORK/webhook.out" 2>&1 &
import http.server, json, sys, time
log = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        received = int(time.time() * 1000)
        event = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        log.write(f"{received} {event['rule']} {event['hostId']} {event['to']}\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
PIDS+=($!)

TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN TCPFLEET_ALERTS_WEBHOOK_URL=http://127.0.0.1:$HOOK_PORT/hook \
    TCPFLEET_ALERTS_NOTIFY_INTERVAL=$NOTIFY_INTERVAL start_control_plane
API=http://127.0.0.1:$HTTP_PORT
await_control_plane "$API/q/health/ready"
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/api/alerts/rules/spike" \
    -d "{\"metric\": \"established\", \"comparison\": \"above\", \"threshold\": $(( SPIKE / 2 )), \"severity\": \"critical\"}" \
    >/dev/null || die "cannot create the alert rule"

load() { # seconds, spike host prefix, output
    "$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.AlertLatencyLoad "$BOOTSTRAP" "$HOSTS" "$RATE" "$1" "$SPIKE_MS" \
        "$SPIKE" "$2" "$3" 2>"$WORK/load.err" || die "load failed: $(tail -5 "$WORK/load.err")"
}
# Measured from a warm control plane: it has found the snapshot topic (which the first snapshot creates: until its
# next metadata refresh, up to 10 s, it does not read it), registered the fleet's hosts and compiled its hot paths.
echo "warming up: $RATE snapshots/s for $WARMUP s ..."
load "$WARMUP" warm "$WORK/warm.log"
deadline=$(( SECONDS + 300 ))
until [[ $(sql "SELECT count(*) FROM snapshots WHERE host_id LIKE 'warm-%'") -ge $(grep -c '^warm-' "$WORK/warm.log") ]]; do
    (( SECONDS < deadline )) || die "the warm-up's snapshots not stored in 300 s"
    sleep 1
done
echo "producing $RATE snapshots/s of $HOSTS hosts for $DURATION s, a spike every $SPIKE_MS ms ..."
load "$DURATION" spike "$WORK/spikes.log"
LOAD_DONE=$(cut -d' ' -f1-3 /proc/loadavg)
SPIKES=$(grep -c '^spike-' "$WORK/spikes.log")
echo "reached $(awk '/^rate/ { print $2 }' "$WORK/spikes.log")/s; waiting for the $SPIKES spikes' webhooks ..."
deadline=$(( SECONDS + 300 ))
spiked() { grep -c ' spike spike-[0-9]* FIRING$' "$WORK/webhook.log" 2>/dev/null || true; }
until [[ $(spiked) -ge $SPIKES ]]; do
    (( SECONDS < deadline )) || die "only $(spiked) of $SPIKES spikes' webhooks in 300 s"
    sleep 1
done
sql "SELECT host_id, (extract(epoch FROM received_at) * 1000)::bigint FROM snapshots WHERE host_id LIKE 'spike-%'" \
    | tr '|' ' ' >"$WORK/stored.log"

python3 - "$WORK/spikes.log" "$WORK/webhook.log" "$WORK/stored.log" <<'PY'
import sys
produced = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("spike-")}  # in send order
hooked, stored = {}, {}
for line in open(sys.argv[2]):
    at, rule, host, to = line.split()
    if rule == "spike" and to == "FIRING" and host in produced:
        hooked.setdefault(host, int(at))
for line in open(sys.argv[3]):
    host, at = line.split()
    stored[host] = int(at)
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, -(-p * len(values) // 100) - 1))]
for name, seen in (("produced -> webhook received", hooked), ("anchor: produced -> row stored", stored)):
    lat = [seen[h] - produced[h] for h in produced if h in seen]
    tenth = max(1, len(lat) // 10)
    print(f"  {name:<34} p50 {pct(lat, 50):6d} ms  p99 {pct(lat, 99):6d} ms  max {max(lat):6d} ms  ({len(lat)} spikes;"
          f" p50 of the first tenth {pct(lat[:tenth], 50)} ms, of the last {pct(lat[-tenth:], 50)} ms)")
PY
echo "  notify interval $NOTIFY_INTERVAL; $(grep -vc ' spike ' "$WORK/webhook.log") other webhooks (the default" \
    "rules on the simulated fleet); load average at the end of the load $LOAD_DONE"
