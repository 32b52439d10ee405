#!/usr/bin/env bash
# How long the agent takes to collect a snapshot of a busy host, beside what ss takes for the same tables.
#
# Run as root from the repository root after a build (mvn -DskipTests package):
#   bench/collection.sh
# It builds a network namespace holding SOCKETS TCP sockets (connection pairs on loopback, held by several
# socket fixture processes), then measures in it:
#   - ss -tan > /dev/null and ss -s: wall time, median of RUNS runs each
#   - the agent's collectionMicros: median of snapshots 5..N of `monitor 30 --interval 1 --json`
#   - the agent's peak VmRSS, RssAnon and Pss while it monitors
#   - the agent daemon's peak VmRSS, RssAnon and Pss at the default interval, publishing to an embedded broker
#     in the namespace
# Everything it starts, and the namespace, goes away on exit, however it exits.
#
# Settings (environment): SOCKETS (100000), PROCESSES (fixture JVMs, default: enough for the fd limit),
# RUNS (10), MONITOR_SECONDS (30), DAEMON_SECONDS (60), AGENT_JAVA_OPTS (the JVM options the README
# recommends for the agent).
set -euo pipefail

SOCKETS=${SOCKETS:-100000}
RUNS=${RUNS:-10}
MONITOR_SECONDS=${MONITOR_SECONDS:-30}
DAEMON_SECONDS=${DAEMON_SECONDS:-60}
KAFKA_JAR=embedded-kafka/target/tcpfleet-embedded-kafka.jar
FIXTURE_CLASSES=test-support/target/classes
AGENT_JAR=host-agent/target/quarkus-app/quarkus-run.jar
READY_TIMEOUT_SECONDS=300

die() { echo "collection.sh: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || die "needs root (network namespaces)"
[[ -f $FIXTURE_CLASSES/dev/tcpfleet/testing/sockets/SocketFixture.class ]] \
    || die "run from the repository root after a build: mvn -o -pl test-support -am compile (or mvn -DskipTests package)"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(cat host-agent/jvm.options)}

NS=tf-bench-$$
WORK=$(mktemp -d /tmp/tcpfleet-bench.XXXXXX)
FIXTURE_PIDS=()
AGENT_PID=
BROKER_PID=

cleanup() {
    exec 3>&- 2>/dev/null || true            # the fixtures' stdin: they exit when it closes
    [[ -n $AGENT_PID ]] && kill "$AGENT_PID" 2>/dev/null || true
    [[ -n $BROKER_PID ]] && kill "$BROKER_PID" 2>/dev/null || true
    for pid in "${FIXTURE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if ip netns list | grep -qw "$NS"; then
        for pid in $(ip netns pids "$NS"); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$NS"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

millis() { date +%s%3N; }
peak_rss() { # pid: the highest VmRSS, RssAnon and Pss (kB, in that order) seen once a second until the process exits
    # VmRSS counts file-backed pages too (the JVM's code, CDS archives, mapped jars): clean pages the kernel can
    # drop and share. RssAnon is the process's own anonymous memory (heap, metaspace, stacks, malloc), what it
    # costs the host for certain; Pss charges shared pages in proportion to the processes that map them.
    local peak=0 anon_peak=0 pss_peak=0 rss anon pss
    while kill -0 "$1" 2>/dev/null; do
        read -r rss anon < <(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r, a }' "/proc/$1/status" 2>/dev/null) || true
        pss=$(awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || true)
        [[ -n $rss ]] && (( rss > peak )) && peak=$rss
        [[ -n $anon ]] && (( anon > anon_peak )) && anon_peak=$anon
        [[ -n $pss ]] && (( pss > pss_peak )) && pss_peak=$pss
        sleep 1
    done
    echo "$peak $anon_peak $pss_peak"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a ~ /^[0-9]+$/) printf "%.2f", a / b; else print "n/a" }'; }

# --- fill -------------------------------------------------------------------------------------------
# Each pair is two sockets, both held by one fixture: 2 fds per pair, plus ~100 of the JVM's own.
fd_limit=$(ulimit -Hn)
pairs=$(( SOCKETS / 2 ))
pairs_per_process_max=$(( (fd_limit - 200) / 2 ))
PROCESSES=${PROCESSES:-$(( (pairs + pairs_per_process_max - 1) / pairs_per_process_max + 1 ))}
(( pairs / PROCESSES <= pairs_per_process_max )) || die "PROCESSES=$PROCESSES is too few for $pairs pairs with ulimit -Hn $fd_limit"

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
# One destination (address:port) can use each ephemeral port once; a wide range keeps any from running out.
ip netns exec "$NS" sysctl -qw net.ipv4.ip_local_port_range="10000 65000"

mkfifo "$WORK/hold"
exec 3<>"$WORK/hold"
echo "filling $NS with $SOCKETS sockets: $pairs pairs over $PROCESSES fixture processes (ulimit -Hn $fd_limit)"
fill_start=$(millis)
for ((i = 0; i < PROCESSES; i++)); do
    port=$(( 7100 + i ))
    share=$(( pairs / PROCESSES + (i < pairs % PROCESSES ? 1 : 0) ))
    # spread each process's pairs over three loopback addresses, so no destination holds more than a third
    third=$(( share / 3 ))
    ip netns exec "$NS" "$JAVA" -Xmx256m -cp "$FIXTURE_CLASSES" dev.tcpfleet.testing.sockets.SocketFixture \
        "listen@0.0.0.0:$port" \
        "established=$(( share - 2 * third ))@127.0.0.1:$port" \
        "established=$third@127.0.0.2:$port" \
        "established=$third@127.0.0.3:$port" \
        <&3 >"$WORK/fixture-$i.out" 2>"$WORK/fixture-$i.err" &
    FIXTURE_PIDS+=($!)
done
deadline=$(( SECONDS + READY_TIMEOUT_SECONDS ))
for ((i = 0; i < PROCESSES; i++)); do
    until grep -q '^READY ' "$WORK/fixture-$i.out"; do
        kill -0 "${FIXTURE_PIDS[$i]}" 2>/dev/null || die "fixture $i exited: $(cat "$WORK/fixture-$i.err")"
        (( SECONDS < deadline )) || die "fixture $i not READY within ${READY_TIMEOUT_SECONDS}s: $(cat "$WORK/fixture-$i.err")"
        sleep 0.2
    done
done
fill_ms=$(( $(millis) - fill_start ))
echo "filled in ${fill_ms} ms"
ip netns exec "$NS" ss -s | sed -n '1,2p'
held=$(ip netns exec "$NS" ss -tanH | wc -l)
echo "ss -tan lists $held sockets"

# --- ss anchors -------------------------------------------------------------------------------------
# Timed inside the namespace, so each figure is ss's own start-to-exit time, not ip netns exec's.
time_runs() {
    ip netns exec "$NS" bash -c '
        for ((r = 0; r < $1; r++)); do
            start=$(date +%s%N); "${@:2}" >/dev/null; echo $(( ($(date +%s%N) - start) / 1000 ))
        done' timing "$RUNS" "$@" | median
}
ss_tan_us=$(time_runs ss -tan)
ss_s_us=$(time_runs ss -s)

# --- the agent --------------------------------------------------------------------------------------
agent_us=n/a
agent_rss_kb=n/a
agent_anon_kb=n/a
agent_pss_kb=n/a
if [[ -f $AGENT_JAR ]]; then
    # shellcheck disable=SC2086 # options are words
    ip netns exec "$NS" "$JAVA" $AGENT_JAVA_OPTS -jar "$AGENT_JAR" monitor "$MONITOR_SECONDS" --interval 1 --json \
        >"$WORK/monitor.jsonl" 2>"$WORK/monitor.err" &
    AGENT_PID=$!                            # ip netns exec execs the JVM: same pid
    read -r agent_rss_kb agent_anon_kb agent_pss_kb < <(peak_rss "$AGENT_PID")
    wait "$AGENT_PID" || die "agent monitor failed: $(tail -20 "$WORK/monitor.err")"
    AGENT_PID=
    snapshots=$(wc -l <"$WORK/monitor.jsonl")
    agent_us=$(tail -n +5 "$WORK/monitor.jsonl" | grep -o '"collectionMicros":[0-9]*' | cut -d: -f2 | median)
    echo "agent: $snapshots snapshots, collectionMicros median of snapshots 5..$snapshots"
else
    echo "agent: $AGENT_JAR not built; agent figures skipped"
fi

# --- the agent daemon ------------------------------------------------------------------------------
daemon_rss_kb=n/a
daemon_anon_kb=n/a
daemon_pss_kb=n/a
daemon_failures=n/a
if [[ -f $AGENT_JAR && -f $KAFKA_JAR ]]; then
    ip netns exec "$NS" "$JAVA" -Xmx512m -jar "$KAFKA_JAR" --data-dir "$WORK/kafka" --port 9092 \
        --controller-port 9093 >"$WORK/kafka.out" 2>"$WORK/kafka.err" &
    BROKER_PID=$!
    deadline=$(( SECONDS + 120 ))
    until grep -q '^KAFKA READY' "$WORK/kafka.out"; do
        kill -0 "$BROKER_PID" 2>/dev/null || die "broker exited: $(tail -5 "$WORK/kafka.err")"
        (( SECONDS < deadline )) || die "broker not ready in 120 s"
        sleep 0.5
    done
    # ports below the namespace's ephemeral range (10000-65000), which 100k client sockets fill
    # shellcheck disable=SC2086
    ip netns exec "$NS" timeout "$DAEMON_SECONDS" "$JAVA" $AGENT_JAVA_OPTS -Dquarkus.http.port=9810 \
        -Dkafka.bootstrap.servers=127.0.0.1:9092 -Dtcpfleet.agent.state-dir="$WORK/agent" \
        -jar "$AGENT_JAR" >"$WORK/daemon.log" 2>&1 &
    AGENT_PID=$!
    # timeout is the namespace's process here; the JVM is its child
    until daemon_jvm=$(pgrep -P "$AGENT_PID" java); do
        kill -0 "$AGENT_PID" 2>/dev/null || die "agent daemon exited: $(tail -20 "$WORK/daemon.log")"
        sleep 0.2
    done
    read -r daemon_rss_kb daemon_anon_kb daemon_pss_kb < <(peak_rss "$daemon_jvm")
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=
    daemon_failures=$(grep -cE 'snapshot .* not published|snapshot collection failed' "$WORK/daemon.log" || true)
    echo "agent daemon: ran ${DAEMON_SECONDS}s at the default interval; failed or unpublished snapshots: $daemon_failures"
fi

# --- report -----------------------------------------------------------------------------------------
echo
printf '%-40s %12s %10s\n' "figure ($held sockets)" "value" "agent/it"
printf '%-40s %12s %10s\n' "ss -tan > /dev/null, wall, median" "${ss_tan_us} us" "$(ratio "$agent_us" "$ss_tan_us")"
printf '%-40s %12s %10s\n' "ss -s, wall, median" "${ss_s_us} us" "$(ratio "$agent_us" "$ss_s_us")"
printf '%-40s %12s %10s\n' "agent collectionMicros, median" "${agent_us} us" ""
printf '%-40s %12s %10s\n' "agent VmRSS, peak while monitoring" "${agent_rss_kb} kB" ""
printf '%-40s %12s %10s\n' "agent RssAnon, peak while monitoring" "${agent_anon_kb} kB" ""
printf '%-40s %12s %10s\n' "agent Pss, peak while monitoring" "${agent_pss_kb} kB" ""
printf '%-40s %12s %10s\n' "agent daemon VmRSS, peak" "${daemon_rss_kb} kB" ""
printf '%-40s %12s %10s\n' "agent daemon RssAnon, peak" "${daemon_anon_kb} kB" ""
printf '%-40s %12s %10s\n' "agent daemon Pss, peak" "${daemon_pss_kb} kB" ""
printf '%-40s %12s %10s\n' "fill time" "${fill_ms} ms" ""
