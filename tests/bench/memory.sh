#!/bin/sh
# Idle memory of every service (make bench-memory; not part of make test):
# the five release-built services, each with its default settings (threads
# and pool from the core count), on one throwaway PostgreSQL and Redis; the
# consumers read their sources' events straight from the service that
# publishes them. After BENCH_IDLE_S (default 2) seconds of idleness once
# all are ready, prints per service VmRSS and where it lies
# (/proc/<pid>/smaps_rollup: anonymous memory, file-backed pages, and the
# proportional set size: shared pages divided among their users), the
# thread count and the database connections the service holds; then the
# same after BENCH_WARM_REQUESTS (default 200) GETs each of /readyz, the
# API document and the service's event feed with an API key (memory that
# requests leave behind: the first authenticated one initialises OpenSSL,
# whose code pages then stay resident).
#
#   BUILD=build/rel sh tests/bench/memory.sh
#   BENCH_MEMORY_LIMIT_KIB=10240   a non-zero exit when an idle RSS is above
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
IDLE=${BENCH_IDLE_S:-2}
WARM=${BENCH_WARM_REQUESTS:-200}
LIMIT=${BENCH_MEMORY_LIMIT_KIB:-}
SERVICES="casedesk surveys processes programmes notifications"
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/services.sh
. "$root/tests/lib/services.sh"

for s in $SERVICES koers-admin; do
    [ -x "$BUILD/bin/$s" ] || { echo "bench-memory: $BUILD/bin/$s is missing (make)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bench-memory.XXXXXX")
cleanup() {
    rc=$?
    trap - EXIT INT TERM
    for s in $SERVICES; do
        koers_pidfile_stop "$work/$s.pid" 10 >/dev/null 2>&1 || true
    done
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
koers_secrets_env "$work/secrets.env"
TENANT=$("$BUILD/bin/koers-admin" tenant-create --name "Gemeente Geheugen" --slug bench-memory 2>>"$work/admin.log") ||
    { cat "$work/admin.log" >&2; exit 1; }
EKEY=$("$BUILD/bin/koers-admin" apikey-create --tenant "$TENANT" --name consumers --scopes "events:read" 2>>"$work/admin.log") ||
    { cat "$work/admin.log" >&2; exit 1; }

# start NAME VAR=value...: the service on a free port with only what it
# must be told (no thread or pool setting: the defaults are measured)
start() {
    name=$1
    shift
    port=$(koers_free_port)
    env "$@" "KOERS_$(echo "$name" | tr 'a-z' 'A-Z')_PORT=$port" KOERS_BIND_ADDR=127.0.0.1 \
        KOERS_LOG_LEVEL=warn KOERS_PUBLIC_BASE_URL="http://127.0.0.1:$port" \
        "$BUILD/bin/$name" </dev/null >"$work/$name.log" 2>&1 &
    echo $! >"$work/$name.pid"
    echo "$port" >"$work/$name.port"
    koers_wait_ready "http://127.0.0.1:$port" "$(cat "$work/$name.pid")" "$work/$name.log" "bench-memory: $name" ||
        exit 1
}
url() { echo "http://127.0.0.1:$(cat "$work/$1.port")"; }

start casedesk
start surveys
start processes KOERS_PROCESSES_CASEDESK_URL="$(url casedesk)" KOERS_PROCESSES_CASEDESK_EVENTS_KEY="$EKEY"
start programmes KOERS_PROGRAMMES_SURVEYS_URL="$(url surveys)" KOERS_PROGRAMMES_PROCESSES_URL="$(url processes)" \
    KOERS_PROGRAMMES_CASEDESK_URL="$(url casedesk)" KOERS_PROGRAMMES_EVENTS_KEY="$EKEY"
start notifications KOERS_NOTIFICATIONS_CASEDESK_URL="$(url casedesk)" KOERS_NOTIFICATIONS_SURVEYS_URL="$(url surveys)" \
    KOERS_NOTIFICATIONS_PROCESSES_URL="$(url processes)" KOERS_NOTIFICATIONS_PROGRAMMES_URL="$(url programmes)" \
    KOERS_NOTIFICATIONS_EVENTS_KEY="$EKEY"

# row SERVICE: rss anon file pss threads db-connections (kB x 4, n, n)
row() {
    pid=$(cat "$work/$1.pid")
    kill -0 "$pid" 2>/dev/null || { echo "bench-memory: $1 died" >&2; tail -n 20 "$work/$1.log" >&2; exit 1; }
    rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
    anon=$(sed -n 's/^Anonymous:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/smaps_rollup")
    pss=$(sed -n 's/^Pss:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/smaps_rollup")
    thr=$(sed -n 's/^Threads:[[:space:]]*\([0-9]*\)/\1/p' "/proc/$pid/status")
    # established TCP connections of this process to the PostgreSQL port
    dbc=$(ss -Htnp state established "( dport = :$PG_PORT )" 2>/dev/null | grep -c "pid=$pid," || true)
    echo "$1 $rss $anon $((rss - anon)) $pss $thr $dbc"
}
table() {
    fmt="%-14s %9s %9s %9s %9s %8s %7s\n"
    printf "$fmt" service "RSS MiB" "anon MiB" "file MiB" "PSS MiB" threads "db conn"
    for s in $SERVICES; do
        row "$s" >>"$work/$2"
    done
    awk -v f="$fmt" '{ printf f, $1, sprintf("%.1f", $2 / 1024), sprintf("%.1f", $3 / 1024),
        sprintf("%.1f", $4 / 1024), sprintf("%.1f", $5 / 1024), $6, $7 }' "$work/$2"
}

sleep "$IDLE"
echo "bench-memory: $(nproc) CPUs; idle ${IDLE} s after start (default threads and pool)"
table idle idle.rows
for s in $SERVICES; do
    i=0
    while [ $i -lt "$WARM" ]; do
        printf 'url = "%s/readyz"\noutput = "/dev/null"\n' "$(url "$s")"
        printf 'url = "%s/%s/v1/openapi.json"\noutput = "/dev/null"\n' "$(url "$s")" "$s"
        printf 'url = "%s/%s/v1/events?limit=10"\noutput = "/dev/null"\n' "$(url "$s")" "$s"
        i=$((i + 1))
    done >"$work/warm.curl"
    curl -s -H "Authorization: Bearer $EKEY" -K "$work/warm.curl" >/dev/null 2>&1 || true
done
sleep "$IDLE"
echo
echo "bench-memory: after $WARM GETs each of /readyz, the API document and the event feed (API key), ${IDLE} s idle"
table warm warm.rows
if [ -n "$LIMIT" ]; then
    over=$(awk -v l="$LIMIT" '$2 > l { print $1 }' "$work/idle.rows")
    [ -z "$over" ] || { echo "bench-memory: idle RSS above $LIMIT KiB: $over" >&2; exit 1; }
fi
