#!/bin/sh
# Benchmark of the notifications service's deliveries (make
# bench-notifications; not part of make test): the release-built casedesk
# and notifications on their own PostgreSQL and Redis, BENCH_RECEIVERS (2)
# webhook receivers on 127.0.0.1 (tests/bench/notifications_receiver.py:
# asyncio with keep-alive, thousands of POSTs a second each, so they are not
# what is measured), BENCH_SUBSCRIPTIONS (1,000) subscriptions to the kanaal
# cases of which one's callback never answers (every attempt runs into
# KOERS_NOTIFICATIONS_TIMEOUT_S), and BENCH_EVENTS (20) cases filed in the
# casedesk: each case.received event becomes a message for every
# subscription. tests/bench/notifications.py then waits until every
# delivery but the slow one's is delivered and prints deliveries per second
# (the deliveries' own times: first queued to last delivered), the
# notifications process's CPU time per delivery (/proc/<pid>/stat), what the
# receivers counted (each message once per subscription) and what became of
# the slow subscription. Bounded by BENCH_LIMIT_S (300).
#
#   BUILD=build/rel sh tests/bench/notifications.sh
#
# BENCH_WORKERS (4) and BENCH_TIMEOUT_S (10) set the service's
# KOERS_NOTIFICATIONS_WORKERS and _TIMEOUT_S; BENCH_SIGNING=1 signs every
# delivery. KOERS_BENCH_KEEP=1 keeps PostgreSQL running with the data
# afterwards (its directory and URL are printed last).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
NRX=${BENCH_RECEIVERS:-2}
BENCH_SUBSCRIPTIONS=${BENCH_SUBSCRIPTIONS:-1000}
BENCH_EVENTS=${BENCH_EVENTS:-20}
BENCH_LIMIT_S=${BENCH_LIMIT_S:-300}
WORKERS=${BENCH_WORKERS:-4}
TIMEOUT_S=${BENCH_TIMEOUT_S:-10}
export BENCH_SUBSCRIPTIONS BENCH_EVENTS BENCH_LIMIT_S
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql
[ -x "$BUILD/bin/casedesk" ] || { echo "bench-notifications: $BUILD/bin/casedesk is missing (make)" >&2; exit 1; }

echo "bench-notifications: $(nproc) CPUs; $BENCH_SUBSCRIPTIONS subscriptions (1 never answers), $BENCH_EVENTS case events," \
    "$NRX receivers, $WORKERS dispatcher workers, a ${TIMEOUT_S} s timeout"
KOERS_PG_FSYNC=off koers_bench_begin notifications

# the casedesk (the events' source) and the receivers are stopped before
# what koers_bench_begin cleans up
casedesk_pid=""
rx_pids=""
started_pid=""
bench_stop_extra() {
    [ "$started_pid" = "$svc_pid" ] || [ "$started_pid" = "$casedesk_pid" ] || casedesk_pid="$casedesk_pid $started_pid"
    for p in $rx_pids $casedesk_pid; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in $rx_pids $casedesk_pid; do
        i=0
        while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$p" 2>/dev/null || true
    done
}
# (set +e first: under set -e the `(exit $rc)` that hands the status on
# would end the trap before the cleanup)
trap 'rc=$?; set +e; bench_stop_extra; (exit $rc); koers_bench_cleanup' EXIT

KOERS_JWT_SECRET=$(openssl rand -hex 32)
export KOERS_JWT_SECRET
# start NAME [VAR=value ...]: $BUILD/bin/NAME on a free port, ready; sets
# started_pid and started_url
start() {
    name=$1; shift
    port=$(koers_free_port)
    started_url="http://127.0.0.1:$port"
    env "KOERS_$(echo "$name" | tr 'a-z' 'A-Z')_PORT=$port" KOERS_BIND_ADDR=127.0.0.1 \
        KOERS_LOG_LEVEL="${KOERS_LOG_LEVEL:-warn}" KOERS_PUBLIC_BASE_URL="$started_url" "$@" \
        "$BUILD/bin/$name" </dev/null >"$work/$name.log" 2>&1 &
    started_pid=$!
    koers_wait_ready "$started_url" "$started_pid" "$work/$name.log" "bench-notifications: $name" 30 || exit 1
}
start casedesk KOERS_CASEDESK_SCHEDULER_EVERY_S=0
casedesk_pid=$started_pid
CASEDESK_URL=$started_url

TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-notifications)
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator admin" --ttl 7200)
CASE_KEY=$(admin apikey-create --tenant "$TENANT" --name "bench portal" --scopes "cases:read cases:write")
SUB_KEY=$(admin apikey-create --tenant "$TENANT" --name "bench subscriber" --scopes "notifications:subscribe")
EVENTS_KEY=$(admin apikey-create --tenant "$TENANT" --name "bench notifications" --scopes "events:read")
CATEGORY_ID=$(curl -s -X POST "$CASEDESK_URL/casedesk/v1/categories" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"name": "Bench", "slaDays": 5}' |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') ||
    { echo "bench-notifications: cannot create a category" >&2; exit 1; }

RECEIVERS=""
for _ in $(seq "$NRX"); do
    /usr/bin/python3 -u tests/bench/notifications_receiver.py 0 >"$work/rx.$$.out" 2>>"$work/rx.log" &
    rx_pids="$rx_pids $!"
    i=0
    until [ -s "$work/rx.$$.out" ]; do
        i=$((i + 1)); [ $i -le 100 ] || { echo "bench-notifications: a receiver did not start" >&2; exit 1; }
        sleep 0.05
    done
    RECEIVERS="$RECEIVERS $(head -n 1 "$work/rx.$$.out")"
    rm -f "$work/rx.$$.out"
done

# callbacks on 127.0.0.1 over http: allowed for this run only
start notifications KOERS_NOTIFICATIONS_CASEDESK_URL="$CASEDESK_URL" KOERS_NOTIFICATIONS_EVENTS_KEY="$EVENTS_KEY" \
    KOERS_NOTIFICATIONS_EVENTS_POLL_S=1 KOERS_NOTIFICATIONS_ALLOW_HTTP=1 KOERS_NOTIFICATIONS_ALLOW_NETS=127.0.0.0/8 \
    KOERS_NOTIFICATIONS_WORKERS="$WORKERS" KOERS_NOTIFICATIONS_TIMEOUT_S="$TIMEOUT_S"
svc_pid=$started_pid
NOTIFICATIONS_URL=$started_url

CASEDESK_URL=$CASEDESK_URL NOTIFICATIONS_URL=$NOTIFICATIONS_URL RECEIVERS=$RECEIVERS SVC_PID=$svc_pid \
    PSQL=$PSQL CASE_KEY=$CASE_KEY SUB_KEY=$SUB_KEY CATEGORY_ID=$CATEGORY_ID \
    /usr/bin/python3 -B tests/bench/notifications.py
echo "bench-notifications: notifications RSS after the run: $(awk '/^VmRSS/ {print $2 " " $3}' "/proc/$svc_pid/status"), peak $(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$svc_pid/status")"
