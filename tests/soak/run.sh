#!/bin/sh
# `make soak` (not in CI): the release build of every service, one replica
# each, behind the gateway, on a throwaway PostgreSQL and Redis; SOAK_SECONDS
# (1200) of mixed load through the gateway while the RSS and open file
# descriptors of every process and the latency are sampled every 10 s
# (tests/soak/soak.py says what fails it). At the end every service gets
# SIGTERM and must exit 0.
#
#   SOAK_SECONDS=120 BUILD=build/rel sh tests/soak/run.sh
#   KOERS_SOAK_KEEP=1 ...   keeps the work folder (logs, soak.json)
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
    [ -x "$BUILD/bin/$b" ] || { echo "soak: $BUILD/bin/$b is missing (make build)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/koers-soak.XXXXXX")

cleanup() {
    rc=$?
    trap - EXIT INT TERM
    set +e
    koers_services_down "$work" || rc=1
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    if [ "${KOERS_SOAK_KEEP:-0}" = 1 ]; then echo "soak: kept $work" >&2; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "soak: starting PostgreSQL, Redis, every service and the gateway (${SOAK_SECONDS:-1200} s of load)"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
koers_secrets_env "$work/secrets.env"
# the services log warnings only: a soak's info lines would fill the disk
KOERS_LOG_LEVEL=${KOERS_LOG_LEVEL:-warn}
export KOERS_LOG_LEVEL
koers_services_up "$work" 1
KOERS_TENANT_ENV=$work/tenant.env
KOERS_SOAK_WORK=$work
export KOERS_TENANT_ENV KOERS_SOAK_WORK KOERS_GATEWAY_URL

timeout $((${SOAK_SECONDS:-1200} + 300)) /usr/bin/python3 -B tests/soak/soak.py
