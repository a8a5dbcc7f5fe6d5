#!/bin/sh
# Black-box tests: the sanitizer-built services (casedesk, and surveys,
# processes, programmes, notifications and iam when $BUILD/bin/<service> is
# built) behind the
# nginx gateway, with their own throwaway PostgreSQL and Redis, driven over
# HTTP by the tests of each service, tests/blackbox/<service>/test_*.py
# (Python 3 standard library; shared helpers in tests/blackbox/koers_bb.py;
# the surveys, processes, programmes, notifications and iam tests skip when their
# service is not running). At the end each service gets SIGTERM: it must exit 0 with no
# LeakSanitizer, AddressSanitizer or UBSan report in its log.
#
#   BUILD=build/asan sh tests/blackbox/run.sh        (make blackbox)
#   KOERS_BB_KEEP=1 ...  keeps the work folder (logs) for a look afterwards
#   KOERS_BB_PATTERN='test_errors.py' ...  runs only some test files
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/asan}
PY=/usr/bin/python3
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"

for b in casedesk koers-admin; do
    [ -x "$BUILD/bin/$b" ] || { echo "blackbox: $BUILD/bin/$b is missing (make FLAVOUR=asan build)" >&2; exit 1; }
done

# casedesk runs twice (a second replica on the same database, reached
# directly, for the tests of the scheduler's once-only work)
SERVICES="casedesk casedesk2"
[ -x "$BUILD/bin/surveys" ] && SERVICES="casedesk casedesk2 surveys"
[ "$SERVICES" != "casedesk casedesk2" ] || echo "blackbox: $BUILD/bin/surveys is not built: the surveys tests skip"
for svc in processes programmes notifications iam; do
    if [ -x "$BUILD/bin/$svc" ]; then
        SERVICES="$SERVICES $svc"
    else
        echo "blackbox: $BUILD/bin/$svc is not built: the $svc tests skip"
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bb.XXXXXX")
casedesk_pid=""
casedesk2_pid=""
surveys_pid=""
processes_pid=""
programmes_pid=""
notifications_pid=""
iam_pid=""

cleanup() {
    rc=$?
    trap - EXIT INT TERM
    koers_gateway_stop "$work/gateway"
    # processes and programmes may have been restarted by a test: their
    # pids are in files
    [ -z "$processes_pid" ] || processes_pid=$(cat "$work/processes.pid")
    [ -z "$programmes_pid" ] || programmes_pid=$(cat "$work/programmes.pid")
    [ -z "$notifications_pid" ] || notifications_pid=$(cat "$work/notifications.pid")
    # the second notifications replica runs only while a test wants it
    notifications2_pid=""
    [ ! -f "$work/notifications2.pid" ] || [ -f "$work/notifications2.rc" ] ||
        notifications2_pid=$(cat "$work/notifications2.pid")
    for pid in $casedesk_pid $casedesk2_pid $surveys_pid $processes_pid $programmes_pid $notifications_pid \
        $notifications2_pid $iam_pid; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ]; then
        for svc in $SERVICES notifications2; do
            [ -f "$work/$svc.log" ] || continue
            echo "---- last lines of the $svc log ----" >&2
            tail -n 40 "$work/$svc.log" >&2
        done
    fi
    if [ "${KOERS_BB_KEEP:-0}" = 1 ]; then echo "blackbox: kept $work" >&2; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "blackbox: starting PostgreSQL and Redis"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"

KOERS_JWT_SECRET=$(openssl rand -hex 32)
export KOERS_JWT_SECRET
CASEDESK_PORT=$(koers_free_port)
CASEDESK2_PORT=$(koers_free_port)
SURVEYS_PORT=$(koers_free_port)
PROCESSES_PORT=$(koers_free_port)
PROGRAMMES_PORT=$(koers_free_port)
NOTIFICATIONS_PORT=$(koers_free_port)
NOTIFICATIONS2_PORT=$(koers_free_port)
IAM_PORT=$(koers_free_port)
# the notifications tests run their SMTP sink (the alert mails) here
KOERS_BB_SMTP_PORT=$(koers_free_port)
GATEWAY_PORT=$(koers_free_port)
KOERS_MAX_BODY_BYTES=65536
export KOERS_MAX_BODY_BYTES
# after the OpenID Connect tests (tests/blackbox/oidc) rotate a provider's
# key the services may fetch its JWKS again within 2 s
KOERS_OIDC_REFRESH_MIN_S=2
export KOERS_OIDC_REFRESH_MIN_S

# The casedesk's scheduler runs only when a test asks (POST /scheduler-runs),
# with the clock the test names (asOf): breaches are found, not slept through.
KOERS_CASEDESK_SCHEDULER_EVERY_S=0
KOERS_CASEDESK_CLOCK_OVERRIDE=true
export KOERS_CASEDESK_SCHEDULER_EVERY_S KOERS_CASEDESK_CLOCK_OVERRIDE
# identity providers on this machine (the tests' own, on 127.0.0.1) may be
# reached over http; a provider's URL elsewhere must still be https
KOERS_OIDC_ALLOW_HTTP=1
export KOERS_OIDC_ALLOW_HTTP

start_service() { # NAME PORT_VARIABLE PORT [BINARY]: starts it, sets NAME_pid, waits for /readyz
    bin=${4:-$1}
    echo "blackbox: starting $BUILD/bin/$bin as $1 on 127.0.0.1:$3"
    env "$2=$3" KOERS_BIND_ADDR=127.0.0.1 \
        KOERS_PUBLIC_BASE_URL="http://127.0.0.1:$GATEWAY_PORT" \
        KOERS_HTTP_THREADS="${KOERS_HTTP_THREADS:-4}" KOERS_OUTBOX_POLL_MS=50 \
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
        "$BUILD/bin/$bin" </dev/null >"$work/$1.log" 2>&1 &
    eval "$1_pid=$!"
    i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$3/readyz")" = 200 ]; do
        kill -0 "$(eval echo "\$$1_pid")" 2>/dev/null || { echo "blackbox: $1 exited at start" >&2; exit 1; }
        i=$((i + 1)); [ $i -le 600 ] || { echo "blackbox: $1 not ready after 60 s" >&2; exit 1; }
        sleep 0.1
    done
}
start_service casedesk KOERS_CASEDESK_PORT "$CASEDESK_PORT"
start_service casedesk2 KOERS_CASEDESK_PORT "$CASEDESK2_PORT" casedesk
SURVEYS_URL=""
case " $SERVICES " in *" surveys "*)
    start_service surveys KOERS_SURVEYS_PORT "$SURVEYS_PORT"
    SURVEYS_URL="http://127.0.0.1:$SURVEYS_PORT"
    ;;
esac
IAM_URL=""
case " $SERVICES " in *" iam "*)
    start_service iam KOERS_IAM_PORT "$IAM_PORT"
    IAM_URL="http://127.0.0.1:$IAM_PORT"
    ;;
esac

echo "blackbox: starting the gateway on 127.0.0.1:$GATEWAY_PORT"
koers_gateway_start "$work/gateway" "127.0.0.1:$CASEDESK_PORT" "127.0.0.1:$SURVEYS_PORT" "127.0.0.1:$PROCESSES_PORT" \
    "127.0.0.1:$PROGRAMMES_PORT" "127.0.0.1:$NOTIFICATIONS_PORT" "127.0.0.1:$IAM_PORT"

echo "blackbox: creating tenants A and B"
admin() {
    ASAN_OPTIONS=detect_leaks=1 "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" ||
        { echo "blackbox: koers-admin $1 failed:" >&2; cat "$work/admin.log" >&2; return 1; }
}
TENANT_A=$(admin tenant-create --name "Gemeente Aadorp" --slug "aadorp")
KEY_A=$(admin apikey-create --tenant "$TENANT_A" --name "portaal A" --scopes "cases:read cases:write cases:citizen")
TOKEN_A_SUB=coordinator-a
TOKEN_A=$(admin token --tenant "$TENANT_A" --sub "$TOKEN_A_SUB" --roles "coordinator" --ttl 3600)
TOKEN_A_OFFICER=$(admin token --tenant "$TENANT_A" --sub "officer-a" --roles "liaison_officer" --ttl 3600)
TENANT_B=$(admin tenant-create --name "Gemeente Beedorp" --slug "beedorp")
EKEY_A=$(admin apikey-create --tenant "$TENANT_A" --name "processes A" --scopes "events:read")
EKEY_B=$(admin apikey-create --tenant "$TENANT_B" --name "processes B" --scopes "events:read")
KEY_B=$(admin apikey-create --tenant "$TENANT_B" --name "portaal B" --scopes "cases:read cases:write")
TOKEN_B=$(admin token --tenant "$TENANT_B" --sub "coordinator-b" --roles "coordinator" --ttl 3600)
# surveys: keys per scope, a survey manager per tenant (TOKEN_A, a
# coordinator, may only read surveys and results)
SKEY_A=$(admin apikey-create --tenant "$TENANT_A" --name "enquete A" --scopes "surveys:respond surveys:read")
SKEY_A_RESPOND=$(admin apikey-create --tenant "$TENANT_A" --name "open link A" --scopes "surveys:respond")
SKEY_A_READ=$(admin apikey-create --tenant "$TENANT_A" --name "dashboard A" --scopes "surveys:read")
STOKEN_A=$(admin token --tenant "$TENANT_A" --sub "manager-a" --roles "survey_manager" --ttl 3600)
SKEY_B=$(admin apikey-create --tenant "$TENANT_B" --name "enquete B" --scopes "surveys:respond surveys:read")
STOKEN_B=$(admin token --tenant "$TENANT_B" --sub "manager-b" --roles "survey_manager" --ttl 3600)
# casedesk's other callers: the admin (scheduler runs), a responsible
# official (userSub official-a), a privacy officer, a liaison officer who
# signs in as officer-a (userSub of a liaison officer the tests create)
TOKEN_A_ADMIN=$(admin token --tenant "$TENANT_A" --sub "admin-a" --roles "admin" --ttl 3600)
TOKEN_A_OFFICIAL=$(admin token --tenant "$TENANT_A" --sub "official-a" --roles "official" --ttl 3600)
TOKEN_A_PRIVACY=$(admin token --tenant "$TENANT_A" --sub "privacy-a" --roles "privacy_officer" --ttl 3600)
TOKEN_B_ADMIN=$(admin token --tenant "$TENANT_B" --sub "admin-b" --roles "admin" --ttl 3600)
# processes: a coordinator per tenant, a process owner, a process manager
# and a core-team member of tenant A (their userSub is given to staff the
# tests create), a key that may read
PTOKEN_A=$(admin token --tenant "$TENANT_A" --sub "proc-coordinator-a" --roles "coordinator" --ttl 3600)
PTOKEN_A_OWNER=$(admin token --tenant "$TENANT_A" --sub "proc-owner-a" --roles "process_owner" --ttl 3600)
PTOKEN_A_MANAGER=$(admin token --tenant "$TENANT_A" --sub "proc-manager-a" --roles "process_manager" --ttl 3600)
PTOKEN_A_CORE=$(admin token --tenant "$TENANT_A" --sub "proc-core-a" --roles "core_team" --ttl 3600)
PKEY_A_READ=$(admin apikey-create --tenant "$TENANT_A" --name "procesdashboard A" --scopes "processes:read")
PTOKEN_B=$(admin token --tenant "$TENANT_B" --sub "proc-coordinator-b" --roles "coordinator" --ttl 3600)
# programmes: a coordinator per tenant, a programme lead and two programme
# members of tenant A (their userSub is given to the people the tests put in
# groups), a key that may read
GTOKEN_A=$(admin token --tenant "$TENANT_A" --sub "prog-coordinator-a" --roles "coordinator" --ttl 3600)
GTOKEN_A_LEAD=$(admin token --tenant "$TENANT_A" --sub "prog-lead-a" --roles "programme_lead" --ttl 3600)
GTOKEN_A_MEMBER=$(admin token --tenant "$TENANT_A" --sub "prog-member-a" --roles "programme_member" --ttl 3600)
GTOKEN_A_MEMBER2=$(admin token --tenant "$TENANT_A" --sub "prog-member2-a" --roles "programme_member" --ttl 3600)
GKEY_A_READ=$(admin apikey-create --tenant "$TENANT_A" --name "programmadashboard A" --scopes "programmes:read")
GTOKEN_B=$(admin token --tenant "$TENANT_B" --sub "prog-coordinator-b" --roles "coordinator" --ttl 3600)
# the culture work: three employees of tenant A (any staff member; subs
# prog-emp1-a .. prog-emp3-a) who give views in a consultation, attend
# activities and keep buddy check-ins
GTOKEN_A_EMP1=$(admin token --tenant "$TENANT_A" --sub "prog-emp1-a" --roles "employee" --ttl 3600)
GTOKEN_A_EMP2=$(admin token --tenant "$TENANT_A" --sub "prog-emp2-a" --roles "employee" --ttl 3600)
GTOKEN_A_EMP3=$(admin token --tenant "$TENANT_A" --sub "prog-emp3-a" --roles "employee" --ttl 3600)
# notifications: a portal's key per tenant that subscribes (and reads
# everything of notifications), a key of tenant A that may only read
# (kanalen, the pull endpoint), an integration administrator of tenant A
NKEY_A=$(admin apikey-create --tenant "$TENANT_A" --name "zaaksysteem A" --scopes "notifications:subscribe")
NKEY_A_READ=$(admin apikey-create --tenant "$TENANT_A" --name "meldingen lezen A" --scopes "notifications:read")
NKEY_B=$(admin apikey-create --tenant "$TENANT_B" --name "zaaksysteem B" --scopes "notifications:subscribe")
NTOKEN_A=$(admin token --tenant "$TENANT_A" --sub "integration-a" --roles "integration_admin" --ttl 3600)
# keys of tenant A without cases:citizen: they read and file cases but never
# receive the citizen's personal details (KEY_A has the scope)
KEY_A_NOCITIZEN=$(admin apikey-create --tenant "$TENANT_A" --name "portaal A zonder burger" --scopes "cases:read cases:write")
KEY_A_READ_NOCITIZEN=$(admin apikey-create --tenant "$TENANT_A" --name "dashboard A" --scopes "cases:read")
export KEY_A_NOCITIZEN KEY_A_READ_NOCITIZEN
CASEDESK_URL="http://127.0.0.1:$CASEDESK_PORT"
CASEDESK2_URL="http://127.0.0.1:$CASEDESK2_PORT"
# processes, programmes and notifications start once EKEY_A and EKEY_B
# exist: with them processes reads tenant A's and B's casedesk events (the
# citizens' cases), programmes the surveys' and processes' events,
# notifications all four services' events; tests/blackbox/service_ctl.sh
# starts and stops them (the outage tests do too; notifications2 is a second
# notifications replica on the same database, started by a test), keeping
# pids and exit statuses in the work folder
KOERS_BB_WORK=$work
KOERS_BB_SERVICE_CTL=tests/blackbox/service_ctl.sh
PROCESSES_URL=""
PROGRAMMES_URL=""
case " $SERVICES " in *" processes "*) PROCESSES_URL="http://127.0.0.1:$PROCESSES_PORT" ;; esac
case " $SERVICES " in *" programmes "*) PROGRAMMES_URL="http://127.0.0.1:$PROGRAMMES_PORT" ;; esac
NOTIFICATIONS_URL=""
case " $SERVICES " in *" notifications "*) NOTIFICATIONS_URL="http://127.0.0.1:$NOTIFICATIONS_PORT" ;; esac
# notifications' keyring for the subscribers' auth values and signing
# secrets at rest: one key, shared by both replicas
KOERS_NOTIFICATIONS_SECRET_KEYS="bb1:$(openssl rand -base64 32)"
export KOERS_BB_WORK KOERS_BB_SERVICE_CTL BUILD PROCESSES_PORT PROGRAMMES_PORT GATEWAY_PORT CASEDESK_URL \
    SURVEYS_URL PROCESSES_URL PROGRAMMES_URL EKEY_A EKEY_B NOTIFICATIONS_PORT NOTIFICATIONS2_PORT \
    KOERS_BB_SMTP_PORT KOERS_NOTIFICATIONS_SECRET_KEYS
for svc in processes programmes notifications; do
    case " $SERVICES " in *" $svc "*)
        echo "blackbox: starting $BUILD/bin/$svc"
        sh tests/blackbox/service_ctl.sh "$svc" start || exit 1
        eval "${svc}_pid=\$(cat \"\$work/$svc.pid\")"
        ;;
    esac
done
REDIS_HOST=127.0.0.1
export TENANT_A KEY_A EKEY_A TOKEN_A TOKEN_A_SUB TOKEN_A_OFFICER TENANT_B KEY_B TOKEN_B \
    CASEDESK_URL CASEDESK2_URL KOERS_GATEWAY_URL REDIS_HOST REDIS_PORT \
    TOKEN_A_ADMIN TOKEN_A_OFFICIAL TOKEN_A_PRIVACY TOKEN_B_ADMIN \
    SURVEYS_URL SKEY_A SKEY_A_RESPOND SKEY_A_READ STOKEN_A SKEY_B STOKEN_B \
    PROCESSES_URL PTOKEN_A PTOKEN_A_OWNER PTOKEN_A_MANAGER PTOKEN_A_CORE PKEY_A_READ PTOKEN_B \
    PROGRAMMES_URL GTOKEN_A GTOKEN_A_LEAD GTOKEN_A_MEMBER GTOKEN_A_MEMBER2 GKEY_A_READ GTOKEN_B \
    GTOKEN_A_EMP1 GTOKEN_A_EMP2 GTOKEN_A_EMP3 \
    NOTIFICATIONS_URL NKEY_A NKEY_A_READ NKEY_B NTOKEN_A IAM_URL

echo "blackbox: running tests/blackbox/*/${KOERS_BB_PATTERN:-test_*.py}"
set +e
timeout 900 "$PY" -B - "${KOERS_BB_PATTERN:-test_*.py}" <<'PY'
import sys, unittest
# koers_bb importable by every test; each service's folder is a package
sys.path.insert(0, "tests/blackbox")
suite = unittest.defaultTestLoader.discover("tests/blackbox", pattern=sys.argv[1], top_level_dir="tests/blackbox")
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
# a failed setUpClass is an error of no test of its own; the failed
# subtests of a test make one failed test
in_tests = len({getattr(t, "test_case", t).id() for t, _ in result.failures + result.errors
                if isinstance(t, unittest.TestCase)})
passed = result.testsRun - in_tests - len(result.unexpectedSuccesses) - len(result.skipped)
print("blackbox: %d passed, %d failed, %d skipped" % (passed, failed, len(result.skipped)))
sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
PY
tests_rc=$?
# The log scan: no credential the runner made (every exported variable whose
# name holds KEY, TOKEN or SECRET: API keys, JWTs, the signing and sealing
# keys) and no secret a test used (koers_bb.remember_secret:
# $work/secrets.txt, one a line) may stand in any log of the run: the
# services', koers-admin's, the gateway's access and error logs, Redis' and
# PostgreSQL's. A hit is printed as file:line with the secret masked.
scan_logs() {
    "$PY" -B - "$work" <<'SCAN'
import glob, os, re, sys
work = sys.argv[1]
secrets = {}
for name, value in sorted(os.environ.items()):
    if not re.search(r"KEY|TOKEN|SECRET", name) or name.startswith("KOERS_BB_"):
        continue
    for v in [value] + [part.rsplit(":", 1)[-1] for part in value.split(",")]:
        if len(v) >= 16:
            secrets.setdefault(v, name)
try:
    with open(os.path.join(work, "secrets.txt"), encoding="utf-8", errors="replace") as f:
        for n, v in enumerate(f, 1):
            v = v.strip()
            if len(v) >= 8:
                secrets.setdefault(v, "secrets.txt:%d" % n)
except FileNotFoundError:
    pass
logs = sorted(set(glob.glob(os.path.join(work, "**", "*.log"), recursive=True) +
                  glob.glob(os.path.join(work, "stack", "pgdata", "*.log"))))
hits = 0
for path in logs:
    in_file = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            for v, name in secrets.items():
                if v in line:
                    in_file += 1
                    if in_file <= 10:
                        print("blackbox: FAIL: a secret (%s, %s…) in %s:%d" %
                              (name, v[:4], os.path.relpath(path, work), n), file=sys.stderr)
    if in_file:
        print("blackbox: FAIL: %d secrets in %s" % (in_file, os.path.relpath(path, work)), file=sys.stderr)
    hits += in_file
print("blackbox: log scan: %d secrets, %d logs, %d hits" % (len(secrets), len(logs), hits))
sys.exit(1 if hits else 0)
SCAN
}
set -e

status=0
# the second notifications replica, when a test started it, is checked like
# the others (a test stops it: then only its exit status and log)
svcs=$SERVICES
[ ! -f "$work/notifications2.pid" ] || svcs="$svcs notifications2"
for svc in $svcs; do
    log=$work/$svc.log
    if [ "$svc" = notifications2 ] && [ -f "$work/$svc.rc" ]; then
        if [ "$(cat "$work/$svc.rc")" != 0 ]; then
            echo "blackbox: FAIL: $svc exited with status $(cat "$work/$svc.rc") (want 0 after SIGTERM)" >&2
            status=1
        fi
        if grep -E "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" >/dev/null; then
            echo "blackbox: FAIL: sanitizer reports in the $svc log:" >&2
            grep -E -A 30 "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" | head -n 80 >&2
            status=1
        fi
        continue
    fi
    case "$svc" in processes | programmes | notifications | notifications2)
        # started (and maybe restarted by a test) by service_ctl.sh: not
        # this shell's child; the pid and the exit status are in files
        if [ -f "$work/$svc.rc" ]; then
            echo "blackbox: FAIL: $svc died during the tests" >&2
            status=1
        else
            echo "blackbox: stopping $svc with SIGTERM"
        fi
        set +e
        sh tests/blackbox/service_ctl.sh "$svc" stop
        svc_rc=$?
        set -e
        eval "${svc}_pid="
        if [ "$svc_rc" != 0 ]; then
            echo "blackbox: FAIL: $svc exited with status $svc_rc (want 0 after SIGTERM)" >&2
            status=1
        fi
        if grep -E "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" >/dev/null; then
            echo "blackbox: FAIL: sanitizer reports in the $svc log:" >&2
            grep -E -A 30 "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" | head -n 80 >&2
            status=1
        fi
        continue
        ;;
    esac
    pid=$(eval echo "\$${svc}_pid")
    if kill -0 "$pid" 2>/dev/null; then
        echo "blackbox: stopping $svc with SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
    else
        echo "blackbox: FAIL: $svc died during the tests" >&2
        status=1
    fi
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        echo "blackbox: FAIL: $svc did not stop within 30 s of SIGTERM" >&2
        exit 1
    fi
    set +e
    wait "$pid"
    svc_rc=$?
    set -e
    eval "${svc}_pid="
    if [ "$svc_rc" != 0 ]; then
        echo "blackbox: FAIL: $svc exited with status $svc_rc (want 0 after SIGTERM)" >&2
        status=1
    fi
    if grep -E "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" >/dev/null; then
        echo "blackbox: FAIL: sanitizer reports in the $svc log:" >&2
        grep -E -A 30 "ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:|LeakSanitizer has encountered" "$log" | head -n 80 >&2
        status=1
    fi
done
# the gateway stopped first: its access log is written out
koers_gateway_stop "$work/gateway"
if ! scan_logs; then
    echo "blackbox: FAIL: secrets in the logs (above)" >&2
    status=1
fi
if [ "$tests_rc" != 0 ]; then
    echo "blackbox: FAIL: tests failed (exit $tests_rc)" >&2
    status=1
fi
[ "$status" = 0 ] && echo "blackbox: $SERVICES exited 0, no sanitizer reports, no secret in a log; all passed"
exit "$status"
