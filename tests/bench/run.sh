#!/bin/sh
# Benchmark (make bench; not part of make test): the release-built casedesk
# against its own PostgreSQL (fsync and synchronous_commit on) and Redis, on
# a realistic, analyzed database, compared with what that PostgreSQL itself
# can do (the pgbench ceiling).
#
#   BUILD=build/rel sh tests/bench/run.sh      BUILD relative to the repository,
#                                               or absolute (another commit's
#                                               build/rel: compare in one run)
#   BENCH_CASES=1000000  BENCH_TENANTS=4        the generated cases, over tenants
#   BENCH_SECONDS=10  BENCH_CONNS="16 64"       wrk run length, connections
#   BENCH_THREADS="4 8 16"                      KOERS_HTTP_THREADS and
#                                               KOERS_DB_POOL_SIZE, the service
#                                               restarted for each value (default:
#                                               KOERS_HTTP_THREADS and
#                                               KOERS_DB_POOL_SIZE as set, else
#                                               the service's own defaults)
#   BENCH_RESULTS=file                          also keep the raw rows there, and
#                                               each run's most called statements
#                                               (calls, rows, WAL, mean and total
#                                               time) in file.statements
#   BENCH_BASE=/abs/path/build/rel             also drive another commit's binaries
#                                               (the previous commit's build/rel) on
#                                               the same data, base and BUILD in turn,
#                                               BENCH_ROUNDS times (default 1); the
#                                               thr column names them base: and new:
#   BENCH_PATHS="get post"                      only these paths (get, post,
#                                               get-category, list-categories,
#                                               post-department; default all)
#   BENCH_TRACK=all                             list the statements triggers and
#                                               functions run too (pg_stat_statements
#                                               track=all: costs some CPU per
#                                               nested statement; default top)
#
# The data (phase "generate"): BENCH_TENANTS tenants, each with an API key, a
# category and a case filed through the API (its sealed citizen is copied
# into the generated cases, so reads open it), then BENCH_CASES cases over
# the tenants generated in SQL by tests/bench/casedesk_stats.sql (three
# years of filings: 20 categories, 40 liaison officers and routing rules per
# tenant, so filings are routed), then VACUUM ANALYZE.
#
# Paths: GET a case by id (random ids of a 100,000 sample of the generated
# cases, each with its tenant's key: tests/bench/bench_get_case.lua), POST a
# filing (random tenant and category, routed: bench_post_case.lua), GET a
# category by id, GET a page of 20 categories, POST a department. Before each
# wrk run: CHECKPOINT, pg_stat_statements_reset(), the WAL position, the
# service's round-trip counter (/metrics) and the CPU times from /proc: the
# service's (utime + stime of its pid) and PostgreSQL's (every process of
# the bench's own cluster: the postmaster's children, the postmaster itself
# and what its exited children used, cutime + cstime). After it the same
# again; the table gives per request: CPU µs of the service, of PostgreSQL
# and both, statements (pg_stat_statements calls, BEGIN/COMMIT/ROLLBACK
# apart as transactions), round trips, API-key and tenant lookups in the
# database (koers_auth_db_lookups_total: cache misses), WAL bytes (the WAL position's
# advance) and full-page images (pg_stat_statements wal_fpi: after the
# CHECKPOINT the first change of each page writes one, as after every
# checkpoint of a real server), and the ratios to the
# ceiling: throughput (req/s ÷ pgbench TPS) and CPU (the ceiling's
# PostgreSQL CPU µs per transaction ÷ the service + PostgreSQL µs per
# request). GETs are set against pgbench -S (read by key), POSTs against a
# single-row INSERT, both -M prepared with 16 clients.
#
# The scheduler's passes are off (KOERS_CASEDESK_SCHEDULER_EVERY_S=0): over
# a million cases they would land in random runs. The relay runs: its
# statements and WAL count in the POST rows; its round trips are on a
# connection of its own and not in koers_db_round_trips_total.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-16 64}
N=${BENCH_CASES:-1000000}
TENANTS=${BENCH_TENANTS:-4}
THREADS_LIST=${BENCH_THREADS:-${KOERS_HTTP_THREADS:-default}}
SAMPLE=100000
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PGBENCH=$KOERS_PG_BIN/pgbench
PSQL=$KOERS_PG_BIN/psql
CLK_TCK=$(getconf CLK_TCK)
bench_start=$(date +%s)

[ -x "$PGBENCH" ] || { echo "bench: $PGBENCH is missing" >&2; exit 1; }
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (make deps)" >&2; exit 1; }
[ "$TENANTS" -ge 1 ] && [ "$N" -ge "$TENANTS" ] || { echo "bench: BENCH_CASES < BENCH_TENANTS" >&2; exit 1; }

phases=""
phase_start=$(date +%s)
phase_end() { # name
    t=$(date +%s)
    phases="$phases$1 $((t - phase_start))s, "
    echo "bench: $1 took $((t - phase_start)) s"
    phase_start=$t
}

echo "bench: $(nproc) CPUs; $BUILD; $N cases over $TENANTS tenants; wrk -t2 -d${SECS}s at $CONNS connections; threads $THREADS_LIST"
# generating is not what is measured: fsync off until the data is in, then
# PostgreSQL restarts with fsync on for the ceiling and the runs
PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=1000 -c pg_stat_statements.track=${BENCH_TRACK:-top}"
KOERS_PG_OPTIONS=$PG_OPTS KOERS_PG_FSYNC=off koers_bench_begin casedesk
PGURL_BASE="postgresql://koers@127.0.0.1:$PG_PORT"
PG_PIDFILE=$(readlink -f "$work/stack/pgdata")/data/postmaster.pid
sql() { "$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" "$@"; }
psql_admin() { "$PSQL" -qAt -v ON_ERROR_STOP=1 "$PGURL_BASE/postgres" "$@"; }

# ---- the tenants, a case of each filed through the API -----------------------------
koers_bench_serve KOERS_CASEDESK_SCHEDULER_EVERY_S=0
json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
post() { # path body credential
    curl -sf -X POST -H "Authorization: Bearer $3" -H 'Content-Type: application/json' --data "$2" "$URL$1"
}
: >"$work/tenants"
i=1
while [ $i -le "$TENANTS" ]; do
    tenant=$(admin tenant-create --name "Gemeente Bench $i" --slug "bench-$i")
    key=$(admin apikey-create --tenant "$tenant" --name bench --scopes "cases:read cases:write")
    token=$(admin token --tenant "$tenant" --sub bench-coordinator --roles "coordinator" --ttl 3600)
    cat=$(post /casedesk/v1/categories '{"name":"Openbare ruimte","slaDays":10}' "$token" | json_field id)
    case_body="{\"categoryId\":\"$cat\",\"description\":\"Losliggende stoeptegel bij de bushalte\",\"district\":\"Centrum\",\"channel\":\"web\",\"citizen\":{\"name\":\"Jan de Vries\",\"email\":\"jan@voorbeeld.example\"}}"
    case=$(post /casedesk/v1/cases "$case_body" "$key" | json_field id)
    echo "$i $tenant $key $cat $case" >>"$work/tenants"
    i=$((i + 1))
done
koers_bench_stop
# tenant 1: the resource kit's endpoints and the department POST
read -r _ TENANT1 KEY1 CAT1 CASE1 <"$work/tenants"

# ---- data, in SQL -----------------------------------------------------------------
# loaded as a restore loads: the indexes that back no constraint are dropped
# and built again once the rows are in, and the foreign keys are not
# checked row by row (session_replication_role replica: the generator's
# rows refer to what it made); two tenants at a time (BENCH_GEN_JOBS)
idx_of="FROM pg_indexes i
   WHERE i.schemaname = 'casedesk' AND i.tablename IN ('cases', 'case_status_time', 'feedback')
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                      WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)"
sql -c "SELECT indexdef || ';' $idx_of" >"$work/indexes.sql"
sql -c "SELECT format('DROP INDEX %I.%I;', i.schemaname, i.indexname) $idx_of" | sql
t_gen=$(date +%s)
per=$((N / TENANTS))
jobs=${BENCH_GEN_JOBS:-2}
running=""
while read -r i tenant key cat case; do
    n=$per
    [ "$i" != 1 ] || n=$((N - per * (TENANTS - 1)))
    env PGOPTIONS="-c session_replication_role=replica" "$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" \
        -v tenant="$tenant" -v n="$n" -v sealed_case="$case" -v no_vacuum=1 \
        -f tests/bench/casedesk_stats.sql </dev/null >"$work/gen-$i.log" 2>&1 || touch "$work/gen-$i.failed" &
    running="$running $!"
    # shellcheck disable=SC2086
    set -- $running
    if [ $# -ge "$jobs" ]; then
        wait "$1" || true
        shift
        running="$*"
    fi
done <"$work/tenants"
wait
for f in "$work"/gen-*.failed; do
    [ -e "$f" ] || continue
    cat "${f%.failed}.log" >&2
    exit 1
done
t_rows=$(date +%s)
# the indexes, in two sessions
for half in 0 1; do
    (echo "SET maintenance_work_mem = '256MB';"; awk -v h=$half 'NR % 2 == h' "$work/indexes.sql") |
        sql >"$work/indexes-$half.log" 2>&1 || touch "$work/indexes-$half.failed" &
done
wait
for f in "$work"/indexes-*.failed; do
    [ -e "$f" ] || continue
    cat "${f%.failed}.log" >&2
    exit 1
done
t_indexes=$(date +%s)
sql -c "VACUUM ANALYZE" >/dev/null
t_analyze=$(date +%s)
sql -c "SELECT 'bench: ' || count(*) || ' cases, ' || count(DISTINCT tenant_id) || ' tenants, ' ||
    count(*) FILTER (WHERE status NOT IN ('resolved', 'closed')) || ' open, ' ||
    pg_size_pretty(pg_total_relation_size('casedesk.cases')) || ' with their indexes, ' ||
    (SELECT count(*) FROM casedesk.routing_rules) || ' routing rules, ' ||
    (SELECT count(*) FROM casedesk.liaison_officers) || ' officers' FROM casedesk.cases"
# what the runs pick from
while read -r i tenant key cat case; do
    sql -F ' ' -c "SELECT '$key', id FROM casedesk.categories WHERE tenant_id = '$tenant'" </dev/null
done <"$work/tenants" >"$work/post-categories"
while read -r i tenant key cat case; do
    sql -F ' ' -c "SELECT '$key', id FROM casedesk.cases
                    WHERE tenant_id = '$tenant' AND random() < $SAMPLE::float8 / $N" </dev/null
done <"$work/tenants" >"$work/get-cases"
echo "bench: $(wc -l <"$work/get-cases") case ids sampled for the GETs"
echo "bench: the rows in $((t_rows - t_gen)) s, their indexes in $((t_indexes - t_rows)) s, VACUUM ANALYZE in $((t_analyze - t_indexes)) s"
phase_end generate

# ---- PostgreSQL again, fsync on -------------------------------------------------------
koers_pg_stop "$work/stack"
KOERS_PG_OPTIONS=$PG_OPTS KOERS_PG_FSYNC=on koers_pg_start "$work/stack"
psql_admin -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
psql_admin -c "SHOW synchronous_commit" | sed 's/^/bench: synchronous_commit = /'
psql_admin -c "SHOW fsync" | sed 's/^/bench: fsync = /'
KOERS_DB_OID=$(psql_admin -c "SELECT oid FROM pg_database WHERE datname = 'koers'")

# PostgreSQL's CPU time so far in clock ticks: every process of this
# cluster (the postmaster's children), the postmaster itself and what its
# children that exited used (cutime + cstime of /proc/<pid>/stat; fields 14
# to 17, counted here after the parenthesised command name)
pg_ticks() {
    pm=$(head -n 1 "$PG_PIDFILE")
    # shellcheck disable=SC2046
    { cat "/proc/$pm/stat"; cat /dev/null $(ps -o pid= --ppid "$pm" | awk '{ print "/proc/" $1 "/stat" }') 2>/dev/null; } |
        sed 's/^.*) //' | awk 'NR == 1 { t += $12 + $13 + $14 + $15; next } { t += $12 + $13 } END { print t }'
}
# the service's CPU time so far, user + system, in clock ticks
svc_ticks() { sed 's/^.*) //' "/proc/$svc_pid/stat" | awk '{ print $12 + $13 }'; }

# ---- the PostgreSQL ceiling ----------------------------------------------------------
echo "bench: pgbench ceiling (16 clients, prepared, ${SECS}s each)"
psql_admin -c "CREATE DATABASE pgbench_ceiling" >/dev/null
PGB_DB="$PGURL_BASE/pgbench_ceiling"
"$PGBENCH" -i -s 10 -q "$PGB_DB" >"$work/pgbench-init.log" 2>&1 || { cat "$work/pgbench-init.log" >&2; exit 1; }
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$1" | tail -n 1; }
txs() { sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$1" | tail -n 1; }
ceiling() { # name pgbench-args... -> "tps µs-per-transaction"
    name=$1
    shift
    psql_admin -c "CHECKPOINT"
    sleep 0.3
    p0=$(pg_ticks)
    "$PGBENCH" "$@" -M prepared -c 16 -j 2 -T "$SECS" -n "$PGB_DB" >"$work/pgbench-$name.log" 2>&1 ||
        { cat "$work/pgbench-$name.log" >&2; exit 1; }
    sleep 0.3 # the backends exit, their CPU goes to the postmaster's cutime
    p1=$(pg_ticks)
    echo "$(tps "$work/pgbench-$name.log") $(awk -v t=$((p1 - p0)) -v n="$(txs "$work/pgbench-$name.log")" \
        -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
}
read -r PG_READ PG_READ_US <<EOF
$(ceiling read -S)
EOF
[ -n "$PG_READ" ] || exit 1
"$PSQL" -qAt "$PGB_DB" -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL,
    description text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())" >/dev/null
cat >"$work/insert.sql" <<'EOF'
INSERT INTO bench_insert (tenant_id, description, status) VALUES ('7d1c1b9e-1f5e-4c1a-9a8e-2b7a4c1d0e11', 'Losliggende stoeptegel bij de bushalte, graag snel repareren', 'received');
EOF
read -r PG_INSERT PG_INSERT_US <<EOF
$(ceiling insert -f "$work/insert.sql")
EOF
[ -n "$PG_INSERT" ] || exit 1
psql_admin -c "DROP DATABASE pgbench_ceiling" >/dev/null
printf 'bench: PostgreSQL read-by-key %.0f TPS (%s µs PostgreSQL CPU per transaction), single-row INSERT %.0f TPS (%s µs)\n' \
    "$PG_READ" "$PG_READ_US" "$PG_INSERT" "$PG_INSERT_US"
phase_end ceiling

# ---- casedesk --------------------------------------------------------------------------
DEPT_BODY='{"name":"Afdeling Beheer Openbare Ruimte"}'
cat >"$work/post-department.lua" <<EOF
wrk.method = "POST"
wrk.body = '$DEPT_BODY'
wrk.headers["Content-Type"] = "application/json"
EOF

kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$svc_pid/status"; }
# the service's round trips to PostgreSQL and its API-key and tenant
# lookups in the database so far (/metrics): "trips lookups" ("-" for a
# counter the binary does not have)
db_counters() {
    curl -s "$URL/metrics" | awk '
        /^koers_db_round_trips_total / { rt = $2 }
        /^koers_auth_db_lookups_total/ { au += $2; seen = 1 }
        END { print (rt == "" ? "-" : rt), (seen ? au : "-") }'
}

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

# run threads name method path conns ceiling-tps ceiling-µs script-arg
# [wrk options]: one measured wrk run against $URL$path (a script may
# choose the path itself: path is then its label; script-arg, when not
# empty, is given to the script); appends its row to $RESULTS
run() {
    thr=$1 name=$2 method=$3 path=$4 c=$5 ctps=$6 cus=$7 sarg=$8
    shift 8
    case " ${BENCH_PATHS:-$name} " in *" $name "*) ;; *) return 0 ;; esac
    echo "bench: ${tag}wrk $method $path, $c connections"
    target=$URL$path
    case $path in *"{id}"*) target=$URL/ ;; esac
    read -r r0 a0 <<EOF
$(db_counters)
EOF
    lsn0=$(psql_admin -c "CHECKPOINT" -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_current_wal_lsn()" | tail -n 1)
    sleep 0.3 # the psql backend exits before the CPU is read
    s0=$(svc_ticks)
    p0=$(pg_ticks)
    if [ -n "$sarg" ]; then
        wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" "$target" -- "$sarg" >"$work/wrk-$name-$c.log" 2>&1
    else
        wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" "$target" >"$work/wrk-$name-$c.log" 2>&1
    fi
    s1=$(svc_ticks)
    p1=$(pg_ticks)
    read -r r1 a1 <<EOF
$(db_counters)
EOF
    db=$(psql_admin -F ' ' -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn0')::bigint,
        coalesce(sum(calls) FILTER (WHERE upper(query) NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')), 0),
        coalesce(sum(calls) FILTER (WHERE upper(query) IN ('COMMIT', 'ROLLBACK')), 0),
        coalesce(sum(wal_fpi), 0)
        FROM pg_stat_statements WHERE dbid = $KOERS_DB_OID AND toplevel")
    { echo "== threads $thr, $method $path, $c connections: the most called statements (calls, rows, WAL bytes, mean µs, total ms, text)"
      psql_admin -F ' | ' -c "SELECT calls, rows, wal_bytes, round((mean_exec_time * 1000)::numeric, 1),
        round(total_exec_time::numeric), CASE WHEN toplevel THEN '' ELSE '(nested) ' END
        || left(regexp_replace(query, '\s+', ' ', 'g'), 160)
        FROM pg_stat_statements WHERE dbid = $KOERS_DB_OID ORDER BY toplevel DESC, calls DESC LIMIT 16"; } >>"$work/statements"
    rts=-
    [ "$r0" = - ] || [ "$r1" = - ] || rts=$((r1 - r0))
    auths=-
    [ "$a0" = - ] || [ "$a1" = - ] || auths=$((a1 - a0))
    echo "$tag$thr $method $path $c $(parse_wrk "$work/wrk-$name-$c.log") $((s1 - s0)) $((p1 - p0)) $db $rts $auths $ctps $cus" >>"$RESULTS"
}

RESULTS=$work/results
: >"$RESULTS"
RSS=$work/rss
: >"$RSS"
NEW_BUILD=$BUILD
builds=$NEW_BUILD
if [ -n "${BENCH_BASE:-}" ]; then
    builds=""
    i=0
    while [ $i -lt "${BENCH_ROUNDS:-1}" ]; do builds="$builds $BENCH_BASE $NEW_BUILD"; i=$((i + 1)); done
fi
for BUILD in $builds; do
tag=""
if [ -n "${BENCH_BASE:-}" ]; then
    tag="new:"
    [ "$BUILD" = "$NEW_BUILD" ] || tag="base:"
fi
for thr in $THREADS_LIST; do
    if [ "$thr" = default ]; then
        koers_bench_serve KOERS_CASEDESK_SCHEDULER_EVERY_S=0
    else
        pool=$thr
        [ -n "${BENCH_THREADS:-}" ] || pool=${KOERS_DB_POOL_SIZE:-$thr}
        koers_bench_serve KOERS_CASEDESK_SCHEDULER_EVERY_S=0 KOERS_HTTP_THREADS="$thr" KOERS_DB_POOL_SIZE="$pool"
    fi
    TOKEN=$(admin token --tenant "$TENANT1" --sub bench-coordinator --roles "coordinator" --ttl 7200)
    for u in "cases/$CASE1" "categories/$CAT1" "categories?limit=20"; do
        curl -sf -o /dev/null -H "Authorization: Bearer $KEY1" "$URL/casedesk/v1/$u" ||
            { echo "bench: GET /casedesk/v1/$u failed" >&2; exit 1; }
    done
    sleep 1
    rss_idle=$(kb VmRSS)
    pool=$(curl -s "$URL/metrics" | sed -n 's/^koers_db_pool_size \([0-9]*\).*/\1/p')
    echo "bench: casedesk with threads $thr, a pool of ${pool:-?}; warming up (GET and POST of cases, 3 s each)"
    maxc=$(echo "$CONNS" | tr ' ' '\n' | sort -n | tail -n 1)
    wrk -t2 -c"$maxc" -d3s -s tests/bench/bench_get_case.lua "$URL/" -- "$work/get-cases" >/dev/null 2>&1
    wrk -t2 -c"$maxc" -d3s -s tests/bench/bench_post_case.lua "$URL/" -- "$work/post-categories" >/dev/null 2>&1
    for c in $CONNS; do
        run "$thr" get GET "/casedesk/v1/cases/{id}" "$c" "$PG_READ" "$PG_READ_US" \
            "$work/get-cases" -s tests/bench/bench_get_case.lua
    done
    for c in $CONNS; do
        run "$thr" post POST /casedesk/v1/cases "$c" "$PG_INSERT" "$PG_INSERT_US" \
            "$work/post-categories" -s tests/bench/bench_post_case.lua
    done
    for c in $CONNS; do
        run "$thr" get-category GET "/casedesk/v1/categories/$CAT1" "$c" "$PG_READ" "$PG_READ_US" "" \
            -H "Authorization: Bearer $KEY1"
    done
    for c in $CONNS; do
        run "$thr" list-categories GET "/casedesk/v1/categories?limit=20" "$c" "$PG_READ" "$PG_READ_US" "" \
            -H "Authorization: Bearer $KEY1"
    done
    for c in $CONNS; do
        run "$thr" post-department POST /casedesk/v1/departments "$c" "$PG_INSERT" "$PG_INSERT_US" "" \
            -s "$work/post-department.lua" -H "Authorization: Bearer $TOKEN"
    done
    kill -0 "$svc_pid" 2>/dev/null || { echo "bench: casedesk died under load" >&2; exit 1; }
    echo "$tag$thr ${pool:-?} $rss_idle $(kb VmHWM)" >>"$RSS"
    koers_bench_stop
done
done
BUILD=$NEW_BUILD
# how many of the filings were routed
sql -c "SELECT 'bench: filings through the API: ' || count(*) || ', routed to an officer: ' ||
    count(officer_id) FROM casedesk.cases WHERE created_at > now() - interval '1 hour' AND reference ~ '^BV-[0-9]+-[0-9]{6}$'"
phase_end runs

echo
/usr/bin/python3 - "$RESULTS" "$RSS" "$CLK_TCK" "$CAT1" "$PG_READ" "$PG_READ_US" "$PG_INSERT" "$PG_INSERT_US" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
tck = float(sys.argv[3])
cat = sys.argv[4]
fmt = "%-36s %9s %5s %7s %8s %8s %7s %6s %6s %6s %5s %4s %4s %4s %6s %4s %6s %6s"
print(fmt % ("endpoint", "thr", "conns", "req/s", "p50", "p99", "non-2xx", "svc", "PG", "total", "stmt", "tx",
             "RT", "auth", "WAL", "FPI", "x TPS", "x CPU"))
print(fmt % ("", "", "", "", "", "", "", "µs/req", "µs/req", "µs/req", "/req", "/req", "/req", "/req",
             "B/req", "/req", "", ""))
for (thr, method, path, conns, rps, p50, p99, bad, n, sticks, pticks, wal, stmts, txs, fpi, rts,
     auths, ctps, cus) in rows:
    n = int(n)
    per = lambda v: float(v) / n if n else 0.0
    svc = 1e6 * per(sticks) / tck
    pg = 1e6 * per(pticks) / tck
    total = svc + pg
    name = method + " " + path.replace(cat, "{id}")
    print(fmt % (name, thr.replace("default", "dflt"), conns, "%.0f" % float(rps), p50, p99, bad, "%.0f" % svc, "%.0f" % pg,
                 "%.0f" % total, "%.2f" % per(stmts), "%.2f" % per(txs),
                 "%.2f" % per(rts) if rts != "-" else "-",
                 "%.2f" % per(auths) if auths != "-" else "-", "%.0f" % per(wal), "%.2f" % per(fpi),
                 "%.3f" % (float(rps) / float(ctps)) if float(ctps) else "-",
                 "%.3f" % (float(cus) / total) if total else "-"))
print()
print("PostgreSQL ceiling (pgbench, 16 clients, -M prepared): read-by-key (-S) %.0f TPS at %s µs "
      "PostgreSQL CPU per transaction, single-row INSERT %.0f TPS at %s µs"
      % (float(sys.argv[5]), sys.argv[6], float(sys.argv[7]), sys.argv[8]))
for line in open(sys.argv[2]):
    thr, pool, idle, peak = line.split()
    print("casedesk (threads %s, pool %s) RSS: idle %.1f MiB, peak (VmHWM) %.1f MiB"
          % (thr, pool, int(idle) / 1024, int(peak) / 1024))
PY
if [ -n "${BENCH_RESULTS:-}" ]; then
    { echo "# pg_read=$PG_READ pg_read_us=$PG_READ_US pg_insert=$PG_INSERT pg_insert_us=$PG_INSERT_US clk_tck=$CLK_TCK build=$BUILD cases=$N tenants=$TENANTS"
      echo "# threads method path conns rps p50 p99 non2xx requests svc_ticks pg_ticks wal_bytes statements transactions full_page_images round_trips auth_lookups ceiling_tps ceiling_us"
      cat "$RESULTS"; } >"$BENCH_RESULTS"
    cp "$work/statements" "$BENCH_RESULTS.statements"
fi
bad=$(awk '$8 != "0" { n++ } END { print n + 0 }' "$RESULTS")
if [ "$bad" != 0 ]; then
    echo "bench: WARNING: some runs had non-2xx answers or socket errors (see the non-2xx column)"
fi
echo "bench: phases: ${phases}total $(( $(date +%s) - bench_start )) s"
