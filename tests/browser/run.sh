#!/bin/sh
# Browser tests: the workplace (services/web) in Debian's chromium, driven by
# playwright-core, against the real stack: a throwaway PostgreSQL and Redis,
# every service of $BUILD (tests/lib/services.sh), the nginx gateway serving
# the workplace, and the local OpenID Connect provider with one demo user
# per role, registered for the test's tenant (slug browserdorp) with
# `koers-admin idp-set` and the gateway's redirect URIs, exactly as `make up`
# does it (deploy/local/idp_up.sh). Then `node --test tests/browser/*.test.mjs`
# (helpers: tests/browser/lib/koers.mjs), then everything is stopped.
#
# Screenshots of every screen, and on a failure the logs, go to the run
# folder ${KOERS_BROWSER_OUT:-run/browser} (emptied first).
#
#   BUILD=build/asan sh tests/browser/run.sh        (make browser)
#   KOERS_BROWSER_PATTERN='workplace' ...            only test files matching
#   KOERS_BROWSER_KEEP=1 ...                         keep the work folder
#
# The tests get (environment): KOERS_GATEWAY_URL, KOERS_BROWSER_TENANT (the
# slug), TENANT_ID, KOERS_BROWSER_PASSWORD (every demo user's), KOERS_IDP_URL,
# KOERS_BROWSER_OUT, KEY (a portal's API key of the tenant: every portal
# scope), TOKEN (a coordinator + admin service token), BUILD (koers-admin).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/asan}
export BUILD KOERS_ROOT
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/services.sh
. "$root/tests/lib/services.sh"

# say, die, alive, port_free and RUN are used by deploy/local/idp_up.sh too
# shellcheck disable=SC2317,SC2034
say() { printf 'browser: %s\n' "$*"; }
die() { printf 'browser: %s\n' "$*" >&2; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_free() {
    /usr/bin/python3 -c 'import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}

for s in $KOERS_SERVICE_NAMES koers-admin; do
    [ -x "$BUILD/bin/$s" ] || die "$BUILD/bin/$s is missing (make FLAVOUR=asan build)"
done
CHROMIUM=${KOERS_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing: run 'make deps' (Debian's chromium)"
sh tests/browser/install.sh || die "tests/browser/install.sh failed"
[ ! -f services/web/install.sh ] || sh services/web/install.sh || die "services/web/install.sh failed"
[ -f services/web/index.html ] || die "services/web/index.html is missing"
sh deploy/idp/install.sh || die "deploy/idp/install.sh failed"

OUT=${KOERS_BROWSER_OUT:-run/browser}
rm -rf "$OUT"
mkdir -p "$OUT/screenshots"
OUT=$(cd "$OUT" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/koers-browser.XXXXXX")
# shellcheck disable=SC2034
RUN=$work

cleanup() {
    rc=$?
    trap - EXIT INT TERM
    koers_pidfile_stop "$work/idp/idp.pid" 10 >/dev/null 2>&1 || true
    koers_services_down "$work/svc" || rc=1
    koers_redis_stop "$work/stack"
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ]; then
        mkdir -p "$OUT/logs"
        cp "$work"/svc/*.log "$work"/svc/gateway/*.log "$work"/idp/idp.log "$OUT/logs/" 2>/dev/null || true
        echo "browser: logs in $OUT/logs" >&2
    fi
    if [ "${KOERS_BROWSER_KEEP:-0}" = 1 ]; then echo "browser: kept $work" >&2; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting PostgreSQL and Redis"
koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
koers_secrets_env "$work/secrets.env"

# the gateway's and the provider's ports first: the provider's origin is in
# the workplace's Content-Security-Policy (connect-src, form-action)
GATEWAY_PORT=$(koers_free_port)
IDP_PORT=$(koers_free_port)
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT
KOERS_GATEWAY_URL=$GATEWAY_URL
KOERS_WEB_CONNECT_SRC=http://127.0.0.1:$IDP_PORT
KOERS_OIDC_ALLOW_HTTP=1
KOERS_TENANT_SLUG=browserdorp
export GATEWAY_PORT KOERS_GATEWAY_URL KOERS_WEB_CONNECT_SRC KOERS_OIDC_ALLOW_HTTP KOERS_TENANT_SLUG
say "starting the services and the gateway on $GATEWAY_URL"
KOERS_HTTP_THREADS=${KOERS_HTTP_THREADS:-2} ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
    koers_services_up "$work/svc" 1 || die "the services did not start"
# shellcheck disable=SC1091
. "$work/svc/tenant.env"

admin() { "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" || { tail -n 5 "$work/admin.log" >&2; return 1; }; }
# the provider and its registration for the tenant, as make up does it
# shellcheck source=../../deploy/local/idp_up.sh
. "$root/deploy/local/idp_up.sh"

KOERS_BROWSER_TENANT=$TENANT_SLUG
KOERS_BROWSER_PASSWORD=$IDP_PASSWORD
KOERS_IDP_URL=$IDP_URL
KOERS_BROWSER_OUT=$OUT
KOERS_CHROMIUM=$CHROMIUM
export KOERS_BROWSER_TENANT KOERS_BROWSER_PASSWORD KOERS_IDP_URL KOERS_BROWSER_OUT KOERS_CHROMIUM TENANT_ID KEY TOKEN

files=$(ls tests/browser/*.test.mjs | grep -E "${KOERS_BROWSER_PATTERN:-.}" || true)
[ -n "$files" ] || die "no test file matches '${KOERS_BROWSER_PATTERN:-.}'"
say "running $(echo "$files" | tr '\n' ' ')"
set +e
# shellcheck disable=SC2086
timeout 600 node --test --test-concurrency=1 --test-reporter=spec $files
tests_rc=$?
set -e

# no secret in the gateway's logs: the demo password, the tenant's key and
# token (the sign-in's code and state are masked by the gateway)
status=0
for f in "$work/svc/gateway/access.log" "$work/svc/gateway/error.log"; do
    [ -f "$f" ] || continue
    for s in "$IDP_PASSWORD" "$KEY" "$TOKEN"; do
        if grep -qF -- "$s" "$f"; then
            echo "browser: FAIL: a secret (${s%"${s#????}"}…) in $(basename "$f")" >&2
            status=1
        fi
    done
done
if [ "$tests_rc" != 0 ]; then
    echo "browser: FAIL: tests failed (exit $tests_rc); screenshots in $OUT/screenshots" >&2
    status=1
fi
[ "$status" != 0 ] || say "all passed; screenshots in $OUT/screenshots"
exit "$status"
