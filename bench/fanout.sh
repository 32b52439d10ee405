#!/usr/bin/env bash
# One command to a whole simulated fleet, from the API request until every host's result is stored, beside the same
# fan-out with the control plane taken out (FanOutAnchor signs and sends the commands itself and waits for the
# results on the topic): the ratio is what the control plane adds to Kafka and the hosts. Target: under 5 s for
# 10,000 hosts. It also shows that the simulator holds those hosts in one process (its RSS and threads).
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/fanout.sh
# It creates its own database on the local PostgreSQL, starts an embedded broker, the control plane and the fleet
# simulator on free ports, waits until every simulated host has reported, then runs RUNS rounds of: an apply to
# every host through POST /api/commands, timed until the last result is in command_hosts; the anchor's fan-out.
# The API's applies set net.core.somaxconn to 4096 and the anchor's to 8192, so each apply really changes the hosts. Everything it starts,
# and the database, goes away on exit, however it exits.
#
# Settings (environment): HOSTS (10000), RUNS (5), INTERVAL (10s, each host's snapshot interval), PGHOST
# (127.0.0.1), PGUSER (postgres).
set -euo pipefail

HOSTS=${HOSTS:-10000}
RUNS=${RUNS:-5}
INTERVAL=${INTERVAL:-10s}
NAME=fanout.sh
source "$(dirname "$0")/lib.sh"
TOKEN=tf_bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
# the public dev and test pair of application.properties: this run's commands go to simulated hosts only
PRIVATE_KEY=MC4CAQAwBQYDK2VwBCIEIMbuHkxnQlw8vS+hAfJM2L0hehcN1/80D7AWKCojwyK+
PUBLIC_KEY=MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY=

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ms() { date +%s%3N; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
HTTP_PORT=$(free_port)
start_broker
TCPFLEET_AUTH_BOOTSTRAP_TOKEN=$TOKEN TCPFLEET_COMMANDS_SIGNING_KEY=$PRIVATE_KEY TCPFLEET_COMMANDS_MAX_HOSTS=$HOSTS \
    start_control_plane
API=http://127.0.0.1:$HTTP_PORT
await_control_plane "$API/q/health/ready"

"$JAVA" -jar "$SIM_JAR" --hosts="$HOSTS" --interval="$INTERVAL" --bootstrap="$BOOTSTRAP" --public-key="$PUBLIC_KEY" \
    --prefix=fan- >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!
PIDS+=("$SIM_PID")
echo "waiting for $HOSTS simulated hosts to report ..."
deadline=$(( SECONDS + 300 ))
until [[ $(sql "SELECT count(*) FROM hosts") -ge $HOSTS ]]; do
    kill -0 "$SIM_PID" 2>/dev/null || die "simulator exited: $(tail -20 "$WORK/simulator.log")"
    (( SECONDS < deadline )) || die "only $(sql "SELECT count(*) FROM hosts") hosts reported in 300 s"
    sleep 1
done

api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
for value in 8192 4096; do
    api -X PUT "$API/api/profiles/fan-$value" -d "{\"settings\": {\"net.core.somaxconn\": \"$value\"}}" >/dev/null
done

# One fan-out through the API: POST, then the time until every host's result is stored.
through_api() {
    local start id
    start=$(now_ms)
    curl -s -o "$WORK/command.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' -X POST "$API/api/commands" \
        -d "{\"action\": \"apply\", \"selector\": {\"all\": true}, \"profile\": \"fan-$1\"}" >"$WORK/status"
    [[ $(cat "$WORK/status") == 202 ]] || die "POST /api/commands answered $(cat "$WORK/status"): $(head -c 500 "$WORK/command.json")"
    id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/command.json")
    until [[ $(sql "SELECT count(*) FROM command_hosts WHERE command_id = '$id' AND result IS NOT NULL") -ge $HOSTS ]]; do
        (( $(now_ms) - start < 120000 )) || die "command $id not answered by every host in 120 s"
        sleep 0.05
    done
    echo $(( $(now_ms) - start ))
}
anchor() {
    "$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.FanOutAnchor "$BOOTSTRAP" "$PRIVATE_KEY" "$HOSTS" fan- "$1"
}

through_api 8192 >/dev/null # warm-up: the first apply also creates the results topic the anchor reads
api_ms=(); anchor_ms=()
for ((run = 1; run <= RUNS; run++)); do
    api_ms+=("$(through_api 4096)")
    anchor_ms+=("$(anchor 8192)")
    echo "run $run: through the control plane ${api_ms[-1]} ms, anchor ${anchor_ms[-1]} ms"
done
api_median=$(printf '%s\n' "${api_ms[@]}" | median)
anchor_median=$(printf '%s\n' "${anchor_ms[@]}" | median)
echo
echo "fan-out to $HOSTS simulated hosts, median of $RUNS (target: under 5000 ms)"
printf '  through the control plane  %6s ms\n' "$api_median"
printf '  anchor (Kafka and hosts)   %6s ms\n' "$anchor_median"
printf '  ratio                      %6.2f\n' "$(echo "$api_median / $anchor_median" | bc -l)"
echo "simulator: $HOSTS hosts in one process, RSS $(rss_mb "$SIM_PID") MB, $(threads "$SIM_PID") threads;" \
    "control plane RSS $(rss_mb "$APP_PID") MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
