#!/bin/sh
# Entry point of the PostgreSQL image (runs as the postgres user): creates
# the cluster on the first start (POSTGRES_USER with POSTGRES_PASSWORD,
# scram-sha-256 over TCP, database POSTGRES_DB), then runs postgres in the
# foreground as PID 1 (docker stop sends SIGINT: a fast, clean shutdown).
# Arguments are passed to postgres (e.g. -c max_connections=300).
set -eu
: "${PGDATA:=/var/lib/postgresql/data/pgdata}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "postgres: POSTGRES_PASSWORD must be set for the first start" >&2; exit 1; }
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    pw=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"
    initdb -D "$PGDATA" -U "$user" --pwfile="$pw" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pw"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$db" != postgres ]; then
        pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start >/dev/null
        psql -v ON_ERROR_STOP=1 -q -U "$user" -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
        pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
    fi
    echo "postgres: cluster created in $PGDATA (user $user, database $db)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
