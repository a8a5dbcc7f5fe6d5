#!/bin/sh
# Fails when a C file under services/ or shared/ holds shredded SQL: a query
# cut into fragments ("SELEC" "T ") by a formatter that breaks string
# literals, or by hand, or two words glued into one across literals. The
# rules are in sql_strings.py. First proves on the fixtures that the check
# finds every marked shred and leaves readable SQL and format strings alone.
#
#   sh tests/lint/sql_strings.sh        (make lint-sql)
set -eu
cd "$(dirname "$0")/../.."

PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
LINT=tests/lint/sql_strings.py
FIXTURES=tests/lint/fixtures

fail() {
    printf 'lint-sql: %s\n' "$*" >&2
    exit 1
}

# ---- self-test on the fixtures ----------------------------------------------
"$PY" "$LINT" "$FIXTURES/sql_readable.c" >&2 ||
    fail "self-test: $FIXTURES/sql_readable.c is readable but was reported"
if found=$("$PY" "$LINT" "$FIXTURES/sql_shredded.c"); then
    fail "self-test: no shred found in $FIXTURES/sql_shredded.c"
fi
want=$(grep -n '/\* expect \*/' "$FIXTURES/sql_shredded.c" | cut -d: -f1 | sort -n | tr '\n' ' ')
got=$(printf '%s\n' "$found" | sed -n 's|^[^:]*:\([0-9]*\): .*|\1|p' | sort -n | tr '\n' ' ')
[ "$want" = "$got" ] ||
    fail "self-test: shreds expected on lines $want of $FIXTURES/sql_shredded.c, reported on $got"

# ---- the tree ----------------------------------------------------------------
check=$(find services shared tests/integration -type f \( -name '*.c' -o -name '*.h' \) | sort)
# shellcheck disable=SC2086 # the file names have no blanks
"$PY" "$LINT" $check || fail "shredded SQL (see above)"
echo "lint-sql: no shredded SQL in $(echo $check | wc -w) files under services/, shared/ and tests/integration/"
