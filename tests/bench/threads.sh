#!/bin/sh
# The thread/pool sweep behind the default of KOERS_HTTP_THREADS (not part
# of make test): the release-built casedesk on one throwaway PostgreSQL
# (fsync and synchronous_commit on) and Redis, restarted for every setting
# with KOERS_HTTP_THREADS = KOERS_DB_POOL_SIZE = each of BENCH_THREADS,
# BENCH_REPEAT times, the order reversed every other round (a shared
# machine drifts). Each setting: wrk GET of a case and POST of a case
# (routed to an officer) at each of BENCH_CONNS connections, BENCH_SECONDS
# each; the tables are ANALYZEd before each setting, so no plan trap of an
# unanalyzed table is measured. Prints one row per run: threads, method,
# connections, requests/s, p50, p99, the service's CPU ms per request
# (utime + stime from /proc/<pid>/stat).
#
#   BUILD=build/rel sh tests/bench/threads.sh
#   BENCH_THREADS="2 4 6 8" BENCH_CONNS="16 64" BENCH_SECONDS=8 BENCH_REPEAT=2
#   BENCH_ENV="VAR=value ..."   more environment for the service
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
THREADS=${BENCH_THREADS:-2 4 6 8}
CONNS=${BENCH_CONNS:-16 64}
SECS=${BENCH_SECONDS:-8}
REPEAT=${BENCH_REPEAT:-2}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql
CLK_TCK=$(getconf CLK_TCK)
command -v wrk >/dev/null 2>&1 || { echo "bench-threads: wrk is missing (make deps)" >&2; exit 1; }

echo "bench-threads: $(nproc) CPUs; threads = pool in: $THREADS; wrk -t2 -d${SECS}s, connections $CONNS"
KOERS_PG_FSYNC=on koers_bench_begin casedesk

# one start for the data: tenant, key, category, an officer the filings
# are routed to, one case to read
# shellcheck disable=SC2086
koers_bench_serve ${BENCH_ENV:-}
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-threads)
KEY=$(admin apikey-create --tenant "$TENANT" --name bench --scopes "cases:read cases:write")
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator" --ttl 3600)
json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
post() { curl -sf -X POST -H "Authorization: Bearer $3" -H 'Content-Type: application/json' --data "$2" "$URL$1"; }
CAT=$(post /casedesk/v1/categories '{"name":"Openbare ruimte","slaDays":10}' "$TOKEN" | json_field id)
post /casedesk/v1/liaison-officers "{\"name\":\"Anna de Vries\",\"email\":\"anna@bench.example\",\"categoryIds\":[\"$CAT\"],\"capacity\":1000}" "$TOKEN" >/dev/null
CASE_BODY="{\"categoryId\":\"$CAT\",\"description\":\"Losliggende stoeptegel bij de bushalte, graag snel repareren\",\"district\":\"Centrum\",\"channel\":\"web\",\"citizen\":{\"name\":\"Jan de Vries\",\"email\":\"jan@voorbeeld.example\"}}"
CASE=$(post /casedesk/v1/cases "$CASE_BODY" "$KEY" | json_field id)
cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$CASE_BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
EOF

stop_service() {
    kill -TERM "$svc_pid" 2>/dev/null || true
    i=0
    while kill -0 "$svc_pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    svc_pid=""
}
cpu_ticks() { sed 's/^.*) //' "/proc/$svc_pid/stat" | awk '{ print $12 + $13 }'; }
lat() { # wrk log, percentile -> ms
    /usr/bin/python3 - "$1" "$2" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"^\s*%s%%\s+([0-9.]+)(us|ms|s)\s*$" % sys.argv[2], t, re.M)
print("%.2f" % (float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]) if m else "-")
PY
}
run() { # threads method conns wrk-args...
    t=$1 m=$2 c=$3
    shift 3
    log=$work/wrk.log
    t0=$(cpu_ticks)
    wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" >"$log" 2>&1
    t1=$(cpu_ticks)
    n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$log")
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$log")
    bad=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' "$log")
    cpu=$(awk -v d=$((t1 - t0)) -v n="${n:-0}" -v k="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.3f", 1000 * d / k / n; else print "-" }')
    printf '%7s %-4s %5s %10.0f %8s %8s %8s %6s\n' "$t" "$m" "$c" "${rps:-0}" "$(lat "$log" 50)" \
        "$(lat "$log" 99)" "$cpu" "${bad:-0}" | tee -a "$work/rows"
}

printf '%7s %-4s %5s %10s %8s %8s %8s %6s\n' threads GET/POST conns requests/s "p50 ms" "p99 ms" "CPU ms" non2xx
r=1
order=$THREADS
while [ $r -le "$REPEAT" ]; do
    for t in $order; do
        stop_service
        "$PSQL" -qAt "$KOERS_DATABASE_URL" -c "ANALYZE" >/dev/null
        # shellcheck disable=SC2086
        koers_bench_serve KOERS_HTTP_THREADS="$t" KOERS_DB_POOL_SIZE="$t" ${BENCH_ENV:-}
        for c in $CONNS; do
            run "$t" GET "$c" -H "Authorization: Bearer $KEY" "$URL/casedesk/v1/cases/$CASE"
        done
        for c in $CONNS; do
            run "$t" POST "$c" -s "$work/post.lua" "$URL/casedesk/v1/cases"
        done
    done
    order=$(echo "$order" | tr ' ' '\n' | sed '1!G;h;$!d' | tr '\n' ' ')
    r=$((r + 1))
done
echo
echo "bench-threads: medians over $REPEAT rounds"
sort -k1,1n -k2,2 -k3,3n "$work/rows" | awk '
    function flush() { if (k != "") { printf "%7s %-4s %5s %10.0f %8.2f %8.2f %8.3f\n", a, b, c, med(rps), med(p50), med(p99), med(cpu) } }
    function med(x,   i, j, t, m) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
        m = int((n + 1) / 2); return n % 2 ? x[m] : (x[m] + x[m + 1]) / 2 }
    { key = $1 " " $2 " " $3; if (key != k) { flush(); k = key; n = 0; a = $1; b = $2; c = $3 }
      n++; rps[n] = $4; p50[n] = $5; p99[n] = $6; cpu[n] = $7 }
    END { flush() }'
