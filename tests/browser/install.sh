#!/bin/sh
# Installs the browser tests' packages exactly as package-lock.json pins
# them (playwright-core, axe-core; npm ci) into tests/browser/node_modules
# (git-ignored), only when they are missing or the lock file changed.
# playwright-core downloads no browser: the tests drive Debian's chromium
# (deploy/local/deps.sh installs it). Node 18 (Debian 12) or later.
#
#   sh tests/browser/install.sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
exec sh "$dir/../../deploy/local/npm_ci.sh" "$dir" browser 18 playwright-core/package.json axe-core/axe.min.js
