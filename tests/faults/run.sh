#!/bin/sh
# `make test-faults`: the release build of every service, two replicas
# each, behind the gateway, on a throwaway PostgreSQL and Redis; mixed load
# through the gateway while PostgreSQL is killed with SIGKILL and started
# again, then Redis is stopped and started again (tests/faults/faults.py
# says what is checked and prints the figures). At the end every replica
# gets SIGTERM and must exit 0. Bounded: KOERS_FAULTS_TIMEOUT (600 s).
#
#   BUILD=build/rel sh tests/faults/run.sh
#   KOERS_FAULTS_KEEP=1 ...   keeps the work folder (logs, faults.json)
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
export KOERS_ROOT BUILD
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/services.sh
. "$root/tests/lib/services.sh"

for b in casedesk surveys processes programmes notifications koers-admin; do
    [ -x "$BUILD/bin/$b" ] || { echo "faults: $BUILD/bin/$b is missing (make build)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/koers-faults.XXXXXX")

cleanup() {
    rc=$?
    trap - EXIT INT TERM
    set +e
    koers_services_down "$work" || rc=1
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ]; then
        for f in "$work"/*.log; do
            [ -f "$f" ] || continue
            echo "---- last warnings and errors of $(basename "$f") ----" >&2
            grep -v '"level":"info"' "$f" | tail -n 8 >&2
        done
    fi
    if [ "${KOERS_FAULTS_KEEP:-0}" = 1 ]; then echo "faults: kept $work" >&2; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "faults: starting PostgreSQL, Redis, two replicas of every service and the gateway"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
koers_secrets_env "$work/secrets.env"
koers_services_up "$work" 2
KOERS_TENANT_ENV=$work/tenant.env
KOERS_FAULTS_WORK=$work
export KOERS_TENANT_ENV KOERS_FAULTS_WORK PG_PORT REDIS_PORT KOERS_GATEWAY_URL

timeout "${KOERS_FAULTS_TIMEOUT:-600}" /usr/bin/python3 -B tests/faults/faults.py
