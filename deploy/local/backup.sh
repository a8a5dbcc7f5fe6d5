#!/bin/sh
# `make backup` / `make restore`: the procedure of deploy/README.md
# "Backups of PostgreSQL", tested by `make test-backup` (tests/backup).
#
#   sh deploy/local/backup.sh backup    pg_dump of the whole database (every
#       schema: koers_iam, casedesk, surveys, processes, programmes,
#       notifications) of KOERS_DATABASE_URL into BACKUP_FILE
#   sh deploy/local/backup.sh restore   pg_restore of BACKUP_FILE into the
#       empty database RESTORE_URL (refused when it holds a Koers schema;
#       stop the services first)
#
# KOERS_DATABASE_URL: by default the local stack's of `make up` (its port in
# ${KOERS_RUN_DIR:-run}/stack/pg.port). RESTORE_URL: by default
# KOERS_DATABASE_URL. BACKUP_FILE: by default
# ${KOERS_RUN_DIR:-run}/backups/koers-<UTC time>.dump for a backup (the run
# folder is git-ignored: a dump holds personal data, never commit it), the
# newest file there for a restore.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${KOERS_RUN_DIR:-$root/run}
PG_BIN=${KOERS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
die() { printf 'backup: %s\n' "$*" >&2; exit 1; }

if [ -z "${KOERS_DATABASE_URL:-}" ]; then
    [ -s "$RUN/stack/pg.port" ] ||
        die "no KOERS_DATABASE_URL and no local stack ($RUN/stack/pg.port): run 'make up' or set KOERS_DATABASE_URL"
    KOERS_DATABASE_URL="postgresql://koers@127.0.0.1:$(cat "$RUN/stack/pg.port")/koers"
fi

case "${1:-}" in
backup)
    file=${BACKUP_FILE:-$RUN/backups/koers-$(date -u +%Y%m%dT%H%M%SZ).dump}
    mkdir -p "$(dirname "$file")"
    (
        umask 077
        "$PG_BIN/pg_dump" --format=custom --file="$file.part" "$KOERS_DATABASE_URL"
    ) || { rm -f "$file.part"; die "pg_dump failed"; }
    mv "$file.part" "$file"
    schemas=$("$PG_BIN/pg_restore" --list "$file" | awk '$4 == "SCHEMA" { printf "%s%s", (n++ ? " " : ""), $6 }')
    printf 'backup: %s (%s bytes; schemas: %s)\n' "$file" "$(wc -c <"$file" | tr -d ' ')" "$schemas"
    ;;
restore)
    url=${RESTORE_URL:-$KOERS_DATABASE_URL}
    file=${BACKUP_FILE:-$(ls -t "$RUN"/backups/koers-*.dump 2>/dev/null | head -n 1)}
    [ -n "$file" ] && [ -s "$file" ] || die "no backup to restore (BACKUP_FILE, or a dump in $RUN/backups)"
    taken=$("$PG_BIN/psql" -qAt -d "$url" -c "SELECT string_agg(nspname, ' ') FROM pg_namespace
        WHERE nspname IN ('koers_iam', 'casedesk', 'surveys', 'processes', 'programmes', 'notifications', 'iam')") ||
        die "cannot reach the database to restore into"
    [ -z "$taken" ] || die "the database is not empty (schemas: $taken): restore into an empty database"
    "$PG_BIN/pg_restore" --exit-on-error --no-owner --dbname="$url" "$file" || die "pg_restore failed"
    # a restored database has no planner statistics until autovacuum gets
    # to it: analyze now, so the first requests are not planned blind (an
    # unanalysed table can make a foreign-key check or a page walk a scan)
    "$PG_BIN/psql" -qAt -d "$url" -c "ANALYZE" || die "ANALYZE after the restore failed"
    printf 'backup: %s restored and analysed\n' "$file"
    ;;
*)
    echo "usage: backup.sh backup|restore" >&2
    exit 2
    ;;
esac
