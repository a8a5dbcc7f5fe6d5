#!/bin/sh
# Starts or stops a service of a black-box run that reads other services'
# events (processes, programmes, notifications): tests/blackbox/run.sh
# starts them with this; an outage test stops one, makes events happen, and
# starts it again. notifications2 is a second notifications replica (its own
# port, the same database), started and stopped by a test.
#
#   sh tests/blackbox/service_ctl.sh SERVICE start   starts it (log appended
#       to $KOERS_BB_WORK/SERVICE.log, pid in SERVICE.pid, its exit status
#       written to SERVICE.rc when it ends); waits for /readyz (60 s)
#   sh tests/blackbox/service_ctl.sh SERVICE stop    SIGTERM, waits for the
#       exit (30 s); exits with the service's status (0 after a clean stop)
#
# From the runner's environment: KOERS_BB_WORK, BUILD, GATEWAY_PORT,
# PROCESSES_PORT, PROGRAMMES_PORT, NOTIFICATIONS_PORT, NOTIFICATIONS2_PORT,
# CASEDESK_URL, SURVEYS_URL, PROCESSES_URL, PROGRAMMES_URL, EKEY_A and
# EKEY_B (tenant A's and B's keys that may only read events),
# KOERS_BB_SMTP_PORT (the tests' SMTP sink for notifications' alert mails),
# besides the common KOERS_* variables.
set -eu
work=${KOERS_BB_WORK:?KOERS_BB_WORK is not set}
BUILD=${BUILD:-build/asan}
svc=${1:-}
bin=$svc

case "$svc" in
processes)
    port=$PROCESSES_PORT
    set -- "$@" KOERS_PROCESSES_PORT="$PROCESSES_PORT" KOERS_PROCESSES_CASEDESK_URL="$CASEDESK_URL" \
        KOERS_PROCESSES_CASEDESK_EVENTS_KEY="$EKEY_A,${EKEY_B:-}"
    ;;
programmes)
    port=$PROGRAMMES_PORT
    set -- "$@" KOERS_PROGRAMMES_PORT="$PROGRAMMES_PORT" KOERS_PROGRAMMES_SURVEYS_URL="${SURVEYS_URL:-}" \
        KOERS_PROGRAMMES_PROCESSES_URL="${PROCESSES_URL:-}" KOERS_PROGRAMMES_CASEDESK_URL="$CASEDESK_URL" \
        KOERS_PROGRAMMES_EVENTS_KEY="$EKEY_A,${EKEY_B:-}" KOERS_PROGRAMMES_EVENTS_POLL_S=1
    ;;
notifications | notifications2)
    # the black-box settings: http callbacks on loopback allowed (the tests'
    # receivers), retries after 100 ms doubling up to 800 ms (7 retries, 2 s
    # per attempt), the sources' events polled every second, alert mail to
    # the tests' SMTP sink
    bin=notifications
    port=$NOTIFICATIONS_PORT
    [ "$svc" = notifications ] || port=$NOTIFICATIONS2_PORT
    set -- "$@" KOERS_NOTIFICATIONS_PORT="$port" KOERS_NOTIFICATIONS_CASEDESK_URL="$CASEDESK_URL" \
        KOERS_NOTIFICATIONS_SURVEYS_URL="${SURVEYS_URL:-}" KOERS_NOTIFICATIONS_PROCESSES_URL="${PROCESSES_URL:-}" \
        KOERS_NOTIFICATIONS_PROGRAMMES_URL="${PROGRAMMES_URL:-}" KOERS_NOTIFICATIONS_EVENTS_KEY="$EKEY_A,${EKEY_B:-}" \
        KOERS_NOTIFICATIONS_EVENTS_POLL_S=1 KOERS_NOTIFICATIONS_ALLOW_HTTP=1 \
        KOERS_NOTIFICATIONS_ALLOW_NETS=127.0.0.0/8,::1/128 KOERS_NOTIFICATIONS_RETRIES=7 \
        KOERS_NOTIFICATIONS_RETRY_BASE_MS=100 KOERS_NOTIFICATIONS_RETRY_FACTOR=2 \
        KOERS_NOTIFICATIONS_RETRY_MAX_MS=800 KOERS_NOTIFICATIONS_TIMEOUT_S=2 KOERS_NOTIFICATIONS_POLL_MS=100 \
        KOERS_SMTP_HOST=127.0.0.1 KOERS_SMTP_PORT="$KOERS_BB_SMTP_PORT"
    ;;
*)
    echo "usage: service_ctl.sh processes|programmes|notifications|notifications2 start|stop" >&2
    exit 2
    ;;
esac
action=${2:-}
shift 2

case "$action" in
start)
    rm -f "$work/$svc.rc"
    (
        env KOERS_BIND_ADDR=127.0.0.1 KOERS_PUBLIC_BASE_URL="http://127.0.0.1:$GATEWAY_PORT" \
            KOERS_HTTP_THREADS="${KOERS_HTTP_THREADS:-4}" KOERS_OUTBOX_POLL_MS=50 "$@" \
            ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
            "$BUILD/bin/$bin" </dev/null >>"$work/$svc.log" 2>&1 &
        echo $! >"$work/$svc.pid"
        wait $! && rc=0 || rc=$?
        echo "$rc" >"$work/$svc.rc"
    ) </dev/null >/dev/null 2>&1 &
    i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
        [ ! -f "$work/$svc.rc" ] || { echo "service_ctl: $svc exited at start" >&2; exit 1; }
        i=$((i + 1)); [ $i -le 600 ] || { echo "service_ctl: $svc not ready after 60 s" >&2; exit 1; }
        sleep 0.1
    done
    ;;
stop)
    [ -f "$work/$svc.pid" ] || { echo "service_ctl: no pid of $svc" >&2; exit 1; }
    pid=$(cat "$work/$svc.pid")
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while [ ! -f "$work/$svc.rc" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    [ -f "$work/$svc.rc" ] || { echo "service_ctl: $svc did not stop within 30 s" >&2; exit 1; }
    exit "$(cat "$work/$svc.rc")"
    ;;
*)
    echo "usage: service_ctl.sh processes|programmes|notifications|notifications2 start|stop" >&2
    exit 2
    ;;
esac
