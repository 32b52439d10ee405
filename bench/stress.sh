#!/usr/bin/env bash
# Connections per second and connect latency of the agent's load generator, beside wrk opening a new connection
# per request and the old script's fork-per-connection loop, all against one loopback nginx in the same run.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/stress.sh
# Needs nginx and wrk (Debian: apt-get install -y nginx wrk), java and python3. It measures, ROUNDS times in
# turn (the machine is shared: alternating keeps a burst of someone else's load from landing on one client):
#   - wrk -t1 -cC -dS -H 'Connection: close': one client thread, C connections, a new one per request
#   - host-agent test with the same C, an HTTP/1.1 request with Connection: close on each connection, reading
#     the response's bytes, for S seconds (--force: the caps would hold it to 1,000 a second)
#   - the old script's stress_test_connections loop, FORK_N connections (`timeout 10s bash -c "echo test
#     >/dev/tcp/..."` in the background, 100 at a time), and its test_network_latency probe 50 times in a row
# then prints each round, the medians and their ratio. Everything it starts goes away on exit, however it exits.
#
# Settings (environment): ROUNDS (3), SECONDS_PER_RUN (10), CONCURRENCY (50), FORK_N (500), AGENT_JAVA_OPTS
# (the agent's host-agent/jvm.options).
set -euo pipefail

SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
ROUNDS=${ROUNDS:-3}
CONCURRENCY=${CONCURRENCY:-50}
FORK_N=${FORK_N:-500}
FORK_PROBES=50
AGENT_JAR=host-agent/target/quarkus-app/quarkus-run.jar
REQUEST=$'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'

die() { echo "stress.sh: $*" >&2; exit 1; }

missing=()
for tool in nginx wrk java python3 timeout; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
((${#missing[@]} == 0)) || die "needs ${missing[*]} on PATH (Debian: apt-get install -y nginx wrk)"
[[ -f $AGENT_JAR ]] || die "run from the repository root after a build: mvn -B -ntp -DskipTests package"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(cat host-agent/jvm.options)}

WORK=$(mktemp -d /tmp/tcpfleet-stress-bench.XXXXXX)
FORK_PIDS=()
CLIENT_PID=

# a client runs in the background so that a signal to this script reaches the trap at once, not when it ends
client() {
    "$@" &
    CLIENT_PID=$!
    local status=0
    wait "$CLIENT_PID" || status=$?
    CLIENT_PID=
    return "$status"
}

cleanup() {
    [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null || true
    for pid in "${FORK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ -f $WORK/nginx.pid ]]; then
        kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
        for _ in $(seq 50); do [[ -f $WORK/nginx.pid ]] || break; sleep 0.1; done
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/tmp"
# one worker: this is a 2-core machine and the client needs the other core
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        location / { return 200 "ok\n"; }
    }
}
CONF
nginx -p "$WORK" -e "$WORK/error.log" -c "$WORK/nginx.conf" || die "nginx did not start: $(cat "$WORK/error.log")"
for _ in $(seq 100); do
    (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done
(echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || die "nginx does not listen on $PORT"
URL=http://127.0.0.1:$PORT/
# wrk reads each response to its end (Content-Length) and closes; the agent, told the size, does the same
RESPONSE_BYTES=$(python3 - "$PORT" "$REQUEST" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as connection:
    connection.sendall(sys.argv[2].encode())
    response = b""
    while chunk := connection.recv(65536):
        response += chunk
print(len(response))
PY
)

echo "nginx on 127.0.0.1:$PORT; $ROUNDS rounds of $SECONDS_PER_RUN s per client, $CONCURRENCY connections at once;" \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- wrk and the agent, alternating: the machine is shared, so each round compares like with like ---------
wrk_round() { # appends: rate p50 p99 (us) socket-errors
    client wrk -t1 -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" --latency -H 'Connection: close' "$URL" > "$WORK/wrk.txt"
    python3 - "$WORK/wrk.txt" >> "$WORK/wrk.tsv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def micros(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 1, "ms": 1e3, "s": 1e6}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = micros(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = micros(re.search(r"\s99%\s+(\S+)", text).group(1))
errors = re.search(r"Socket errors: (.*)", text)
print(f"{rate:.0f} {p50:.0f} {p99:.0f} {(errors.group(1).replace(' ', '') if errors else 'none')}")
PY
}

agent_round() { # appends: rate p50 p99 (us) failures successes
    # shellcheck disable=SC2086 # the JVM options are words
    client "$JAVA" $AGENT_JAVA_OPTS -jar "$AGENT_JAR" test --target "127.0.0.1:$PORT" --connections 100000000 \
        --concurrency "$CONCURRENCY" --rate unlimited --duration "$SECONDS_PER_RUN" --payload "$REQUEST" \
        --read "$RESPONSE_BYTES" --probes 0 --force --json > "$WORK/agent.json"
    python3 - "$WORK/agent.json" >> "$WORK/agent.tsv" <<'PY'
import json, sys
result = json.loads(open(sys.argv[1]).read())
failed = ",".join(f"{k.lower()}:{v}" for k, v in result["failures"].items() if v) or "none"
latency = result["latency"]
print(f"{result['achievedRate']:.0f} {latency['p50Micros']} {latency['p99Micros']} {failed} {result['successes']}")
PY
}

for ((round = 1; round <= ROUNDS; round++)); do
    wrk_round
    agent_round
done

# --- the old script: a bash fork per connection ------------------------------------------------------------
start=$(date +%s%N)
for ((i = 1; i <= FORK_N; i++)); do
    { timeout 10s bash -c "echo test >/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && echo ok || echo failed; } \
        >> "$WORK/fork.txt" &
    FORK_PIDS+=($!)
    if ((i % 100 == 0)); then
        wait
        FORK_PIDS=()
    fi
done
wait
FORK_PIDS=()
FORK_NANOS=$(($(date +%s%N) - start))
FORK_OK=$(grep -c '^ok' "$WORK/fork.txt" || true)
for ((i = 1; i <= FORK_PROBES; i++)); do
    t0=$(date +%s%N)
    timeout 5s bash -c "echo >/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || true
    echo $((($(date +%s%N) - t0) / 1000)) >> "$WORK/fork-latency.txt"
done
read -r FORK_RATE FORK_P50 FORK_P99 < <(python3 - "$WORK/fork-latency.txt" "$FORK_OK" "$FORK_NANOS" <<'PY'
import sys
micros = sorted(int(line) for line in open(sys.argv[1]))
ok, nanos = int(sys.argv[2]), int(sys.argv[3])
pick = lambda p: micros[min(len(micros) - 1, int(p * len(micros)))]
print(f"{ok * 1e9 / nanos:.1f} {pick(0.50)} {pick(0.99)}")
PY
)

python3 - "$WORK/wrk.tsv" "$WORK/agent.tsv" "$FORK_RATE" "$FORK_P50" "$FORK_P99" <<PY
import statistics, sys
wrk = [line.split() for line in open(sys.argv[1])]
agent = [line.split() for line in open(sys.argv[2])]
f_rate, f50, f99 = map(float, sys.argv[3:6])
def ms(us): return f"{float(us) / 1000:.3f} ms"
def median(rows, i): return statistics.median(float(row[i]) for row in rows)
print(f"{'client':<52} {'conn/s':>9} {'p50':>11} {'p99':>11}  latency measured")
def show(name, rate, p50, p99, what): print(f"{name:<52} {float(rate):>9.0f} {ms(p50):>11} {ms(p99):>11}  {what}")
for n, (w, a) in enumerate(zip(wrk, agent), 1):
    show(f"round {n}: wrk -t1 -c$CONCURRENCY, Connection: close", w[0], w[1], w[2],
         "request, from its write (after connect)")
    show(f"round {n}: host-agent test -c$CONCURRENCY, same request", a[0], a[1], a[2], "connect")
w_rate, a_rate = median(wrk, 0), median(agent, 0)
show("median: wrk", w_rate, median(wrk, 1), median(wrk, 2), "")
show("median: host-agent test", a_rate, median(agent, 1), median(agent, 2), "")
show("old script: fork per connection ($FORK_OK/$FORK_N ok)", f_rate, f50, f99, "fork + connect, as its probe times it")
ratios = ", ".join(f"{float(a[0]) / float(w[0]):.2f}" for w, a in zip(wrk, agent))
print(f"agent / wrk : {a_rate / w_rate:.2f}x connections per second, medians (rounds: {ratios}; target: at least 0.8x)")
print(f"agent / fork: {a_rate / f_rate:.0f}x connections per second")
print("failures: wrk socket errors " + " ".join(w[3] for w in wrk) + "; agent " + " ".join(a[3] for a in agent)
      + " (" + " ".join(a[4] for a in agent) + " succeeded)")
PY
