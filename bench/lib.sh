# What the benchmarks share, sourced once they have set NAME (for messages): the jars,
# a database name and a work directory; everything started goes in PIDS (and APP_PID), and it all goes away on exit,
# with the database and WORK, however the script exits.
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
KAFKA_JAR=embedded-kafka/target/tcpfleet-embedded-kafka.jar
APP_JAR=control-plane/target/quarkus-app/quarkus-run.jar
SIM_JAR=fleet-simulator/target/tcpfleet-fleet-simulator.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DB=tcpfleet_bench_$$
PIDS=()
APP_PID=

die() { echo "$NAME: $*" >&2; exit 1; }
[[ -f $APP_JAR && -f $KAFKA_JAR && -f $SIM_JAR ]] || die "run from the repository root after mvn -DskipTests package"
command -v psql >/dev/null && command -v curl >/dev/null || die "needs psql and curl"
WORK=$(mktemp -d "/tmp/tcpfleet-${NAME%.sh}-bench.XXXXXX")

cleanup() {
    for pid in $APP_PID "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# VALUE against the run's $anchor, to one decimal
ratio() { awk -v a="$1" -v b="$anchor" 'BEGIN { printf "%.1f", a / b }'; }
sql() { psql -qtAX -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# An embedded broker on free ports; sets BOOTSTRAP and BROKER_PID.
start_broker() {
    local port controller
    port=$(free_port); controller=$(free_port)
    BOOTSTRAP=127.0.0.1:$port
    "$JAVA" -Xmx1g -jar "$KAFKA_JAR" --data-dir "$WORK/kafka" --port "$port" --controller-port "$controller" \
        >"$WORK/kafka.out" 2>"$WORK/kafka.err" &
    BROKER_PID=$!
    PIDS+=("$BROKER_PID")
}

# Starts the control plane on HTTP_PORT, with DB and BOOTSTRAP and the JVM options it ships with, logging to
# $WORK/app.log; sets APP_PID. Its settings go in the call's environment: TCPFLEET_...=... start_control_plane.
start_control_plane() {
    # shellcheck disable=SC2046 # the options are words
    "$JAVA" $(cat control-plane/jvm.options) -Dquarkus.http.port="$HTTP_PORT" -Dkafka.bootstrap.servers="$BOOTSTRAP" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:5432/$DB" -Dquarkus.datasource.username="$PGUSER" \
        -jar "$APP_JAR" >>"$WORK/app.log" 2>&1 &
    APP_PID=$!
}

# Waits until the control plane (APP_PID, logging to $WORK/app.log) answers URL.
await_control_plane() {
    local deadline=$(( SECONDS + 180 ))
    until curl -sf "$1" >/dev/null; do
        kill -0 "$APP_PID" 2>/dev/null || die "control plane exited: $(tail -20 "$WORK/app.log")"
        (( SECONDS < deadline )) || die "control plane not up in 180 s"
        sleep 0.2
    done
}

# The fleet's rows (fleet_rollups) of the given metrics, as ingest keeps them, from the hosts' rows already loaded in
# snapshot_rollups: per group (the fleet, and each label a host carries), the hosts with the figure and the sum of
# their bucket averages.
fill_fleet_rollups() { # metric...
    local m columns="" sums=""
    for m in "$@"; do
        columns+=", ${m}_hosts, ${m}_sum"
        sums+=", count(*) FILTER (WHERE r.${m}_n > 0), coalesce(sum(r.${m}_sum / NULLIF(r.${m}_n, 0)), 0)"
    done
    sql "INSERT INTO fleet_rollups (label_key, label_value, bucket, bucket_start$columns)
         SELECT g.k, g.v, r.bucket, r.bucket_start$sums FROM snapshot_rollups r JOIN hosts h ON h.id = r.host_id
         CROSS JOIN LATERAL (SELECT '', '' UNION ALL SELECT key, value FROM jsonb_each_text(h.labels)) AS g (k, v)
         GROUP BY 1, 2, 3, 4"
    sql "ANALYZE fleet_rollups"
}
