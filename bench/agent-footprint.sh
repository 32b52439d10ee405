#!/usr/bin/env bash
# What one real agent costs its host at the default 10 s interval: memory (peak VmRSS and RssAnon) beside an idle
# JVM started with the same options (the floor any JVM agent pays), and CPU per snapshot beside the old script's way
# of looking (`ss -tanp` and the /proc/net counters, once) measured in the same run.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/agent-footprint.sh
# It starts an embedded broker on free ports and the agent daemon on this host with host-agent/jvm.options, taking
# commands (dev key) and publishing snapshots for SECONDS, and samples its memory every second. CPU is counted from
# its first published snapshot on, so start-up is left out. Everything it starts goes away on exit.
#
# Settings (environment): SECONDS_RUN (300), AGENT_JAVA_OPTS (host-agent/jvm.options).
set -euo pipefail

SECONDS_RUN=${SECONDS_RUN:-300}
NAME=agent-footprint.sh
source "$(dirname "$0")/lib.sh"
AGENT_JAR=host-agent/target/quarkus-app/quarkus-run.jar
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(cat host-agent/jvm.options)}
PUBLIC_KEY=MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY= # application.properties' dev pair
[[ -f $AGENT_JAR ]] || die "run from the repository root after mvn -DskipTests package"

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
memory() { awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r, a }' "/proc/$1/status"; }
published() { curl -sf "http://127.0.0.1:$1/q/metrics" | awk '/^tcpfleet_agent_snapshots_published_total/ { printf "%d", $2 }'; }

HTTP_PORT=$(free_port)
start_broker
# shellcheck disable=SC2086
"$JAVA" $AGENT_JAVA_OPTS -Dquarkus.http.port="$HTTP_PORT" -Dkafka.bootstrap.servers="$BOOTSTRAP" \
    -Dtcpfleet.agent.state-dir="$WORK/agent" -Dtcpfleet.agent.command-public-key="$PUBLIC_KEY" \
    -jar "$AGENT_JAR" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
deadline=$(( SECONDS + 120 ))
until [[ $(published "$HTTP_PORT" || echo 0) -ge 1 ]]; do
    kill -0 "$AGENT_PID" 2>/dev/null || die "agent exited: $(tail -20 "$WORK/agent.log")"
    (( SECONDS < deadline )) || die "no snapshot published in 120 s"
    sleep 0.5
done
cpu_start=$(cpu_ms "$AGENT_PID"); published_start=$(published "$HTTP_PORT"); wall_start=$SECONDS
echo "agent publishing; measuring for $SECONDS_RUN s ..."
rss_peak=0; anon_peak=0
while (( SECONDS - wall_start < SECONDS_RUN )); do
    read -r rss anon < <(memory "$AGENT_PID")
    (( rss > rss_peak )) && rss_peak=$rss
    (( anon > anon_peak )) && anon_peak=$anon
    sleep 1
done
cpu_used=$(( $(cpu_ms "$AGENT_PID") - cpu_start ))
snapshots=$(( $(published "$HTTP_PORT") - published_start ))
wall=$(( SECONDS - wall_start ))
(( snapshots > 0 )) || die "no snapshot published while measuring"

# the anchors: an idle JVM with the same options, and the old script's look at the host
cat >"$WORK/Idle.java" <<'JAVA'
public class Idle {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle");
        Thread.sleep(Long.MAX_VALUE);
    }
}
JAVA
javac -d "$WORK" "$WORK/Idle.java"
# shellcheck disable=SC2086
"$JAVA" $AGENT_JAVA_OPTS -cp "$WORK" Idle >"$WORK/idle.out" &
IDLE_PID=$!
PIDS+=("$IDLE_PID")
until grep -q idle "$WORK/idle.out"; do sleep 0.1; done
sleep 2
read -r idle_rss idle_anon < <(memory "$IDLE_PID")
look_ms=$(python3 - <<'PY'
import resource, subprocess
runs = 20
before = resource.getrusage(resource.RUSAGE_CHILDREN)
for _ in range(runs):
    subprocess.run("ss -tanp > /dev/null; cat /proc/net/snmp /proc/net/netstat /proc/net/sockstat > /dev/null",
                   shell=True, check=True)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) * 1000 / runs:.2f}")
PY
)
sockets=$(ss -tan | tail -n +2 | wc -l)

per_snapshot=$(echo "$cpu_used / $snapshots" | bc -l)
echo
echo "one agent at the default interval, $wall s, $snapshots snapshots, $sockets TCP sockets on this host"
printf '%-44s %12s %12s %8s\n' figure agent anchor ratio
printf '%-44s %9d kB %9d kB %8.2f\n' "VmRSS, peak (anchor: idle JVM, same options)" "$rss_peak" "$idle_rss" \
    "$(echo "$rss_peak / $idle_rss" | bc -l)"
printf '%-44s %9d kB %9d kB %8.2f\n' "RssAnon, peak (anchor: idle JVM)" "$anon_peak" "$idle_anon" \
    "$(echo "$anon_peak / $idle_anon" | bc -l)"
printf '%-44s %9.2f ms %9.2f ms %8.2f\n' "CPU per snapshot (anchor: ss -tanp + /proc)" "$per_snapshot" "$look_ms" \
    "$(echo "$per_snapshot / $look_ms" | bc -l)"
printf '%-44s %10.3f %% %12s %8s\n' "CPU, share of one core" "$(echo "$cpu_used / ($wall * 10)" | bc -l)" "" ""
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
