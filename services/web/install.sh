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
exec sh "$dir/../../deploy/local/npm_ci.sh" "$dir" web 18 preact/package.json
