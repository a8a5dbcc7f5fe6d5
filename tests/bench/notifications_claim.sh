#!/bin/sh
# The dispatcher's claim statement under a backlog (not part of make test):
# a throwaway PostgreSQL with the notifications schema
# (services/notifications/sql/*.sql), BENCH_SUBSCRIPTIONS (1,000)
# subscriptions and BENCH_MESSAGES (20) messages to each of them
# (tests/bench/notifications_claim.sql: 20,000 open deliveries, the first
# BENCH_BLOCKED (100) subscriptions at the in-flight bound), then
# EXPLAIN (ANALYZE, BUFFERS) of the claim as dispatch_repo_claim runs it
# (the statement is read from services/notifications/src/dispatch/dispatch_repo.c),
# BENCH_BATCH (16) at a time, rolled back each time, BENCH_RUNS (3) times.
#
#   sh tests/bench/notifications_claim.sh
#
# CLAIM_SOURCE=FILE reads the statement from another copy of dispatch_repo.c
# (to compare with an older one, e.g. git show main:...).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
SUBS=${BENCH_SUBSCRIPTIONS:-1000}
MSGS=${BENCH_MESSAGES:-20}
BLOCKED=${BENCH_BLOCKED:-100}
BATCH=${BENCH_BATCH:-16}
RUNS=${BENCH_RUNS:-3}
SRC=${CLAIM_SOURCE:-services/notifications/src/dispatch/dispatch_repo.c}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bench-claim.XXXXXX")
trap 'koers_pg_destroy "$work/stack"; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
KOERS_PG_FSYNC=off koers_pg_start "$work/stack"
PSQL="$KOERS_PG_BIN/psql -X -q -v ON_ERROR_STOP=1 $KOERS_DATABASE_URL"

# the claim's statement: the C string pieces of dispatch_repo_claim's sql[]
/usr/bin/python3 - "$SRC" >"$work/claim.sql" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
fn = src[src.index("kc_status dispatch_repo_claim("):]
body = fn[fn.index("sql[] ="):fn.index(";\n")]
print("".join(bytes(s, "utf-8").decode("unicode_escape") for s in re.findall(r'"((?:[^"\\]|\\.)*)"', body)))
PY

{
    echo "CREATE SCHEMA notifications; SET search_path = notifications;"
    cat services/notifications/sql/*.sql
} | $PSQL >/dev/null
$PSQL -v subs="$SUBS" -v msgs="$MSGS" -v blocked="$BLOCKED" \
    -c 'SET search_path = notifications' -f tests/bench/notifications_claim.sql >/dev/null
echo "claim-bench: $($PSQL -Atc "SELECT count(*) FROM notifications.deliveries WHERE state IN ('pending', 'retrying')") open deliveries," \
    "$SUBS subscriptions ($BLOCKED at the in-flight bound), batch $BATCH"
for i in $(seq "$RUNS"); do
    {
        echo "BEGIN;"
        printf 'PREPARE claim(text, integer, integer, integer) AS\n'
        cat "$work/claim.sql"
        echo ";"
        echo "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE claim('bench', 40, 2, $BATCH);"
        echo "ROLLBACK;"
    } | $PSQL >"$work/explain.$i"
    echo "claim-bench run $i: $(grep -c '' "$work/explain.$i") plan lines;" \
        "$(grep -m1 'Buffers:' "$work/explain.$i" | sed 's/^ *//');" \
        "$(grep 'Execution Time' "$work/explain.$i" | sed 's/^ *//')"
done
echo "claim-bench: the last plan"
cat "$work/explain.$RUNS"
