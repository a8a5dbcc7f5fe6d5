#!/bin/sh
# Benchmark of the programmes service's dashboards (make bench-programmes;
# not part of make test): the release-built programmes service on its own
# PostgreSQL and Redis, one tenant with BENCH_PROGRAMMES (default 50)
# programmes generated in SQL after the service migrated its schema
# (tests/bench/programmes_data.sql: the first programme is the heavy one,
# with 2,000 people, 200 groups, 2,000 proposals, BENCH_ACTIVITIES (1,000)
# activities of BENCH_PARTICIPANTS (50) invitations, a manifest of 100
# statements with BENCH_VIEWS (500) views per statement in each of two
# rounds, 200 goals; tenant-wide BENCH_FEEDBACK (300,000) casedesk feedback
# answers and BENCH_LESSONS (10,000) lessons), analyzed. Times over HTTP
# (curl %{time_total}, BENCH_RUNS runs each, best and median) what a
# programme's dashboards ask: the monitor, the manifest's support (and by
# department, and its comments), goal trends, an activity's attendance and
# participants, the relapse signals, the lessons search, an action's trace
# and the lists a dashboard pages through. Each answer must be 200 and hold
# what the data say it holds (counts asserted, so an empty list cannot pass
# for a fast one).
#
#   BUILD=build/rel sh tests/bench/programmes.sh
#
# CPU per request from /proc around each request: the service's
# (utime+stime of its pid) and PostgreSQL's (every process of the bench's
# own cluster plus the postmaster's reaped children), the mean over the
# runs. BASE=/abs/build/rel (another worktree's release build, e.g. the
# previous commit's) also serves that binary on the same data and asks the
# two alternately, run by run; every answer to one question (base's and
# new's, each run) must be byte for byte the first one: the bench fails,
# showing the difference, otherwise.
#
# KOERS_BENCH_KEEP=1 keeps PostgreSQL running with the data afterwards (its
# directory and URL are printed last).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
NPROG=${BENCH_PROGRAMMES:-50}
NPEOPLE=${BENCH_PEOPLE:-5000}
NACT=${BENCH_ACTIVITIES:-1000}
NPART=${BENCH_PARTICIPANTS:-50}
NVIEWS=${BENCH_VIEWS:-500}
NFEEDBACK=${BENCH_FEEDBACK:-300000}
NLESSONS=${BENCH_LESSONS:-10000}
RUNS=${BENCH_RUNS:-20}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql

echo "bench-programmes: $(nproc) CPUs; $NPROG programmes, $NPEOPLE people; the heaviest: $NACT activities x $NPART invitations, $NVIEWS views per statement and round; $NFEEDBACK feedback answers, $NLESSONS lessons"
KOERS_PG_FSYNC=off koers_bench_begin programmes

# the periodic refresh of every indicator stays out of the timings
koers_bench_serve KOERS_PROGRAMMES_INDICATORS_EVERY_S=86400
BASE=${BASE:-}
base_pid=""
if [ -n "$BASE" ]; then
    [ -x "$BASE/bin/programmes" ] || { echo "bench-programmes: $BASE/bin/programmes is missing" >&2; exit 1; }
    BASE_PORT=$(koers_free_port)
    BASE_URL="http://127.0.0.1:$BASE_PORT"
    # the same public URL as the new one's: the answers' links must match
    env KOERS_PROGRAMMES_PORT="$BASE_PORT" KOERS_BIND_ADDR=127.0.0.1 KOERS_LOG_LEVEL=warn \
        KOERS_PUBLIC_BASE_URL="$URL" KOERS_PROGRAMMES_INDICATORS_EVERY_S=86400 \
        "$BASE/bin/programmes" </dev/null >"$work/programmes-base.log" 2>&1 &
    base_pid=$!
    trap 'rc0=$?; kill -TERM "$base_pid" 2>/dev/null || true; (exit $rc0); koers_bench_cleanup' EXIT
    koers_wait_ready "$BASE_URL" "$base_pid" "$work/programmes-base.log" "bench-programmes: the base" 30 ||
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
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-programmes)
TOKEN=$(admin token --tenant "$TENANT" --sub bench-coordinator --roles "coordinator" --ttl 7200)

# ---- data, in SQL ---------------------------------------------------------------
echo "bench-programmes: generating the data"
gen_start=$(date +%s)
"$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -v tenant="$TENANT" -v programmes="$NPROG" \
    -v people="$NPEOPLE" -v activities="$NACT" -v participants="$NPART" -v views="$NVIEWS" \
    -v feedback="$NFEEDBACK" -v lessons="$NLESSONS" \
    -f tests/bench/programmes_data.sql >"$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; exit 1; }
"$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT 'bench-programmes: ' ||
    (SELECT count(*) FROM programmes.programmes) || ' programmes, ' ||
    (SELECT count(*) FROM programmes.people) || ' people, ' ||
    (SELECT count(*) FROM programmes.groups) || ' groups, ' ||
    (SELECT count(*) FROM programmes.proposals) || ' proposals, ' ||
    (SELECT count(*) FROM programmes.actions) || ' actions, ' ||
    (SELECT count(*) FROM programmes.activities) || ' activities, ' ||
    (SELECT count(*) FROM programmes.activity_participants) || ' invitations, ' ||
    (SELECT count(*) FROM programmes.manifest_statements) || ' statements, ' ||
    (SELECT count(*) FROM programmes.consultation_views) || ' views, ' ||
    (SELECT count(*) FROM programmes.goals) || ' goals, ' ||
    (SELECT count(*) FROM programmes.indicators) || ' indicators, ' ||
    (SELECT count(*) FROM programmes.indicator_values) || ' indicator values, ' ||
    (SELECT count(*) FROM programmes.relapse_signals) || ' relapse signals, ' ||
    (SELECT count(*) FROM programmes.coaching_entries) || ' coaching entries, ' ||
    (SELECT count(*) FROM programmes.lessons) || ' lessons, ' ||
    (SELECT count(*) FROM programmes.casedesk_feedback) || ' feedback answers'"
echo "bench-programmes: generated in $(( $(date +%s) - gen_start )) s"
q() { "$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -c "$1"; }
HEAVY=$(q "SELECT id FROM programmes.programmes ORDER BY name LIMIT 1")
PLAIN=$(q "SELECT id FROM programmes.programmes ORDER BY name OFFSET $((NPROG / 2)) LIMIT 1")
MANIFEST=$(q "SELECT id FROM programmes.manifests WHERE programme_id = '$HEAVY' ORDER BY number DESC LIMIT 1")
GOAL_ALL=$(q "SELECT id FROM programmes.goals WHERE programme_id = '$HEAVY' AND name = 'Doel 1'")
GOAL_PULSE=$(q "SELECT id FROM programmes.goals WHERE programme_id = '$HEAVY' AND name = 'Doel 2'")
GOAL_PLAIN=$(q "SELECT id FROM programmes.goals WHERE programme_id = '$PLAIN' AND name = 'Doel 1'")
ACTIVITY=$(q "SELECT id FROM programmes.activities WHERE programme_id = '$HEAVY' AND status = 'completed'
              AND kind = 'e_learning' ORDER BY starts_at DESC LIMIT 1")
ACTION=$(q "SELECT a.id FROM programmes.actions a JOIN programmes.proposals p ON p.id = a.proposal_id
            WHERE a.programme_id = '$HEAVY' AND cardinality(p.derived_from) = 2 ORDER BY a.created_at LIMIT 1")

# ---- timings -------------------------------------------------------------------------
RESULTS=$work/results
: >"$RESULTS"
ask() { # label which url pid path check
    out=$work/body
    p0=$(pg_ticks); s0=$(ticks "$4")
    t=$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
        -H "Authorization: Bearer $TOKEN" "$3$5")
    s1=$(ticks "$4"); p1=$(pg_ticks)
    code=${t%% *}
    [ "$code" = 200 ] || { echo "bench-programmes: $5 answered $code:" >&2; head -c 500 "$out" >&2; exit 1; }
    echo "$1|$2|$t $((p1 - p0)) $((s1 - s0))" >>"$RESULTS"
    # every answer to one question, base's and new's, byte for byte the
    # first one's; the first one holds what the data say
    ref=$work/first-$(echo "$1" | tr -c 'a-z0-9\n' '_')
    if [ ! -e "$ref" ]; then
        /usr/bin/python3 - "$out" "$6" <<'PY' || { echo "bench-programmes: $5: the answer is not what the data hold ($6)" >&2; head -c 1000 "$out" >&2; exit 1; }
import json, sys
d = json.load(open(sys.argv[1]))
def n(x):
    return len(x["items"]) if isinstance(x, dict) else len(x)
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
        cp "$out" "$ref"
        echo "$2" >"$ref.which"
    elif ! cmp -s "$ref" "$out"; then
        echo "bench-programmes: FAILED: $5: $2's answer differs from $(cat "$ref.which")'s" \
            "($(wc -c <"$out") vs $(wc -c <"$ref") bytes; $(cmp "$ref" "$out" | sed 's/^[^ ]* [^ ]* //'))" >&2
        diff "$ref" "$out" | head -c 2000 >&2 || true
        exit 1
    fi
}
timeit() { # label path check (a Python expression on the answer d; n(d): its items)
    for _ in $(seq "$RUNS"); do
        [ -z "$BASE" ] || ask "$1" base "$BASE_URL" "$base_pid" "$2" "$3"
        ask "$1" new "$URL" "$svc_pid" "$2" "$3"
    done
}
P=/programmes/v1
TO=$(date -u +%Y-%m-%d)
FROM2=$(date -u -d "$TO - 729 days" +%Y-%m-%d)
timeit "monitor heaviest, 90 days" "$P/programmes/$HEAVY/monitor" \
    "d['activities']['completed'] > 0 and len(d['goals']) == 200 and d['manifest']['supportShare'] is not None and d['equalPartyShare']['answered'] > 0"
timeit "monitor heaviest, 2 years" "$P/programmes/$HEAVY/monitor?from=$FROM2&to=$TO" \
    "d['activities']['completed'] > 500 and d['relapseSignals'] > 0"
timeit "monitor ordinary, 90 days" "$P/programmes/$PLAIN/monitor" \
    "len(d['goals']) == 6 and d['proposals']['approved'] > 0"
timeit "manifest support" "$P/manifests/$MANIFEST/support" "n(d) == 200"
timeit "support by department" "$P/manifests/$MANIFEST/support?by=department" "n(d) == 4000"
timeit "support round 1 by dept" "$P/manifests/$MANIFEST/support?round=1&by=department" "n(d) == 2000"
timeit "comments round 1" "$P/manifests/$MANIFEST/comments?round=1" "n(d) > 10000"
timeit "trend goal, 4 kinds" "$P/goals/$GOAL_ALL/trend" \
    "len(d['indicators']) == 4 and all(len(i['values']) > 0 for i in d['indicators'])"
timeit "trend goal, 2 pulses" "$P/goals/$GOAL_PULSE/trend" \
    "len(d['indicators']) == 2 and all(len(i['values']) == 48 for i in d['indicators'])"
timeit "trend ordinary goal" "$P/goals/$GOAL_PLAIN/trend" "len(d['indicators']) == 4"
timeit "activity attendance" "$P/activities/$ACTIVITY/attendance" \
    "d['invited'] == $NPART and d['attended'] > 0 and d['progress'] is not None"
timeit "activity participants" "$P/activities/$ACTIVITY/participants" "n(d) == $NPART"
timeit "relapse signals, 20" "$P/programmes/$HEAVY/relapse-signals?limit=20" "n(d) == 20"
timeit "lessons search, 1 word" "$P/lessons/search?q=keukentafelgesprek&limit=20" "n(d) == 20"
timeit "lessons search, 2 words" "$P/lessons/search?q=buurtteam%20mandaat&limit=20" "n(d) > 0"
timeit "action trace" "$P/actions/$ACTION/trace" "len(d['derivedFrom']) == 2"
timeit "activities heaviest, 20" "$P/activities?programmeId=$HEAVY&limit=20" "n(d) == 20"
timeit "activities ordinary, 20" "$P/activities?programmeId=$PLAIN&limit=20" "n(d) == 20"
timeit "proposals submitted, 20" "$P/proposals?programmeId=$HEAVY&status=submitted&limit=20" "n(d) == 20"
timeit "actions heaviest, 20" "$P/actions?programmeId=$HEAVY&limit=20" "n(d) == 20"
timeit "coaching heaviest, 20" "$P/coaching-entries?programmeId=$HEAVY&limit=20" "n(d) == 20"
timeit "lessons, 20" "$P/lessons?limit=20" "n(d) == 20"
# a sanity line: the heaviest programme's monitor
curl -s -H "Authorization: Bearer $TOKEN" "$URL$P/programmes/$HEAVY/monitor" |
    /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("bench-programmes: heaviest monitor: activities", json.dumps(d["activities"]), "manifest", json.dumps(d["manifest"]), "equalPartyShare", json.dumps(d["equalPartyShare"]))'

echo "bench-programmes: programmes RSS after the runs: $(awk '/^VmRSS/ {print $2 " " $3}' "/proc/$svc_pid/status"), peak $(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$svc_pid/status")"
echo
/usr/bin/python3 - "$RESULTS" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
rows = {}
hz = float(sys.argv[2])
for line in open(sys.argv[1]):
    label, which, rest = line.rstrip("\n").split("|")
    code, t, size, pg, svc = rest.split()
    rows.setdefault((label, which), []).append((float(t), int(size), int(pg), int(svc)))
print("%-26s %-4s %9s %9s %9s %11s %11s %9s" % ("answer", "bin", "best", "median", "worst",
                                               "svc CPU/r", "PG CPU/r", "body"))
for (label, which), v in rows.items():
    ts = sorted(x[0] for x in v)
    svc = sum(x[3] for x in v) * 1000 / hz / len(v)
    pg = sum(x[2] for x in v) * 1000 / hz / len(v)
    print("%-26s %-4s %7.1fms %7.1fms %7.1fms %9.1fms %9.1fms %7.1fkB" % (
        label, which, ts[0] * 1000, statistics.median(ts) * 1000, ts[-1] * 1000, svc, pg,
        v[0][1] / 1024))
print("(CPU: the mean per request of the runs, from /proc; PG = the bench's own cluster)")
PY
