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
# Each request's CPU is read from /proc around it: the service's
# (utime+stime of its pid) and PostgreSQL's (every process of the bench's
# own cluster plus the postmaster's reaped children). BASE=/abs/build/rel
# (another worktree's release build, e.g. the previous commit's) also
# serves that binary on the same data (migrated by BUILD's) and asks the
# two alternately, run by run, so the machine's noise falls on both. Every
# answer to one question (base's and new's, each run) must be byte for
# byte the first one: the bench fails, showing the difference, otherwise.
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
BASE=${BASE:-}
base_pid=""
if [ -n "$BASE" ]; then
    [ -x "$BASE/bin/casedesk" ] || { echo "bench-casedesk-stats: $BASE/bin/casedesk is missing" >&2; exit 1; }
    BASE_PORT=$(koers_free_port)
    BASE_URL="http://127.0.0.1:$BASE_PORT"
    env KOERS_CASEDESK_PORT="$BASE_PORT" KOERS_BIND_ADDR=127.0.0.1 KOERS_LOG_LEVEL=warn \
        KOERS_PUBLIC_BASE_URL="$BASE_URL" KOERS_CASEDESK_SCHEDULER_EVERY_S=0 \
        "$BASE/bin/casedesk" </dev/null >"$work/casedesk-base.log" 2>&1 &
    base_pid=$!
    trap 'rc0=$?; kill -TERM "$base_pid" 2>/dev/null || true; (exit $rc0); koers_bench_cleanup' EXIT
    koers_wait_ready "$BASE_URL" "$base_pid" "$work/casedesk-base.log" "bench-casedesk-stats: the base" 30 ||
        exit 1
fi
PG_PID=$(head -n 1 "$(readlink -f "$work/stack/pgdata")/data/postmaster.pid")
# CPU ticks of a pid (utime+stime; with "c" also its reaped children's)
ticks() {
    awk -v c="${2:-}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (c != "") t += $14 + $15; print t }' \
        "/proc/$1/stat" 2>/dev/null || echo 0
}
pg_ticks() {
    t=$(ticks "$PG_PID" c)
    for p in $(pgrep -P "$PG_PID"); do t=$((t + $(ticks "$p"))); done
    echo "$t"
}
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
# the closed days built as the statistics worker builds them (018); with
# BENCH_STATS_DAYS=0 every day is read from the raw rows
if [ "${BENCH_STATS_DAYS:-1}" != 0 ]; then
    build_start=$(date +%s)
    "$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -c "BEGIN ISOLATION LEVEL REPEATABLE READ" \
        -c "LOCK TABLE casedesk.stat_days IN SHARE ROW EXCLUSIVE MODE" \
        -c "SELECT 'bench-casedesk-stats: ' || casedesk.stat_days_refresh(100000) || ' closed days built'" \
        -c "COMMIT" -c "VACUUM ANALYZE casedesk.stat_days, casedesk.stat_day_groups"
    echo "bench-casedesk-stats: built in $(( $(date +%s) - build_start )) s"
fi

# ---- timings -------------------------------------------------------------------------
RESULTS=$work/results
: >"$RESULTS"
TO=$(date -u +%Y-%m-%d)
FROM=$(date -u -d "$TO - 364 days" +%Y-%m-%d)
ask() { # label which url pid path
    out=$work/body
    p0=$(pg_ticks); s0=$(ticks "$4")
    t=$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
        -H "Authorization: Bearer $TOKEN" "$3$5")
    s1=$(ticks "$4"); p1=$(pg_ticks)
    code=${t%% *}
    [ "$code" = 200 ] || { echo "bench-casedesk-stats: $5 answered $code:" >&2; head -c 500 "$out" >&2; exit 1; }
    echo "$1 $2 $t $((p1 - p0)) $((s1 - s0))" >>"$RESULTS"
    # every answer to one question, base's and new's, byte for byte the
    # first one's
    ref=$work/first-$(echo "$1" | tr -c 'a-z0-9\n' '_')
    if [ ! -e "$ref" ]; then
        cp "$out" "$ref"
        echo "$2" >"$ref.which"
    elif ! cmp -s "$ref" "$out"; then
        echo "bench-casedesk-stats: FAILED: $5: $2's answer differs from $(cat "$ref.which")'s" \
            "($(wc -c <"$out") vs $(wc -c <"$ref") bytes; $(cmp "$ref" "$out" | sed 's/^[^ ]* [^ ]* //'))" >&2
        diff "$ref" "$out" | head -c 2000 >&2 || true
        exit 1
    fi
}
timeit() { # label path
    for _ in $(seq "$RUNS"); do
        [ -z "$BASE" ] || ask "$1" base "$BASE_URL" "$base_pid" "$2"
        ask "$1" new "$URL" "$svc_pid" "$2"
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
/usr/bin/python3 - "$RESULTS" "$N" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
rows = {}
hz = float(sys.argv[3])
for line in open(sys.argv[1]):
    a, b, which, code, t, size, pg, svc = line.split()
    rows.setdefault((a + " " + b, which), []).append((float(t), int(size), int(pg) * 1000 / hz, int(svc) * 1000 / hz))
print("%-18s %-4s %9s %9s %9s %9s %9s" % ("statistics (%s)" % sys.argv[2], "bin", "best", "median", "PG CPU", "svc CPU", "body"))
for (label, which), v in rows.items():
    ts = sorted(t for t, _, _, _ in v)
    pg = statistics.median(x[2] for x in v)
    svc = statistics.median(x[3] for x in v)
    print("%-18s %-4s %7.0fms %7.0fms %7.0fms %7.0fms %7.1fkB" % (label, which, ts[0] * 1000, statistics.median(ts) * 1000, pg, svc, v[0][1] / 1024))
print("(CPU: median per request from /proc; PG = the bench's own cluster)")
PY
