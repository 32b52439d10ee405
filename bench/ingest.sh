#!/usr/bin/env bash
# Sustained snapshot ingest: snapshots per second from the Kafka topic to durable rows (with their hosts, rollups and
# alert judgements), beside two anchors writing the same rows in the same run: one row per transaction with plain
# JDBC (how the control plane stored a snapshot before batching) and PostgreSQL's own COPY (the ceiling).
# Target: 20,000 full snapshots/s (a 200,000-host fleet at a 10 s interval) sustained for 5 minutes, aiming for 50,000.
#
# Run from the repository root after a build (mvn -DskipTests package):
#   bench/ingest.sh                        # how fast a backlog drains: HOSTS x ROUNDS snapshots preloaded
#   RATE=2000 DURATION=300 bench/ingest.sh  # whether a steady RATE/s holds for DURATION s: the backlog over time
# It creates its own database on the local PostgreSQL and starts an embedded broker on free ports. Snapshots are built
# by the fleet simulator's SimulatedHost (through IngestLoad), put on the topic and written to CSV for the anchors.
#
# Backlog (no RATE): the topic is preloaded with HOSTS hosts x ROUNDS rounds of snapshots, the two anchors store the
# same rows, the tables are emptied, then the control plane is started and its stored snapshots (its
# tcpfleet.snapshots.stored counter, counted after commit) are sampled every second until all are stored or DURATION
# seconds have passed.
# Steady (RATE set): the control plane is started first; then RATE snapshots/s are produced for DURATION seconds from
# RATE x 10 hosts (a 10 s interval), while the backlog (sent but not yet stored) is sampled every second; then the
# control plane has DRAIN seconds to store the rest, and the anchors store the same rows afterwards.
#
# Each simulated host seals its snapshots with a key pair of its own and enrols itself with the fleet's enrol secret, as
# agents do (a command key pair and an enrol secret are made for the run and passed through the environment), so the
# control plane checks every snapshot: the report gives that check's cost per snapshot, from its
# tcpfleet_messages_authentication_seconds timer on the snapshot topic.
#
# With PROFILE=1 the control plane runs under JFR and the hottest frames are printed. When PostgreSQL has
# pg_stat_statements in shared_preload_libraries, the control plane's statements by execution time and each table's
# row writes (in place or not) are printed too. Everything it starts, and the database, goes away on exit.
#
# Settings (environment): RATE (unset: backlog), HOSTS (20000, or RATE x 10), ROUNDS (5), DURATION (300),
# DRAIN (120), ONE_BY_ONE (10000 rows for that anchor), PROFILE (1), JFR_OUT (a path to keep the recording at),
# PGHOST (127.0.0.1), PGUSER (postgres).
set -euo pipefail

RATE=${RATE:-}
HOSTS=${HOSTS:-$(( ${RATE:-2000} * 10 ))}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-300}
DRAIN=${DRAIN:-120}
ONE_BY_ONE=${ONE_BY_ONE:-10000}
PROFILE=${PROFILE:-1}
JFR_OUT=${JFR_OUT:-}
NAME=ingest.sh
source "$(dirname "$0")/lib.sh"
PG_JAR=$(ls control-plane/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar 2>/dev/null | head -1)
[[ -n $PG_JAR ]] || die "no PostgreSQL driver in the control plane's build"
command -v openssl >/dev/null || die "needs openssl (for the run's command key pair)"

# The run's command key pair and enrol secret, for the control plane (which checks each host's seal with the private
# key) and the simulated hosts (which seal with the public one); in the environment, never on a command line.
openssl genpkey -algorithm ed25519 -out "$WORK/command-key.pem" 2>/dev/null
export TCPFLEET_COMMANDS_SIGNING_KEY TCPFLEET_AGENT_COMMAND_PUBLIC_KEY TCPFLEET_IDENTITY_ENROL_SECRET \
    TCPFLEET_AGENT_ENROL_SECRET
TCPFLEET_COMMANDS_SIGNING_KEY=$(openssl pkey -in "$WORK/command-key.pem" -outform DER | base64 -w0)
TCPFLEET_AGENT_COMMAND_PUBLIC_KEY=$(openssl pkey -in "$WORK/command-key.pem" -pubout -outform DER | base64 -w0)
TCPFLEET_IDENTITY_ENROL_SECRET=$(head -c 32 /dev/urandom | base64 -w0)
TCPFLEET_AGENT_ENROL_SECRET=$TCPFLEET_IDENTITY_ENROL_SECRET

now_ms() { date +%s%3N; }
# CPU seconds (user + system) a process has used so far
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU seconds of the database's backends (the control plane's pool), by their process ids on this machine
pg_cpu() { for pid in $(sql "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"); do
    cpu_s "$pid"; echo; done | awk '{ s += $1 } END { printf "%.1f", s }'; }
per_s() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
HTTP_PORT=$(free_port)
start_broker

# A preloaded backlog is old by construction, a live fleet's is not: its hosts are not to be judged silent (host-stale
# alerts for the whole fleet, then resolved again) while the control plane catches up.
control_plane_up() {
    TCPFLEET_HOSTS_STALE_AFTER=$(( ROUNDS * 10 + DURATION + DRAIN + 600 ))s start_control_plane
    await_control_plane "http://127.0.0.1:$HTTP_PORT/q/health/live"
}
stop_control_plane() { kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
stored() { curl -sf "http://127.0.0.1:$HTTP_PORT/q/metrics" | awk '/^tcpfleet_snapshots_stored_total/ { printf "%d", $2 }'; }
# The control plane's check of each snapshot's seal, enrolment and clock: microseconds per snapshot and how many were
# checked, then how many it refused (any reason, any topic: none is expected).
authentication() {
    curl -sf "http://127.0.0.1:$HTTP_PORT/q/metrics" | awk '
        /^tcpfleet_messages_authentication_seconds_sum\{.*topic="tcpfleet-snapshots-v1"/ { sum = $2 }
        /^tcpfleet_messages_authentication_seconds_count\{.*topic="tcpfleet-snapshots-v1"/ { count = $2 }
        /^tcpfleet_messages_refused_total/ { refused += $2 }
        END { printf "%.1f %d %d\n", (count > 0 ? sum * 1e6 / count : 0), count, refused }'
}

# Both anchors on the rows in $WORK/rows.csv (TOTAL of them), into emptied tables; sets ONE_ROWS, ONE_MS, ONE_LOAD,
# COPY_MS and COPY_LOAD, and leaves the tables empty again.
anchors() {
    sql "TRUNCATE hosts CASCADE"
    # their hosts exist first, as snapshots reference them
    sql "INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
         SELECT 'ingest-' || i, 'ingest-' || i || '.sim', '{}', 'simulator', now(), now()
         FROM generate_series(0, $HOSTS - 1) i"
    read -r ONE_ROWS ONE_MS < <("$JAVA" -cp "$SIM_JAR:$PG_JAR" dev.tcpfleet.simulator.IngestLoad one-by-one \
        "jdbc:postgresql://$PGHOST:5432/$DB" "$PGUSER" "$WORK/rows.csv" "$ONE_BY_ONE")
    ONE_LOAD=$(cut -d' ' -f1 /proc/loadavg)
    sql "TRUNCATE snapshots"
    local t; t=$(now_ms)
    psql -q -v ON_ERROR_STOP=1 -d "$DB" \
        -c "\\copy snapshots (host_id, collected_at, schema_version, body) FROM '$WORK/rows.csv' WITH (FORMAT csv)"
    COPY_MS=$(( $(now_ms) - t ))
    COPY_LOAD=$(cut -d' ' -f1 /proc/loadavg)
    [[ $(sql "SELECT count(*) FROM snapshots") == "$TOTAL" ]] || die "COPY did not store every row"
    rm -f "$WORK/rows.csv"
    sql "TRUNCATE hosts CASCADE"
    sql "CHECKPOINT"
}

# Samples the stored count every second while update_sent (a function setting SENT_N: how many are on the topic so
# far) grows, then
# until all TOTAL are stored or the deadline (epoch ms) passes; prints each 5 s window. Sets n, first_ms, first_n,
# last_ms, cpu0, rates, the largest backlog seen (peak_backlog), the largest after the first minute (peak_later) and
# the backlog each minute (minutes).
sample() {
    local deadline=$1 window_n=0 window_ms backlog
    first_ms=; first_n=0; n=0; rates=(); peak_backlog=0; peak_later=0; minutes=(); window_ms=$(now_ms)
    local minute_ms=$window_ms
    while (( $(now_ms) < deadline )); do
        kill -0 "$APP_PID" 2>/dev/null || die "control plane exited: $(tail -20 "$WORK/app.log")"
        n=$(stored || true); n=${n:-0}
        # what was sent is read up to 100 ms late: never less than nothing
        update_sent; backlog=$(( SENT_N > n ? SENT_N - n : 0 ))
        (( backlog > peak_backlog )) && peak_backlog=$backlog
        [[ -n $first_ms ]] && (( $(now_ms) - first_ms > 60000 && backlog > peak_later )) && peak_later=$backlog
        if [[ -z $first_ms && $n -gt 0 ]]; then
            first_ms=$(now_ms); first_n=$n; window_ms=$first_ms; window_n=$n; minute_ms=$first_ms
            cpu0=("$(cpu_s "$APP_PID")" "$(cpu_s "$BROKER_PID")" "$(pg_cpu)")
        fi
        if [[ -n $first_ms ]] && (( $(now_ms) - window_ms >= 5000 )); then
            rates+=("$(per_s $(( n - window_n )) $(( $(now_ms) - window_ms )))")
            echo "  sent $SENT_N, stored $n, backlog $backlog, last 5 s: ${rates[-1]}/s, load $(cut -d' ' -f1 /proc/loadavg)"
            window_ms=$(now_ms); window_n=$n
        fi
        if [[ -n $first_ms ]] && (( $(now_ms) - minute_ms >= 60000 )); then
            minutes+=("$backlog"); minute_ms=$(now_ms)
        fi
        (( n >= TOTAL )) && [[ -f $WORK/total ]] && break
        sleep 1
    done
    last_ms=$(now_ms)
    [[ -n $first_ms ]] || die "nothing stored: $(tail -20 "$WORK/app.log")"
}

# The database's side of the profile needs pg_stat_statements loaded (shared_preload_libraries): its statements are
# counted from here, and the control plane's tables' writes (of the bench's own database: it starts empty).
# Counted from before the control plane stores anything; any failure (no such library, not allowed) only leaves the
# profile out.
DB_PROFILE=0
start_db_profile() {
    if [[ $(sql "SHOW shared_preload_libraries" 2>/dev/null) == *pg_stat_statements* ]] && sql "
            CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
            SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0),
                pg_stat_reset()" >/dev/null 2>&1; then
        DB_PROFILE=1
    fi
}
start_profile() { [[ $PROFILE == 1 ]] && jcmd "$APP_PID" JFR.start name=ingest settings=profile >/dev/null || true; }
# Read once the control plane's backends have gone (each hands in its counts as it exits) and before the anchors
# write; per snapshot is per snapshot stored (n).
db_profile() {
    local deadline=$(( SECONDS + 30 ))
    while (( $(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()") > 0 \
            && SECONDS < deadline )); do
        sleep 0.2
    done
    echo
    echo "database: the control plane's statements by execution time, then each table's row writes"
    psql -X -d "$DB" -P pager=off -c "
        SELECT round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS \"% time\", calls,
            round((total_exec_time / calls)::numeric, 2) AS \"ms/call\", rows / calls AS \"rows/call\",
            round((1000 * total_exec_time / greatest($n, 1))::numeric, 1) AS \"us/snapshot\",
            left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS statement
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 10" \
        -c "SELECT relname AS table, n_tup_ins AS inserted, n_tup_upd AS updated, n_tup_hot_upd AS \"in place (HOT)\",
            n_tup_del AS deleted FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0
            ORDER BY n_tup_ins + n_tup_upd DESC"
}

if [[ -z $RATE ]]; then
    # a first start only to create the schema: nothing is on the topic yet
    control_plane_up
    stop_control_plane
    START=$(( $(date +%s) - ROUNDS * 10 ))
    echo "preloading $HOSTS hosts x $ROUNDS rounds of snapshots ..."
    t=$(now_ms)
    read -r TOTAL SIZE < <("$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.IngestLoad produce "$BOOTSTRAP" "$HOSTS" \
        "$ROUNDS" "$START" "$WORK/rows.csv" 2>"$WORK/load.err") || die "preload failed: $(tail -5 "$WORK/load.err")"
    echo "  $TOTAL snapshots on the topic in $(( $(now_ms) - t )) ms, $SIZE bytes each on average"
    touch "$WORK/total"
    anchors
    echo "ingest by the control plane (up to $DURATION s) ..."
    update_sent() { SENT_N=$TOTAL; }
    start_db_profile
    started=$(now_ms)
    control_plane_up
    # recorded from here, so that the start of the control plane does not crowd the samples
    start_profile
    sample $(( started + DURATION * 1000 ))
    WHAT="$TOTAL snapshots ($HOSTS hosts x $ROUNDS rounds"
else
    control_plane_up
    start_db_profile
    start_profile
    echo "$RATE snapshots/s from $HOSTS hosts for $DURATION s, then up to $DRAIN s to store the rest ..."
    echo 0 >"$WORK/sent"
    "$JAVA" -cp "$SIM_JAR" dev.tcpfleet.simulator.IngestLoad stream "$BOOTSTRAP" "$HOSTS" "$RATE" "$DURATION" \
        "$WORK/rows.csv" "$WORK/sent" >"$WORK/stream.out" 2>"$WORK/load.err" &
    LOAD_PID=$!
    PIDS+=("$LOAD_PID")
    # TOTAL is known once the load has ended; until then sampling goes on
    TOTAL=$(( 1 << 62 ))
    update_sent() {
        if [[ ! -f $WORK/total ]] && ! kill -0 "$LOAD_PID" 2>/dev/null; then
            wait "$LOAD_PID" || die "load failed: $(tail -5 "$WORK/load.err")"
            read -r TOTAL SIZE <"$WORK/stream.out"
            SENT_MS=$(now_ms)
            END_BACKLOG=$(( TOTAL - n ))
            touch "$WORK/total"
            echo "  load done: $TOTAL sent; backlog at its end $END_BACKLOG"
        fi
        SENT_N=$(cat "$WORK/sent")
    }
    started=$(now_ms)
    sample $(( started + (DURATION + DRAIN) * 1000 ))
    [[ -f $WORK/total ]] || die "the load had not ended $DRAIN s after its $DURATION s: $(tail -5 "$WORK/load.err")"
    WHAT="$TOTAL snapshots ($RATE/s from $HOSTS hosts for $DURATION s"
fi
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
APP_CPU=$(minus "$(cpu_s "$APP_PID")" "${cpu0[0]}")
BROKER_CPU=$(minus "$(cpu_s "$BROKER_PID")" "${cpu0[1]}")
PG_CPU=$(minus "$(pg_cpu)" "${cpu0[2]}")
read -r AUTH_US AUTH_N REFUSED < <(authentication || echo "0 0 0")
[[ $PROFILE == 1 ]] && jcmd "$APP_PID" JFR.dump name=ingest filename="$WORK/ingest.jfr" >/dev/null
[[ -n $JFR_OUT ]] && cp "$WORK/ingest.jfr" "$JFR_OUT"
stop_control_plane
if [[ $DB_PROFILE == 1 ]]; then db_profile >"$WORK/db-profile.txt" 2>&1 || echo "database profile failed" >>"$WORK/db-profile.txt"; fi
ROWS=$(sql "SELECT count(*) FROM snapshots")
SAMPLES=$(sql "SELECT coalesce(sum(established_n), 0) FROM snapshot_rollups WHERE bucket = '1h'")
[[ -n $RATE ]] && anchors

CP_RATE=$(per_s $(( n - first_n )) $(( last_ms - first_ms )))
ONE_RATE=$(per_s "$ONE_ROWS" "$ONE_MS")
COPY_RATE=$(per_s "$TOTAL" "$COPY_MS")
echo
echo "ingest of $WHAT, $SIZE bytes each on average)"
printf '  %-62s %8s/s  %s\n' "control plane: topic -> rows, hosts, rollups, alerts" "$CP_RATE" \
    "(5 s windows: $(printf '%s\n' "${rates[@]:-0}" | sort -n | head -1)..$(printf '%s\n' "${rates[@]:-0}" | sort -n | tail -1)/s)"
printf '  %-62s %8s/s  control plane x %s (load %s)\n' "anchor: one row per transaction, plain JDBC ($ONE_ROWS rows)" \
    "$ONE_RATE" "$(ratio "$CP_RATE" "$ONE_RATE")" "$ONE_LOAD"
printf '  %-62s %8s/s  control plane x %s (load %s)\n' "anchor: PostgreSQL COPY (psql \\copy, $TOTAL rows)" "$COPY_RATE" \
    "$(ratio "$CP_RATE" "$COPY_RATE")" "$COPY_LOAD"
echo "  stored $ROWS rows, rollups count $SAMPLES samples (each must be $TOTAL); backlog left $(( TOTAL - n ))"
if [[ -n $RATE ]]; then
    echo "  backlog (sent, not yet stored): largest $peak_backlog, after the first minute $peak_later;" \
        "at each minute ${minutes[*]:-none}; at the end of the load $END_BACKLOG;" \
        "$( (( n >= TOTAL )) && echo "all stored $(( (last_ms - SENT_MS) / 1000 )) s after it" \
            || echo "$(( TOTAL - n )) not stored $DRAIN s after it")"
fi
echo "  host authentication (seal, enrolment, clock): $AUTH_US us per snapshot over $AUTH_N checked; $REFUSED refused"
echo "  target 20000/s: $(ratio "$CP_RATE" 20000) of it; load average $LOAD"
echo "  CPU seconds from the first row stored to the last ($(( (last_ms - first_ms) / 1000 )) s on 2 cores):" \
    "control plane $APP_CPU, broker $BROKER_CPU, PostgreSQL backends of the control plane $PG_CPU"
if [[ $DB_PROFILE == 1 ]]; then cat "$WORK/db-profile.txt"; fi
if [[ $PROFILE == 1 ]]; then
    echo
    echo "control plane JFR execution samples: share of samples whose stack holds each part, then the top frames"
    jfr print --events jdk.ExecutionSample --stack-depth 64 "$WORK/ingest.jfr" | python3 -c '
import sys, collections
parts = [("JSON (Jackson)", "com.fasterxml.jackson"), ("PostgreSQL driver", "org.postgresql"),
         ("Hibernate", "org.hibernate"), ("Kafka client", "org.apache.kafka"), ("Narayana (JTA)", "com.arjuna"),
         ("Agroal pool", "io.agroal"), ("tcpfleet ingest", "dev.tcpfleet.controlplane.ingest"), ("tcpfleet history", "dev.tcpfleet.controlplane.history"),
         ("tcpfleet alerts", "dev.tcpfleet.controlplane.alerts"), ("tcpfleet domain", "dev.tcpfleet.domain")]
samples, inclusive, top, ours = 0, collections.Counter(), collections.Counter(), collections.Counter()
stack = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("stackTrace = ["):
        stack = []
    elif stack is not None and line.startswith("]"):
        samples += 1
        if stack:
            top[stack[0]] += 1
        ours[next((f for f in stack if f.startswith("dev.tcpfleet")), "(none: " + (stack[-1] if stack else "?") + ")")] += 1
        for name, prefix in parts:
            if any(f.startswith(prefix) for f in stack):
                inclusive[name] += 1
        stack = None
    elif stack is not None and line and not line.startswith("..."):
        stack.append(line.split("(")[0])
print(f"  {samples} samples")
for name, _ in parts:
    print(f"  {name:<20} {100 * inclusive[name] / max(samples, 1):5.1f} %")
print("  top frames:")
for frame, count in top.most_common(10):
    print(f"  {100 * count / max(samples, 1):5.1f} %  {frame}")
print("  innermost tcpfleet frame:")
for frame, count in ours.most_common(12):
    print(f"  {100 * count / max(samples, 1):5.1f} %  {frame}")
'
fi
