#!/bin/sh
# `make down`: stops what `make up` started (gateway, notifications, casedesk, surveys, processes,
# programmes, iam, the local identity provider, and the PostgreSQL and Redis in the run folder; never external
# ones). Data stays
# in the run folder; `make down CLEAN=1` removes the run folder too.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
RUN=${KOERS_RUN_DIR:-run}
# shellcheck source=../../tests/lib/stack.sh
. "$root/tests/lib/stack.sh"

say() { printf 'down: %s\n' "$*"; }

if [ ! -d "$RUN" ]; then
    say "nothing to stop (no $RUN folder)"
    exit 0
fi
RUN=$(cd "$RUN" && pwd)

stop_pidfile() { # name pidfile seconds
    if [ -f "$2" ] && kill -0 "$(cat "$2")" 2>/dev/null; then
        if koers_pidfile_stop "$2" "$3"; then say "$1 stopped"; else say "$1 had to be killed"; fi
    else
        rm -f "$2"
    fi
}

stop_pidfile gateway "$RUN/gateway/gateway.pid" 10
# notifications first: it follows the others' events
stop_pidfile notifications "$RUN/notifications.pid" 30
stop_pidfile casedesk "$RUN/casedesk.pid" 30
stop_pidfile surveys "$RUN/surveys.pid" 30
stop_pidfile programmes "$RUN/programmes.pid" 30
stop_pidfile processes "$RUN/processes.pid" 30
stop_pidfile iam "$RUN/iam.pid" 30
stop_pidfile "identity provider" "$RUN/idp/idp.pid" 10
if [ -f "$RUN/stack/redis.pid" ]; then
    koers_redis_stop "$RUN/stack"
    say "Redis stopped"
fi
if [ -e "$RUN/stack/pgdata/data/postmaster.pid" ]; then
    koers_pg_stop "$RUN/stack"
    say "PostgreSQL stopped"
fi

if [ "${CLEAN:-0}" = 1 ]; then
    [ -e "$RUN/stack/pgdata" ] && koers_pg_destroy "$RUN/stack"
    rm -rf "$RUN"
    say "removed $RUN"
else
    say "data kept in $RUN ('make down CLEAN=1' removes it)"
fi
