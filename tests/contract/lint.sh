#!/bin/sh
# Lints the OpenAPI documents of the named services against the Dutch API
# Design Rules (NL API Strategy) and checks that each converts to JSON.
#
#   sh tests/contract/lint.sh casedesk [more services]
#
# Exits 1 on any error or warning, printing the findings.
#
# The ruleset tests/contract/nlgov-adr.spectral.yaml is an unchanged copy of
# the Spectral ruleset published by Logius (Logius-standaarden/API-Design-Rules,
# media/linter.yaml), licensed CC BY 4.0. It is committed so that a clean
# clone (CI) lints against exactly the rules the repository was checked with.
#
# Spectral (@stoplight/spectral-cli 6) is installed once from the npm
# registry into .cache/spectral (git-ignored) and reused afterwards.
set -eu

cd "$(dirname "$0")/../.."

if [ $# -eq 0 ]; then
    echo "usage: sh tests/contract/lint.sh SERVICE [SERVICE...]" >&2
    exit 2
fi

PYTHON=${PYTHON:-/usr/bin/python3}
RULESET=tests/contract/nlgov-adr.spectral.yaml
PREFIX=.cache/spectral
SPECTRAL=$PREFIX/node_modules/.bin/spectral

if [ ! -x "$SPECTRAL" ]; then
    command -v npm >/dev/null 2>&1 || {
        echo "lint: npm not found (sh deploy/local/deps.sh installs Node.js)" >&2
        exit 1
    }
    mkdir -p "$PREFIX"
    echo "lint: installing @stoplight/spectral-cli@6 into $PREFIX"
    if ! npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
        @stoplight/spectral-cli@6 >"$PREFIX/install.log" 2>&1; then
        cat "$PREFIX/install.log" >&2
        echo "lint: npm install of @stoplight/spectral-cli failed" >&2
        exit 1
    fi
fi

rc=0
for svc in "$@"; do
    spec=api-spec/$svc.yaml
    if [ ! -f "$spec" ]; then
        echo "lint: $spec: no such file" >&2
        rc=1
        continue
    fi
    if ! err=$("$PYTHON" shared/tools/yaml2json.py <"$spec" 2>&1 >/dev/null); then
        printf '%s\n' "$err" | tail -n 3 >&2
        echo "lint: $spec: not valid YAML convertible to JSON" >&2
        rc=1
        continue
    fi
    if out=$("$SPECTRAL" lint --ruleset "$RULESET" --fail-severity=warn \
        --format stylish "$spec" 2>&1); then
        echo "lint: $spec: ok (no errors, no warnings)"
    else
        printf '%s\n' "$out"
        echo "lint: $spec: FAILED" >&2
        rc=1
    fi
done
exit $rc
