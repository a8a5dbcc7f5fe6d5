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
exec sh "$dir/../../deploy/local/npm_ci.sh" "$dir" idp 18 oidc-provider/package.json
