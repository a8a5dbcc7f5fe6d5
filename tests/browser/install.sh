#!/bin/sh
# Installs the browser tests' packages exactly as package-lock.json pins
# them (playwright-core, axe-core; npm ci) into tests/browser/node_modules
# (git-ignored), only when they are missing or the lock file changed.
# playwright-core downloads no browser: the tests drive Debian's chromium
# (deploy/local/deps.sh installs it). Node 20 or later.
#
#   sh tests/browser/install.sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "browser: node/npm are missing: run 'make deps' (sh deploy/local/deps.sh)" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "browser: node $(node --version) is too old (playwright-core wants 20 or later)" >&2; exit 1; }
stamp=$dir/node_modules/.koers-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/node_modules/playwright-core/package.json" ] &&
    [ -f "$dir/node_modules/axe-core/axe.min.js" ]; then
    exit 0
fi
echo "browser: installing playwright-core and axe-core (npm ci) into $dir/node_modules" >&2
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core has no install script
# today; this keeps it so should one appear
(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --omit=dev --no-audit --no-fund --loglevel=error) >&2
echo "$want" >"$stamp"
