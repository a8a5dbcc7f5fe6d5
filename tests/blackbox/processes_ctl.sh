#!/bin/sh
# Starts or stops the processes service of a black-box run
# (tests/blackbox/run.sh starts it with this; the outage test of
# tests/blackbox/processes stops it, closes cases, and starts it again).
#
#   sh tests/blackbox/processes_ctl.sh start   starts it (log appended to
#       $KOERS_BB_WORK/processes.log, pid in processes.pid, its exit status
#       written to processes.rc when it ends); waits for /readyz (60 s)
#   sh tests/blackbox/processes_ctl.sh stop    SIGTERM, waits for the exit
#       (30 s); exits with the service's status (0 after a clean stop)
#
# From the runner's environment: KOERS_BB_WORK, BUILD, PROCESSES_PORT,
# GATEWAY_PORT, CASEDESK_URL, EKEY_A and EKEY_B (tenant A's and B's casedesk
# keys that may only read events), besides the common KOERS_* variables.
set -eu
work=${KOERS_BB_WORK:?KOERS_BB_WORK is not set}
BUILD=${BUILD:-build/asan}

case "${1:-}" in
start)
    rm -f "$work/processes.rc"
    (
        env KOERS_PROCESSES_PORT="$PROCESSES_PORT" KOERS_BIND_ADDR=127.0.0.1 \
            KOERS_PUBLIC_BASE_URL="http://127.0.0.1:$GATEWAY_PORT" \
            KOERS_HTTP_THREADS="${KOERS_HTTP_THREADS:-4}" KOERS_OUTBOX_POLL_MS=50 \
            KOERS_PROCESSES_CASEDESK_URL="$CASEDESK_URL" \
            KOERS_PROCESSES_CASEDESK_EVENTS_KEY="$EKEY_A,${EKEY_B:-}" \
            ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
            "$BUILD/bin/processes" </dev/null >>"$work/processes.log" 2>&1 &
        echo $! >"$work/processes.pid"
        wait $! && rc=0 || rc=$?
        echo "$rc" >"$work/processes.rc"
    ) </dev/null >/dev/null 2>&1 &
    i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROCESSES_PORT/readyz")" = 200 ]; do
        [ ! -f "$work/processes.rc" ] || { echo "processes_ctl: processes exited at start" >&2; exit 1; }
        i=$((i + 1)); [ $i -le 600 ] || { echo "processes_ctl: processes not ready after 60 s" >&2; exit 1; }
        sleep 0.1
    done
    ;;
stop)
    [ -f "$work/processes.pid" ] || { echo "processes_ctl: no pid" >&2; exit 1; }
    pid=$(cat "$work/processes.pid")
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while [ ! -f "$work/processes.rc" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    [ -f "$work/processes.rc" ] || { echo "processes_ctl: processes did not stop within 30 s" >&2; exit 1; }
    exit "$(cat "$work/processes.rc")"
    ;;
*)
    echo "usage: processes_ctl.sh start|stop" >&2
    exit 2
    ;;
esac
