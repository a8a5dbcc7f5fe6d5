#!/bin/sh
# Benchmark (make bench; not part of make test): the release-built casedesk
# against its own PostgreSQL (synchronous_commit on, fsync on) and Redis,
# compared with what that PostgreSQL itself can do (pgbench ceiling).
#
#   BUILD=build/rel sh tests/bench/run.sh      BUILD relative to the repository,
#                                               or absolute
#   KOERS_HTTP_THREADS=16 KOERS_DB_POOL_SIZE=16   service settings (default 16)
#   BENCH_SECONDS=10  BENCH_CONNS="16 64"          wrk run length, connections
#   BENCH_RESULTS=file                             also keep the raw rows there
#
# Endpoints: a case (GET by id, POST a filing) and the resource kit's (GET a
# category by id, GET a page of 20 of 50 categories, POST a department).
# Prints a table: endpoint, connections, requests/s, p50, p99, non-2xx, the
# ratio to the PostgreSQL ceiling (GET vs pgbench -S, POST vs a single-row
# INSERT) and the service's CPU time (user + system, from /proc/<pid>/stat)
# per request; then the ceiling and the service's RSS idle and at its peak.
# On a shared machine compare runs by the ratios and CPU ms/request.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-16 64}
THREADS=${KOERS_HTTP_THREADS:-16}
POOL=${KOERS_DB_POOL_SIZE:-16}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
PGBENCH=$KOERS_PG_BIN/pgbench
PSQL=$KOERS_PG_BIN/psql
CLK_TCK=$(getconf CLK_TCK)

for t in "$BUILD/bin/casedesk" "$BUILD/bin/koers-admin" "$PGBENCH"; do
    [ -x "$t" ] || { echo "bench: $t is missing" >&2; exit 1; }
done
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (make deps)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bench.XXXXXX")
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
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ] && [ -f "$work/casedesk.log" ]; then tail -n 30 "$work/casedesk.log" >&2; fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench: $(nproc) CPUs; casedesk with KOERS_HTTP_THREADS=$THREADS KOERS_DB_POOL_SIZE=$POOL; wrk -t2 -d${SECS}s"
KOERS_PG_FSYNC=on koers_pg_start "$work/stack"
koers_redis_start "$work/stack"
PGURL_BASE="postgresql://koers@127.0.0.1:$PG_PORT"

# ---- the PostgreSQL ceiling --------------------------------------------------
echo "bench: pgbench ceiling (16 clients, prepared, ${SECS}s each)"
"$PSQL" -qAt "$PGURL_BASE/postgres" -c "CREATE DATABASE pgbench_ceiling" >/dev/null
PGB_DB="$PGURL_BASE/pgbench_ceiling"
"$PGBENCH" -i -s 10 -q "$PGB_DB" >"$work/pgbench-init.log" 2>&1 || { cat "$work/pgbench-init.log" >&2; exit 1; }
"$PSQL" -qAt "$PGB_DB" -c "SHOW synchronous_commit" | sed 's/^/bench: synchronous_commit = /'
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$1" | tail -n 1; }
"$PGBENCH" -S -M prepared -c 16 -j 2 -T "$SECS" -n "$PGB_DB" >"$work/pgbench-S.log" 2>&1 ||
    { cat "$work/pgbench-S.log" >&2; exit 1; }
PG_READ=$(tps "$work/pgbench-S.log")
"$PSQL" -qAt "$PGB_DB" -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL,
    description text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())" >/dev/null
cat >"$work/insert.sql" <<'EOF'
INSERT INTO bench_insert (tenant_id, description, status) VALUES ('7d1c1b9e-1f5e-4c1a-9a8e-2b7a4c1d0e11', 'Losliggende stoeptegel bij de bushalte, graag snel repareren', 'received');
EOF
"$PGBENCH" -f "$work/insert.sql" -M prepared -c 16 -j 2 -T "$SECS" -n "$PGB_DB" >"$work/pgbench-insert.log" 2>&1 ||
    { cat "$work/pgbench-insert.log" >&2; exit 1; }
PG_INSERT=$(tps "$work/pgbench-insert.log")
"$PSQL" -qAt "$PGURL_BASE/postgres" -c "DROP DATABASE pgbench_ceiling" >/dev/null
printf 'bench: PostgreSQL read-by-key %.0f TPS, single-row INSERT %.0f TPS\n' "$PG_READ" "$PG_INSERT"

# ---- casedesk ----------------------------------------------------------------
KOERS_JWT_SECRET=$(openssl rand -hex 32)
export KOERS_JWT_SECRET
PORT=$(koers_free_port)
URL="http://127.0.0.1:$PORT"
KOERS_CASEDESK_PORT=$PORT KOERS_BIND_ADDR=127.0.0.1 KOERS_HTTP_THREADS=$THREADS \
    KOERS_DB_POOL_SIZE=$POOL KOERS_LOG_LEVEL=${KOERS_LOG_LEVEL:-warn} KOERS_PUBLIC_BASE_URL=$URL \
    "$BUILD/bin/casedesk" </dev/null >"$work/casedesk.log" 2>&1 &
svc_pid=$!
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/readyz")" = 200 ]; do
    kill -0 "$svc_pid" 2>/dev/null || { echo "bench: casedesk exited at start" >&2; exit 1; }
    i=$((i + 1)); [ $i -le 300 ] || { echo "bench: casedesk not ready after 30 s" >&2; exit 1; }
    sleep 0.1
done

admin() { "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" || { cat "$work/admin.log" >&2; return 1; }; }
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench)
KEY=$(admin apikey-create --tenant "$TENANT" --name bench --scopes "cases:read cases:write")
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator" --ttl 3600)
json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
post() { # path body credential
    curl -sf -X POST -H "Authorization: Bearer $3" -H 'Content-Type: application/json' --data "$2" "$URL$1"
}
CAT=$(post /casedesk/v1/categories '{"name":"Openbare ruimte","slaDays":10}' "$TOKEN" | json_field id)
post /casedesk/v1/liaison-officers "{\"name\":\"Anna de Vries\",\"email\":\"anna@bench.example\",\"categoryIds\":[\"$CAT\"],\"capacity\":1000}" "$TOKEN" >/dev/null
CASE_BODY="{\"categoryId\":\"$CAT\",\"description\":\"Losliggende stoeptegel bij de bushalte, graag snel repareren\",\"district\":\"Centrum\",\"channel\":\"web\",\"citizen\":{\"name\":\"Jan de Vries\",\"email\":\"jan@voorbeeld.example\"}}"
CASE=$(post /casedesk/v1/cases "$CASE_BODY" "$KEY" | json_field id)
# the resource kit's endpoints: 50 categories in all, a page of 20 of them
i=2
while [ $i -le 50 ]; do
    post /casedesk/v1/categories "{\"name\":\"Categorie $i\",\"slaDays\":10}" "$TOKEN" >/dev/null ||
        { echo "bench: creating category $i failed" >&2; exit 1; }
    i=$((i + 1))
done
DEPT_BODY='{"name":"Afdeling Beheer Openbare Ruimte"}'
post /casedesk/v1/departments "$DEPT_BODY" "$TOKEN" >/dev/null ||
    { echo "bench: POST of a department failed" >&2; exit 1; }
for u in "cases/$CASE" "categories/$CAT" "categories?limit=20"; do
    curl -sf -o /dev/null -H "Authorization: Bearer $KEY" "$URL/casedesk/v1/$u" ||
        { echo "bench: GET /casedesk/v1/$u failed" >&2; exit 1; }
done

cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$CASE_BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
EOF
cat >"$work/post-department.lua" <<EOF
wrk.method = "POST"
wrk.body = '$DEPT_BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF

kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$svc_pid/status"; }
sleep 1
RSS_IDLE=$(kb VmRSS)

# the service's CPU time so far, user + system, in clock ticks: fields 14 and
# 15 of /proc/<pid>/stat, counted here after the parenthesised command name
cpu_ticks() { sed 's/^.*) //' "/proc/$svc_pid/stat" | awk '{ print $12 + $13 }'; }

# wrk output -> "rps p50 p99 non2xx requests"
parse_wrk() {
    /usr/bin/python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def lat(p):
    m = re.search(r"^\s*%s%%\s+([0-9.]+)(us|ms|s)\s*$" % p, t, re.M)
    if not m:
        return "-"
    v = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    return "%.2fms" % v
rps = re.search(r"Requests/sec:\s*([0-9.]+)", t)
bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", t)
errs = re.search(r"Socket errors:.*", t)
n = re.search(r"^\s*(\d+) requests in", t, re.M)
print(rps.group(1) if rps else "0", lat(50), lat(99), (bad.group(1) if bad else "0") + ("+sock" if errs else ""),
      n.group(1) if n else "0")
PY
}

# run name method path conns ceiling [wrk options]: one wrk run against
# $URL$path; appends its row to $RESULTS with the service's CPU ticks in it
run() {
    name=$1 method=$2 path=$3 c=$4 ceiling=$5
    shift 5
    echo "bench: wrk $method $path, $c connections"
    t0=$(cpu_ticks)
    wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" "$URL$path" >"$work/wrk-$name-$c.log" 2>&1
    t1=$(cpu_ticks)
    echo "$method $path $c $(parse_wrk "$work/wrk-$name-$c.log") $ceiling $((t1 - t0))" >>"$RESULTS"
}

RESULTS=$work/results
: >"$RESULTS"
AUTH="Authorization: Bearer $KEY"
for c in $CONNS; do
    run get GET "/casedesk/v1/cases/$CASE" "$c" "$PG_READ" -H "$AUTH"
done
for c in $CONNS; do
    run post POST /casedesk/v1/cases "$c" "$PG_INSERT" -s "$work/post.lua"
done
for c in $CONNS; do
    run get-category GET "/casedesk/v1/categories/$CAT" "$c" "$PG_READ" -H "$AUTH"
done
for c in $CONNS; do
    run list-categories GET "/casedesk/v1/categories?limit=20" "$c" "$PG_READ" -H "$AUTH"
done
for c in $CONNS; do
    run post-department POST /casedesk/v1/departments "$c" "$PG_INSERT" -s "$work/post-department.lua"
done
RSS_PEAK=$(kb VmHWM)
kill -0 "$svc_pid" 2>/dev/null || { echo "bench: casedesk died under load" >&2; exit 1; }

echo
/usr/bin/python3 - "$RESULTS" "$PG_READ" "$PG_INSERT" "$RSS_IDLE" "$RSS_PEAK" "$CLK_TCK" "$CASE" "$CAT" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
tck = float(sys.argv[6])
fmt = "%-6s %-35s %5s %11s %9s %9s %8s %6s %10s"
print(fmt % ("method", "endpoint", "conns", "requests/s", "p50", "p99", "non-2xx", "vs PG", "CPU ms/req"))
for method, path, conns, rps, p50, p99, bad, n, ceiling, ticks in rows:
    path = path.replace(sys.argv[7], "{id}").replace(sys.argv[8], "{id}")
    ratio = float(rps) / float(ceiling) if float(ceiling) else 0.0
    cpu = "%.3f" % (1000.0 * int(ticks) / tck / int(n)) if int(n) else "-"
    print(fmt % (method, path, conns, "%.0f" % float(rps), p50, p99, bad, "%.3f" % ratio, cpu))
print()
print("PostgreSQL ceiling (pgbench, 16 clients, -M prepared): read-by-key (-S) %.0f TPS, "
      "single-row INSERT %.0f TPS" % (float(sys.argv[2]), float(sys.argv[3])))
print("casedesk RSS: idle %.1f MiB, peak (VmHWM) %.1f MiB" % (int(sys.argv[4]) / 1024, int(sys.argv[5]) / 1024))
PY
if [ -n "${BENCH_RESULTS:-}" ]; then
    { echo "# pg_read=$PG_READ pg_insert=$PG_INSERT clk_tck=$CLK_TCK build=$BUILD"
      cat "$RESULTS"; } >"$BENCH_RESULTS"
fi
bad=$(awk '$7 != "0" { n++ } END { print n + 0 }' "$RESULTS")
if [ "$bad" != 0 ]; then
    echo "bench: WARNING: some runs had non-2xx answers or socket errors (see the non-2xx column)"
fi
