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

# shellcheck source=../lib/harness.sh
. "$(dirname "$0")/../lib/harness.sh"
LIMIT=${KOERS_BACKUP_TIMEOUT:-300}

# on exit: the services, Redis and both clusters ($work/stack and
# $work/restored) stopped, the folder removed (harness.sh)
koers_harness_begin "backup drill" backup "${KOERS_BACKUP_KEEP:-0}" casedesk surveys processes programmes notifications iam koers-admin

echo "backup drill: starting PostgreSQL, Redis, every service and the gateway"
koers_harness_up 1
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
# the restore analysed the database: the planner has statistics of the
# cases before the first request (without them a fresh restore plans blind)
stats=$("$KOERS_PG_BIN/psql" -qAt -d "$KOERS_DATABASE_URL" -c "SELECT count(*) FROM pg_stats WHERE schemaname = 'casedesk' AND tablename = 'cases'")
[ "${stats:-0}" -gt 0 ] || { echo "backup drill: FAIL: no planner statistics of casedesk.cases after the restore" >&2; exit 1; }
echo "backup drill: the restored database is analysed ($stats column statistics of casedesk.cases)"

echo "backup drill: the services on the restored database"
koers_services_up "$work" 1
timeout "$LIMIT" /usr/bin/python3 -B tests/backup/drill.py compare "$work/answers.json"
echo "backup drill: passed"
