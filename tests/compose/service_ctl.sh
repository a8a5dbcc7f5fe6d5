#!/bin/sh
# Stops or starts a service of the compose test's project (processes,
# programmes; tests/compose/run.sh exports KOERS_COMPOSE_ENV,
# KOERS_COMPOSE_PROJECT and KOERS_GATEWAY_URL); the outage tests of
# tests/blackbox use it through KOERS_BB_SERVICE_CTL.
#
#   sh tests/compose/service_ctl.sh SERVICE stop    docker-compose stop
#       (SIGTERM, 30 s grace); exits with the container's exit code (0: a
#       clean stop)
#   sh tests/compose/service_ctl.sh SERVICE start   docker-compose start;
#       waits until it is healthy and the gateway reaches it (120 s)
set -eu
C() {
    docker-compose --ansi never --env-file "${KOERS_COMPOSE_ENV:?}" -f docker-compose.yml \
        -f tests/compose/docker-compose.test.yml -p "${KOERS_COMPOSE_PROJECT:?}" "$@"
}

svc=${1:-}
case "$svc" in
processes | programmes) ;;
*) echo "usage: service_ctl.sh processes|programmes stop|start" >&2; exit 2 ;;
esac

case "${2:-}" in
stop)
    id=$(C ps -q "$svc")
    [ -n "$id" ] || { echo "service_ctl: no $svc container" >&2; exit 1; }
    C stop -t 30 "$svc" >/dev/null 2>&1
    exit "$(docker inspect -f '{{.State.ExitCode}}' "$id")"
    ;;
start)
    C start "$svc" >/dev/null 2>&1
    i=0
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$(C ps -q "$svc")" 2>/dev/null)" = healthy ] &&
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$KOERS_GATEWAY_URL/$svc/v1/openapi.json")" = 200 ]; do
        i=$((i + 1)); [ $i -le 240 ] || { echo "service_ctl: $svc not back within 120 s" >&2; exit 1; }
        sleep 0.5
    done
    ;;
*)
    echo "usage: service_ctl.sh processes|programmes stop|start" >&2
    exit 2
    ;;
esac
