#!/bin/sh
# `make test-backup`: the backup and restore drill, with the procedure of
# deploy/README.md "Backups of PostgreSQL" (deploy/local/backup.sh, as
# `make backup` and `make restore` run it):
#  1. PostgreSQL, Redis, one replica of every service and the gateway
#     (release build); data in every service through the API
#     (tests/backup/drill.py create records the answers of every read)
#  2. backup: pg_dump of the whole database
#  3. the services stopped, the database cluster destroyed, Redis emptied
#  4. restore into a fresh, empty database (a new cluster on another port)
#  5. the services started on it: every read answers as before, field by
#     field (the same cases, surveys, processes, programmes, subscriptions,
#     events replays, messages; the API keys and a tracking token work)
# Bounded: KOERS_BACKUP_TIMEOUT (300 s) per step that can hang.
#
#   BUILD=build/rel sh tests/backup/drill.sh
#   KOERS_BACKUP_KEEP=1 ...   keeps the work folder (logs, the dump)
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
LIMIT=${KOERS_BACKUP_TIMEOUT:-300}

for b in casedesk surveys processes programmes notifications koers-admin; do
    [ -x "$BUILD/bin/$b" ] || { echo "backup drill: $BUILD/bin/$b is missing (make build)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/koers-backup.XXXXXX")

cleanup() {
    rc=$?
    trap - EXIT INT TERM
    set +e
    koers_services_down "$work" || rc=1
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    koers_pg_destroy "$work/restored"
    if [ "$rc" != 0 ]; then
        for f in "$work"/*.log; do
            [ -f "$f" ] || continue
            echo "---- last warnings and errors of $(basename "$f") ----" >&2
            grep -v '"level":"info"' "$f" | tail -n 8 >&2
        done
    fi
    if [ "${KOERS_BACKUP_KEEP:-0}" = 1 ]; then echo "backup drill: kept $work" >&2; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "backup drill: starting PostgreSQL, Redis, every service and the gateway"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
koers_secrets_env "$work/secrets.env"
koers_services_up "$work" 1
KOERS_TENANT_ENV=$work/tenant.env
export KOERS_TENANT_ENV KOERS_GATEWAY_URL
timeout "$LIMIT" /usr/bin/python3 -B tests/backup/drill.py create "$work/answers.json"

echo "backup drill: make backup"
BACKUP_FILE=$work/koers.dump timeout "$LIMIT" sh deploy/local/backup.sh backup

echo "backup drill: services stopped, the database destroyed, Redis emptied"
koers_services_down "$work"
koers_pg_destroy "$work/stack"
redis-cli -p "$REDIS_PORT" flushall >/dev/null

echo "backup drill: make restore into a fresh, empty database"
unset PG_PORT # a new cluster on a new port
koers_pg_start "$work/restored"
BACKUP_FILE=$work/koers.dump RESTORE_URL=$KOERS_DATABASE_URL timeout "$LIMIT" sh deploy/local/backup.sh restore

echo "backup drill: the services on the restored database"
koers_services_up "$work" 1
timeout "$LIMIT" /usr/bin/python3 -B tests/backup/drill.py compare "$work/answers.json"
echo "backup drill: passed"
