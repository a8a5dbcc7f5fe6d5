#!/bin/sh
# Benchmark of the processes service's analytic answers (make
# bench-processes; not part of make test): the release-built processes
# service on its own PostgreSQL and Redis, one tenant with BENCH_PROCESSES
# (default 1,000) processes, BENCH_BOTTLENECKS (50,000) bottlenecks and
# BENCH_CASES (1,000,000) closed citizens' cases, generated in SQL after the
# service migrated its schema (tests/bench/processes_data.sql,
# tests/bench/processes_backlog.sql; the first process holds a tenth of the
# bottlenecks and of the cases). Times over HTTP (curl %{time_total},
# BENCH_RUNS runs each, best, median and worst) the tenant-wide ranked backlog
# (first page, a page 50 pages deep, a quadrant), the heaviest process's
# backlog, and the citizens' figures of the heaviest and of an ordinary
# process (a year, and two years per month), and the service's CPU time per
# request (from /proc, all runs of a line together) and its memory (RSS).
#
#   BUILD=build/rel sh tests/bench/processes.sh
#
# KOERS_BENCH_KEEP=1 keeps PostgreSQL running with the data afterwards (its
# directory and URL are printed last).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
NPROC=${BENCH_PROCESSES:-1000}
NBOT=${BENCH_BOTTLENECKS:-50000}
NCASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-20}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql

echo "bench-processes: $(nproc) CPUs; $NPROC processes, $NBOT bottlenecks, $NCASES closed citizens' cases"
KOERS_PG_FSYNC=off koers_bench_begin processes

koers_bench_serve
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-processes)
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator" --ttl 7200)

# ---- data, in SQL ---------------------------------------------------------------
echo "bench-processes: generating the data"
gen_start=$(date +%s)
"$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -v tenant="$TENANT" -v processes="$NPROC" \
    -v cases="$NCASES" -f tests/bench/processes_data.sql >"$work/gen.log" 2>&1 ||
    { cat "$work/gen.log" >&2; exit 1; }
"$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -v tenant="$TENANT" -v bottlenecks="$NBOT" \
    -f tests/bench/processes_backlog.sql >>"$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; exit 1; }
"$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT 'bench-processes: ' || count(*) || ' processes, ' ||
    (SELECT count(*) FROM processes.bottlenecks) || ' bottlenecks (' ||
    (SELECT count(*) FROM processes.bottlenecks WHERE status IN ('open', 'proposed')) || ' on the backlog), ' ||
    (SELECT count(*) FROM processes.citizen_cases) || ' citizens'' cases' FROM processes.processes"
echo "bench-processes: generated in $(( $(date +%s) - gen_start )) s"
HEAVY=$("$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT id FROM processes.processes ORDER BY name LIMIT 1")
PLAIN=$("$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT id FROM processes.processes ORDER BY name OFFSET $((NPROC / 2)) LIMIT 1")

# ---- timings -------------------------------------------------------------------------
RESULTS=$work/results
: >"$RESULTS"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$svc_pid/stat"; }
HZ=$(getconf CLK_TCK)
timeit() { # label path
    out=$work/body
    c0=$(cpu_ticks)
    for _ in $(seq "$RUNS"); do
        t=$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
            -H "Authorization: Bearer $TOKEN" "$URL$2")
        code=${t%% *}
        [ "$code" = 200 ] || { echo "bench-processes: $2 answered $code:" >&2; head -c 500 "$out" >&2; exit 1; }
        echo "$1|$t" >>"$RESULTS"
    done
    c1=$(cpu_ticks)
    echo "$1|cpu $(( (c1 - c0) * 1000 / HZ )) $RUNS" >>"$RESULTS"
}
# the cursor of the page 50 pages deep (of 20 each) of the tenant's backlog
deep=/processes/v1/backlog?limit=20
for _ in $(seq 50); do
    next=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL$deep" |
        /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["_links"]["next"]["href"])')
    deep=/processes/v1/backlog${next#*/processes/v1/backlog}
done
TO=$(date -u +%Y-%m-%d)
FROM1=$(date -u -d "$TO - 364 days" +%Y-%m-%d)
FROM2=$(date -u -d "$TO - 729 days" +%Y-%m-%d)
timeit "backlog tenant, first 20" "/processes/v1/backlog?limit=20"
timeit "backlog tenant, 50 pages deep" "$deep"
timeit "backlog tenant, quick wins" "/processes/v1/backlog?limit=20&quadrant=quick_win"
timeit "backlog heaviest process" "/processes/v1/processes/$HEAVY/backlog?limit=20"
timeit "figures heaviest, 1 year" "/processes/v1/processes/$HEAVY/citizen-figures?from=$FROM1&to=$TO"
timeit "figures heaviest, 2y by month" "/processes/v1/processes/$HEAVY/citizen-figures?from=$FROM2&to=$TO&groupBy=month"
timeit "figures ordinary, 1 year" "/processes/v1/processes/$PLAIN/citizen-figures?from=$FROM1&to=$TO"
# a sanity line: the heaviest process's figures of the year
curl -s -H "Authorization: Bearer $TOKEN" "$URL/processes/v1/processes/$HEAVY/citizen-figures?from=$FROM1&to=$TO" |
    /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("bench-processes: heaviest process, 1y:", json.dumps(d)[:300])'

echo "bench-processes: processes RSS after the runs: $(awk '/^VmRSS/ {print $2 " " $3}' "/proc/$svc_pid/status"), peak $(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$svc_pid/status")"
echo
/usr/bin/python3 - "$RESULTS" <<'PY'
import statistics, sys
rows, cpu = {}, {}
for line in open(sys.argv[1]):
    label, rest = line.rstrip("\n").split("|")
    f = rest.split()
    if f[0] == "cpu":
        cpu[label] = int(f[1]) / int(f[2])
    else:
        rows.setdefault(label, []).append((float(f[1]), int(f[2])))
print("%-32s %9s %9s %9s %12s %9s" % ("answer", "best", "median", "worst", "service CPU", "body"))
for label, v in rows.items():
    ts = sorted(t for t, _ in v)
    print("%-32s %8.1fms %8.1fms %8.1fms %9.1fms/r %8.1fkB" % (
        label, ts[0] * 1000, statistics.median(ts) * 1000, ts[-1] * 1000, cpu.get(label, 0), v[0][1] / 1024))
PY
