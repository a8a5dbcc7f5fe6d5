#!/bin/sh
# Slow and hostile clients (make test-hostile): the release-built casedesk
# behind the nginx gateway, with a throwaway PostgreSQL and Redis, attacked
# directly and through the gateway by tests/hostile/hostile.py (Python 3
# standard library): slowloris, trickled bodies (Content-Length and
# chunked), huge headers, 10,000 idle connections, Transfer-Encoding: bogus.
# While each attack runs, normal requests (GET and POST of a case) must keep
# succeeding both ways, each within 2 s; afterwards the attack connections
# must have been cut by the deadlines. The service runs with short
# deadlines so the run stays within a few minutes:
#
#   BUILD=build/rel sh tests/hostile/run.sh            (make test-hostile)
#   KOERS_HOSTILE_BIN=/path/to/casedesk ...  another casedesk binary (to
#                                     measure a build from before a change)
#   KOERS_HOSTILE_ONLY="slowloris te" ...   only some attacks
#   KOERS_HOSTILE_KEEP=1 ...                keeps the work folder (logs)
set -eu

# shellcheck source=../lib/harness.sh
. "$(dirname "$0")/../lib/harness.sh"
PY=/usr/bin/python3
bin=${KOERS_HOSTILE_BIN:-$BUILD/bin/casedesk}

# the deadlines under test, short for a bounded run (the defaults are 30 s
# and 15 s, deploy/README.md)
DEADLINE_S=${KOERS_HOSTILE_DEADLINE_S:-8}
IDLE_S=${KOERS_HOSTILE_IDLE_S:-5}

koers_harness_begin hostile hostile "${KOERS_HOSTILE_KEEP:-0}" "$bin" "$BUILD/bin/koers-admin"
# one casedesk, started here, not the replicas of koers_harness_up
harness_stop() {
    koers_gateway_stop "$work/gateway"
    koers_pidfile_stop "$work/casedesk.pid" 15 || true
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    return 0
}
harness_logs() {
    echo "---- last lines of the casedesk log ----" >&2
    tail -n 20 "$work/casedesk.log" >&2 || true
    echo "---- last lines of the gateway error log ----" >&2
    tail -n 20 "$work/gateway/error.log" >&2 || true
}

echo "hostile: starting PostgreSQL and Redis"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
KOERS_JWT_SECRET=$(openssl rand -hex 32)
export KOERS_JWT_SECRET

CASEDESK_PORT=$(koers_free_port)
echo "hostile: starting $bin on 127.0.0.1:$CASEDESK_PORT (request deadline ${DEADLINE_S} s, idle ${IDLE_S} s)"
koers_service_start "$bin" "$CASEDESK_PORT" "$work/casedesk.log" "$work/casedesk.pid" \
    KOERS_HTTP_REQUEST_DEADLINE_S="$DEADLINE_S" KOERS_HTTP_TIMEOUT="$IDLE_S" KOERS_HTTP_THREADS=4 \
    KOERS_CASEDESK_SCHEDULER_EVERY_S=0
# the gateway drops an idle connection to the service before the service
# would (as KOERS_GATEWAY_UPSTREAM_IDLE's 10 s below KOERS_HTTP_TIMEOUT's 15 s)
KOERS_GATEWAY_UPSTREAM_IDLE=$((IDLE_S > 2 ? IDLE_S - 2 : 1))s
export KOERS_GATEWAY_UPSTREAM_IDLE
koers_gateway_start "$work/gateway" "127.0.0.1:$CASEDESK_PORT"
echo "hostile: gateway on 127.0.0.1:$GATEWAY_PORT"

admin() {
    "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" ||
        { echo "hostile: koers-admin $1 failed:" >&2; cat "$work/admin.log" >&2; return 1; }
}
tenant=$(admin tenant-create --name "Gemeente Hostiel" --slug "hostiel")
HOSTILE_KEY=$(admin apikey-create --tenant "$tenant" --name "portaal" --scopes "cases:read cases:write")
HOSTILE_TOKEN=$(admin token --tenant "$tenant" --sub "coordinator-h" --roles "coordinator" --ttl 3600)

HOSTILE_SERVICE_PORT=$CASEDESK_PORT HOSTILE_GATEWAY_PORT=$GATEWAY_PORT HOSTILE_DEADLINE_S=$DEADLINE_S \
    HOSTILE_IDLE_S=$IDLE_S HOSTILE_KEY=$HOSTILE_KEY HOSTILE_TOKEN=$HOSTILE_TOKEN \
    HOSTILE_ONLY=${KOERS_HOSTILE_ONLY:-} \
    timeout 600 "$PY" -B tests/hostile/hostile.py
