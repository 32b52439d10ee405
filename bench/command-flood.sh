#!/usr/bin/env bash
# How late a genuine command lands on a real agent behind FLOOD badly signed messages on its command partition, and
# how fast the agent refuses them, beside the same command's latency with no flood (the anchor), measured in the same
# run: the ratio is what the flood costs the command behind it. Target: under 1 s behind 10,000.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/command-flood.sh
# It starts an embedded broker on free ports and the agent daemon on this host with host-agent/jvm.options (its real
# options), then CommandFlood: a genuine dry run five times (the anchor), then RUNS rounds of FLOOD forged commands
# (well-formed, addressed to the agent, unexpired, each its own id, signed by another key: only the full signature
# check tells them apart) followed at once by the genuine dry run, timed from its send to its answer. Every forged
# message must show in the agent's tcpfleet_agent_commands_refused_total{reason="bad_signature"} and none may be
# answered, or the run fails. The dry run changes nothing on this host. Everything it starts goes away on exit.
#
# Settings (environment): FLOOD (10000), RUNS (3), AGENT_JAVA_OPTS (host-agent/jvm.options).
set -euo pipefail

FLOOD=${FLOOD:-10000}
RUNS=${RUNS:-3}
NAME=command-flood.sh
source "$(dirname "$0")/lib.sh"
AGENT_JAR=host-agent/target/quarkus-app/quarkus-run.jar
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(cat host-agent/jvm.options)}
# the public dev and test pair of application.properties: this run's commands are dry runs on this host
PRIVATE_KEY=MC4CAQAwBQYDK2VwBCIEIMbuHkxnQlw8vS+hAfJM2L0hehcN1/80D7AWKCojwyK+
PUBLIC_KEY=MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY=
[[ -f $AGENT_JAR ]] || die "run from the repository root after mvn -DskipTests package"

HTTP_PORT=$(free_port)
start_broker
# shellcheck disable=SC2086
"$JAVA" $AGENT_JAVA_OPTS -Dquarkus.http.port="$HTTP_PORT" -Dkafka.bootstrap.servers="$BOOTSTRAP" \
    -Dtcpfleet.agent.host-id=flood-bench -Dtcpfleet.agent.state-dir="$WORK/agent" \
    -Dtcpfleet.agent.sysctl-files-root="$WORK/root" -Dtcpfleet.agent.command-public-key="$PUBLIC_KEY" \
    -jar "$AGENT_JAR" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
deadline=$(( SECONDS + 120 ))
until curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null; do
    kill -0 "$AGENT_PID" 2>/dev/null || die "agent exited: $(tail -20 "$WORK/agent.log")"
    (( SECONDS < deadline )) || die "agent not ready in 120 s"
    sleep 0.5
done

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
refused() { curl -sf "http://127.0.0.1:$HTTP_PORT/q/metrics" \
    | awk '/^tcpfleet_agent_commands_refused_total\{reason="bad_signature"\}/ { printf "%d", $2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_start=$(cpu_ms "$AGENT_PID")
TCPFLEET_COMMANDS_SIGNING_KEY=$PRIVATE_KEY "$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.CommandFlood "$BOOTSTRAP" \
    flood-bench "http://127.0.0.1:$HTTP_PORT/q/metrics" "$FLOOD" "$RUNS" 2>"$WORK/flood.err" \
    || die "failed: $(tail -5 "$WORK/flood.err"; tail -10 "$WORK/agent.log")"
# what a refusal costs the agent whatever else the machine runs: its CPU over the messages it refused (the few
# genuine commands and snapshots of the run are counted in, so this is an upper bound)
cpu_used=$(( $(cpu_ms "$AGENT_PID") - cpu_start ))
refusals=$(refused)
awk -v cpu="$cpu_used" -v n="$refusals" -v cores="$(nproc)" 'BEGIN {
    printf "agent CPU: %d ms for %d refused messages = %.0f us each; %d idle cores would refuse %.0f/s\n",
        cpu, n, cpu * 1000 / n, cores, n * cores * 1000 / cpu }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -F 'refused' "$WORK/agent.log" | tail -3 || true
