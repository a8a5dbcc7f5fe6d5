#!/bin/sh
# Integration tests of the shared library against a real PostgreSQL and
# Redis, started here on free loopback ports in a temporary folder and
# removed on exit. Runs every $BUILD/test/integration/test_* binary (or
# those IT_ONLY's globs name); fails when any fails (or none was built).
set -eu
BUILD=${BUILD:-build/rel}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/stack.sh"

# (not "dir": the stack.sh functions assign that global)
it_dir=$(mktemp -d "${TMPDIR:-/tmp}/koers-it.XXXXXX")
cleanup() {
    koers_redis_stop "$it_dir/redis" || true
    koers_pg_destroy "$it_dir/pg" || true
    rm -rf "$it_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

koers_pg_start "$it_dir/pg"
koers_redis_start "$it_dir/redis"
KOERS_TEST_STACK_DIR=$it_dir
KOERS_TEST_REDISCTL=$here/redisctl.sh
export KOERS_TEST_STACK_DIR KOERS_TEST_REDISCTL

n=0
failed=""
# IT_ONLY="test_outbox test_casedesk_*" (globs) runs only those programs
set -f
globs=${IT_ONLY:-test_*}
set +f
progs=""
for g in $globs; do
    progs="$progs $BUILD/test/integration/$g"
done
for t in $progs; do
    [ -x "$t" ] || continue
    n=$((n + 1))
    echo "== $t"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t" || failed="$failed $(basename "$t")"
done
[ "$n" -gt 0 ] || { echo "integration: no test binaries in $BUILD/test/integration" >&2; exit 1; }
[ -z "$failed" ] || { echo "integration: FAILED:$failed" >&2; exit 1; }
echo "integration: $n test programs passed"
