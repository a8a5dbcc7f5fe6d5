#!/bin/sh
# Installs the local provider's packages exactly as package-lock.json pins
# them (npm ci --omit=dev) into deploy/idp/node_modules (git-ignored), only
# when they are missing or the lock file changed. `make up`, the black-box
# tests and the idp image run it. Node comes from Debian (`make deps`) when
# the machine has none; the provider runs on Node 18 (Debian 12) and 20.
#
#   sh deploy/idp/install.sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "idp: node/npm are missing: run 'make deps' (sh deploy/local/deps.sh)" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || { echo "idp: node $(node --version) is too old (18 or later)" >&2; exit 1; }
stamp=$dir/node_modules/.koers-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/node_modules/oidc-provider/package.json" ]; then
    exit 0
fi
echo "idp: installing oidc-provider (npm ci) into $dir/node_modules" >&2
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error) >&2
echo "$want" >"$stamp"
