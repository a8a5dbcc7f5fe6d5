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
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql

echo "bench-casedesk-stats: $(nproc) CPUs; $N cases of one tenant"
KOERS_PG_FSYNC=off koers_bench_begin casedesk

koers_bench_serve KOERS_CASEDESK_SCHEDULER_EVERY_S=0
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
