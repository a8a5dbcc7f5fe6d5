#!/bin/sh
# Benchmark of the casedesk statistics (make bench-casedesk-stats; not part
# of make test): the release-built casedesk on its own PostgreSQL and Redis,
# BENCH_CASES (default 1,000,000) realistic cases of one tenant generated in
# SQL (tests/bench/casedesk_stats.sql: three years of filings, first
# contact, resolution, outcomes, SLA flags, time per status, feedback) after
# the service migrated its schema. Times GET /casedesk/v1/statistics over
# HTTP (curl %{time_total}, BENCH_RUNS runs each, best and median) for a
# one-year period with each groupBy, and the default 30 days.
#
#   BUILD=build/rel sh tests/bench/casedesk_stats.sh
#
# KOERS_BENCH_KEEP=1 keeps PostgreSQL running with the data afterwards (its
# directory and URL are printed last).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
N=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-5}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
PSQL=$KOERS_PG_BIN/psql

for t in "$BUILD/bin/casedesk" "$BUILD/bin/koers-admin"; do
    [ -x "$t" ] || { echo "bench-casedesk-stats: $t is missing (make)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bench-stats.XXXXXX")
svc_pid=""
cleanup() {
    rc=$?
    trap - EXIT INT TERM
    if [ -n "$svc_pid" ] && kill -0 "$svc_pid" 2>/dev/null; then
        kill -TERM "$svc_pid" 2>/dev/null || true
        i=0
        while kill -0 "$svc_pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$svc_pid" 2>/dev/null || true
    fi
    koers_redis_stop "$work/stack"
    if [ -n "${KOERS_BENCH_KEEP:-}" ] && [ "$rc" = 0 ]; then
        # keep PostgreSQL and its data for EXPLAIN; stop it with
        # . tests/lib/stack.sh; koers_pg_destroy DIR
        echo "bench-casedesk-stats: kept $work/stack, $KOERS_DATABASE_URL"
        exit 0
    fi
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ] && [ -f "$work/casedesk.log" ]; then tail -n 30 "$work/casedesk.log" >&2; fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench-casedesk-stats: $(nproc) CPUs; $N cases of one tenant"
KOERS_PG_FSYNC=off koers_pg_start "$work/stack"
koers_redis_start "$work/stack"

KOERS_JWT_SECRET=$(openssl rand -hex 32)
export KOERS_JWT_SECRET
PORT=$(koers_free_port)
URL="http://127.0.0.1:$PORT"
KOERS_CASEDESK_PORT=$PORT KOERS_BIND_ADDR=127.0.0.1 KOERS_LOG_LEVEL=${KOERS_LOG_LEVEL:-warn} \
    KOERS_PUBLIC_BASE_URL=$URL KOERS_CASEDESK_SCHEDULER_EVERY_S=0 \
    "$BUILD/bin/casedesk" </dev/null >"$work/casedesk.log" 2>&1 &
svc_pid=$!
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/readyz")" = 200 ]; do
    kill -0 "$svc_pid" 2>/dev/null || { echo "bench-casedesk-stats: casedesk exited at start" >&2; exit 1; }
    i=$((i + 1)); [ $i -le 300 ] || { echo "bench-casedesk-stats: casedesk not ready after 30 s" >&2; exit 1; }
    sleep 0.1
done

admin() { "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" || { cat "$work/admin.log" >&2; return 1; }; }
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-stats)
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator" --ttl 7200)

# ---- data, in SQL ---------------------------------------------------------------
echo "bench-casedesk-stats: generating the data"
gen_start=$(date +%s)
"$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -v tenant="$TENANT" -v n="$N" \
    -f tests/bench/casedesk_stats.sql >"$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; exit 1; }
"$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT 'bench-casedesk-stats: ' || count(*) || ' cases, ' ||
    (SELECT count(*) FROM casedesk.case_status_time) || ' status times, ' ||
    (SELECT count(*) FROM casedesk.feedback) || ' feedback' FROM casedesk.cases"
echo "bench-casedesk-stats: generated in $(( $(date +%s) - gen_start )) s"

# ---- timings -------------------------------------------------------------------------
RESULTS=$work/results
: >"$RESULTS"
TO=$(date -u +%Y-%m-%d)
FROM=$(date -u -d "$TO - 364 days" +%Y-%m-%d)
timeit() { # label path
    out=$work/body
    for _ in $(seq "$RUNS"); do
        t=$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
            -H "Authorization: Bearer $TOKEN" "$URL$2")
        code=${t%% *}
        [ "$code" = 200 ] || { echo "bench-casedesk-stats: $2 answered $code:" >&2; head -c 500 "$out" >&2; exit 1; }
        echo "$1 $t" >>"$RESULTS"
    done
}
base=/casedesk/v1/statistics
timeit "1y none" "$base?from=$FROM&to=$TO&groupBy=none"
timeit "1y category" "$base?from=$FROM&to=$TO&groupBy=category"
timeit "1y district" "$base?from=$FROM&to=$TO&groupBy=district"
timeit "1y officer" "$base?from=$FROM&to=$TO&groupBy=officer"
timeit "30d none" "$base"
timeit "30d category" "$base?groupBy=category"
# a sanity line: the one-year figures of the whole tenant
curl -s -H "Authorization: Bearer $TOKEN" "$URL$base?from=$FROM&to=$TO" |
    /usr/bin/python3 -c 'import json,sys; i=json.load(sys.stdin)["items"][0]; print("bench-casedesk-stats: 1y casesIn %d casesOut %d openLoad %d resolution median %sh p90 %sh slaCompliance %.3f" % (i["casesIn"], i["casesOut"], i["openLoad"], i["resolutionHours"]["median"], i["resolutionHours"]["p90"], i["slaCompliance"]))'

echo
/usr/bin/python3 - "$RESULTS" "$N" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    a, b, code, t, size = line.split()
    rows.setdefault(a + " " + b, []).append((float(t), int(size)))
print("%-24s %9s %9s %10s" % ("statistics (%s cases)" % sys.argv[2], "best", "median", "body"))
for label, v in rows.items():
    ts = sorted(t for t, _ in v)
    print("%-24s %8.0fms %8.0fms %8.1fkB" % (label, ts[0] * 1000, statistics.median(ts) * 1000, v[0][1] / 1024))
PY
