# What bench/ingest.sh and bench/alert-latency.sh share, sourced once they have set NAME (for messages), DB,
# WORK, JAVA and KAFKA_JAR: everything started goes in PIDS (and APP_PID), and it all goes away on exit, with the
# database and WORK, however the script exits.
PIDS=()
APP_PID=

die() { echo "$NAME: $*" >&2; exit 1; }
command -v psql >/dev/null && command -v curl >/dev/null || die "needs psql and curl"

cleanup() {
    for pid in $APP_PID "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
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

# Waits until the control plane (APP_PID, logging to $WORK/app.log) answers URL.
await_control_plane() {
    local deadline=$(( SECONDS + 180 ))
    until curl -sf "$1" >/dev/null; do
        kill -0 "$APP_PID" 2>/dev/null || die "control plane exited: $(tail -20 "$WORK/app.log")"
        (( SECONDS < deadline )) || die "control plane not up in 180 s"
        sleep 0.2
    done
}
