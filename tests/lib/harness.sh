# The start of a harness script tests/<name>/<script>.sh (make test-faults,
# test-backup, soak, test-hostile), sourced (POSIX sh) right after `set -eu`:
#
#   # shellcheck source=../lib/harness.sh
#   . "$(dirname "$0")/../lib/harness.sh"
#
# It goes to the repository's root (two folders above the script: $root),
# sets KOERS_ROOT and BUILD (default build/rel; both exported), sources
# tests/lib/stack.sh and tests/lib/services.sh, and defines
#
#   koers_harness_begin LABEL NAME KEEP BIN...
#                                   -> exits 1 naming the first BIN that is
#                                      not executable ($BUILD/bin/BIN, or BIN
#                                      itself when it holds a "/"); makes the
#                                      work folder $work (koers-NAME.XXXXXX
#                                      in TMPDIR); on exit (INT and TERM:
#                                      status 130) runs harness_stop, and on
#                                      a failure harness_logs, then removes
#                                      $work unless KEEP is 1. LABEL starts
#                                      the harness's messages.
#   harness_stop                    -> what the exit stops; by default every
#                                      replica and the gateway (failing when
#                                      one did not exit 0: the run fails),
#                                      Redis and every PostgreSQL cluster of
#                                      $work. A harness may define its own
#                                      after sourcing this file.
#   harness_logs                    -> what a failed run shows; by default
#                                      the last warnings and errors of every
#                                      $work/*.log. Likewise replaceable.
#   koers_harness_up REPLICAS       -> PostgreSQL and Redis in $work/stack,
#                                      the secrets ($work/secrets.env), the
#                                      gateway and REPLICAS replicas of every
#                                      service with the tenant of
#                                      $work/tenant.env (koers_services_up);
#                                      exports KOERS_TENANT_ENV and
#                                      KOERS_GATEWAY_URL. Under set -e (a
#                                      failure ends the run).

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
export KOERS_ROOT BUILD
# shellcheck source=stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=services.sh
. "$root/tests/lib/services.sh"

koers_harness_begin() {
    KOERS_HARNESS_LABEL=$1
    KOERS_HARNESS_KEEP=$3
    hname=$2
    shift 3
    for hb in "$@"; do
        case "$hb" in */*) ;; *) hb=$BUILD/bin/$hb ;; esac
        [ -x "$hb" ] || { echo "$KOERS_HARNESS_LABEL: $hb is missing (make build)" >&2; exit 1; }
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/koers-$hname.XXXXXX")
    trap koers_harness_end EXIT
    trap 'exit 130' INT TERM
}

koers_harness_end() {
    rc=$?
    trap - EXIT INT TERM
    set +e
    harness_stop || rc=1
    [ "$rc" = 0 ] || harness_logs
    if [ "$KOERS_HARNESS_KEEP" = 1 ]; then
        echo "$KOERS_HARNESS_LABEL: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$rc"
}

harness_stop() {
    hrc=0
    koers_services_down "$work" || hrc=1
    koers_redis_stop "$work/stack"
    for hpg in "$work"/*/pgdata; do
        [ -e "$hpg" ] || [ -L "$hpg" ] || continue
        koers_pg_destroy "$(dirname "$hpg")"
    done
    return $hrc
}

harness_logs() {
    for hf in "$work"/*.log; do
        [ -f "$hf" ] || continue
        echo "---- last warnings and errors of $(basename "$hf") ----" >&2
        grep -v '"level":"info"' "$hf" | tail -n 8 >&2
    done
}

koers_harness_up() {
    koers_pg_start "$work/stack"
    koers_redis_start "$work/stack"
    koers_secrets_env "$work/secrets.env"
    koers_services_up "$work" "$1"
    KOERS_TENANT_ENV=$work/tenant.env
    export KOERS_TENANT_ENV KOERS_GATEWAY_URL
}
