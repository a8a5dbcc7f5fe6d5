#!/bin/sh
# Stops or starts the processes service of the compose test's project
# (tests/compose/run.sh exports KOERS_COMPOSE_ENV, KOERS_COMPOSE_PROJECT
# and KOERS_GATEWAY_URL); the outage test of tests/blackbox/processes uses it
# through KOERS_BB_PROCESSES_CTL.
#
#   sh tests/compose/processes_ctl.sh stop    docker-compose stop (SIGTERM,
#       30 s grace); exits with the container's exit code (0: a clean stop)
#   sh tests/compose/processes_ctl.sh start   docker-compose start; waits
#       until it is healthy and the gateway reaches it (120 s)
set -eu
C() {
    docker-compose --ansi never --env-file "${KOERS_COMPOSE_ENV:?}" -f docker-compose.yml \
        -f tests/compose/docker-compose.test.yml -p "${KOERS_COMPOSE_PROJECT:?}" "$@"
}

case "${1:-}" in
stop)
    id=$(C ps -q processes)
    [ -n "$id" ] || { echo "processes_ctl: no processes container" >&2; exit 1; }
    C stop -t 30 processes >/dev/null 2>&1
    exit "$(docker inspect -f '{{.State.ExitCode}}' "$id")"
    ;;
start)
    C start processes >/dev/null 2>&1
    i=0
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$(C ps -q processes)" 2>/dev/null)" = healthy ] &&
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$KOERS_GATEWAY_URL/processes/v1/openapi.json")" = 200 ]; do
        i=$((i + 1)); [ $i -le 240 ] || { echo "processes_ctl: processes not back within 120 s" >&2; exit 1; }
        sleep 0.5
    done
    ;;
*)
    echo "usage: processes_ctl.sh stop|start" >&2
    exit 2
    ;;
esac
