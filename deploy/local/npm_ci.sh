#!/bin/sh
# Installs a folder's npm packages exactly as its package-lock.json pins
# them (npm ci --omit=dev) into DIR/node_modules (git-ignored), only when
# they are missing or the lock file changed (a stamp holds the lock's
# SHA-256). The install.sh of deploy/idp, services/web and tests/browser
# call it; nothing runs it inside an image (the images copy what the host
# installed). Node and npm come from Debian (`make deps`) when missing.
#
#   sh deploy/local/npm_ci.sh DIR LABEL MIN_NODE_MAJOR FILE...
#
# LABEL names the installer in its messages; FILE... are paths under
# DIR/node_modules that must exist for the install to count as done.
set -eu
[ $# -ge 4 ] || { echo "usage: npm_ci.sh DIR LABEL MIN_NODE_MAJOR FILE..." >&2; exit 2; }
dir=$1 label=$2 min=$3
shift 3
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "$label: node/npm are missing: run 'make deps' (sh deploy/local/deps.sh)" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge "$min" ] || { echo "$label: node $(node --version) is too old ($min or later)" >&2; exit 1; }
stamp=$dir/node_modules/.koers-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
done=1
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] || done=0
for f in "$@"; do
    [ -f "$dir/node_modules/$f" ] || done=0
done
[ "$done" = 0 ] || exit 0
echo "$label: installing the packages of $dir/package-lock.json (npm ci)" >&2
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core has no install script
# today; this keeps it so should one appear (the tests drive Debian's chromium)
(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --omit=dev --no-audit --no-fund --loglevel=error) >&2
echo "$want" >"$stamp"
