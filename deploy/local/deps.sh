#!/bin/sh
# Installs the Debian packages Koers needs to build, run and test, and only
# the missing ones. Idempotent and quiet: when everything is there it prints
# one line. As root it runs apt-get; otherwise it prints the command to run
# and exits 1.
#
#   sh deploy/local/deps.sh
#
# chromium (with two font families) is the browser of the browser tests
# (tests/browser, make browser): playwright-core drives it and downloads
# none of its own.
#
# PostgreSQL from Debian may start a cluster of its own on 5432 when an init
# system runs; Koers never uses it (tests/lib/stack.sh starts its own).
set -eu

PKGS="build-essential pkg-config make gcc
libulfius-dev libjansson-dev libhiredis-dev libpq-dev libssl-dev libmicrohttpd-dev libcmocka-dev
libexpat1-dev
clang libclang-rt-dev
postgresql postgresql-client redis-server redis-tools
curl ca-certificates openssl python3 python3-yaml python3-lxml procps util-linux
wrk
chromium fonts-liberation fonts-dejavu-core"

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=""
for p in $PKGS; do
    installed "$p" || missing="$missing $p"
done

# nginx: any of Debian's flavours will do.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    installed nginx-light || installed nginx-core || installed nginx || missing="$missing nginx"
fi

# The spec linter runs on Node.js; take Debian's only when node/npm are absent.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi

missing=${missing# }
cmd="apt-get install -y -qq --no-install-recommends $missing"
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages: $missing" >&2
    echo "deps: run as root:" >&2
    echo "    apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
    exit 1
fi

echo "deps: installing: $missing"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp "${TMPDIR:-/tmp}/koers-deps.XXXXXX")
trap 'rm -f "$log"' EXIT
apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 $missing >"$log" 2>&1 ||
    { cat "$log" >&2; exit 1; }
for p in $missing; do
    case $p in
    nginx) command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "deps: nginx did not install" >&2; exit 1; } ;;
    nodejs) command -v node >/dev/null 2>&1 || { echo "deps: node did not install" >&2; exit 1; } ;;
    npm) command -v npm >/dev/null 2>&1 || { echo "deps: npm did not install" >&2; exit 1; } ;;
    *) installed "$p" || { echo "deps: $p did not install" >&2; exit 1; } ;;
    esac
done
echo "deps: done"
