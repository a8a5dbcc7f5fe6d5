#!/bin/sh
# Installs the workplace's browser packages (Preact, htm, the NL Design
# System CSS and tokens, uPlot) exactly as package-lock.json pins them
# (npm ci --omit=dev) into services/web/node_modules (git-ignored), only
# when they are missing or the lock file changed. The gateway serves the
# files it needs from there under /vendor/ (services/web/vendor.txt lists
# them). `make up`, the browser tests and the gateway image run it.
#
#   sh services/web/install.sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "web: node/npm are missing: run 'make deps' (sh deploy/local/deps.sh)" >&2
    exit 1
fi
stamp=$dir/node_modules/.koers-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/node_modules/preact/package.json" ]; then
    exit 0
fi
echo "web: installing the workplace's packages (npm ci) into $dir/node_modules" >&2
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error) >&2
echo "$want" >"$stamp"
