#!/bin/sh
# Benchmark of the surveys results (make bench-surveys; not part of make
# test): a survey of 11 questions of every type, both audiences, and
# BENCH_RESPONSES (default 100,000) responses with an answer to every
# question, generated in SQL; a second wave with a fifth of that. Times,
# through HTTP (curl %{time_total}, BENCH_RUNS runs each, best and median):
# the full results, the gap analysis, the wave comparison and the CSV export
# of the responses; with the CPU time per request of the service and of
# PostgreSQL (from /proc).
#
#   BUILD=build/rel sh tests/bench/surveys_results.sh
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
N=${BENCH_RESPONSES:-100000}
RUNS=${BENCH_RUNS:-5}
# shellcheck source=../lib/stack.sh
. "$root/tests/lib/stack.sh"
# shellcheck source=../lib/bench.sh
. "$root/tests/lib/bench.sh"
PSQL=$KOERS_PG_BIN/psql

echo "bench-surveys: $(nproc) CPUs; $N responses x 11 questions"
koers_bench_begin surveys

koers_bench_serve
TENANT=$(admin tenant-create --name "Gemeente Bench" --slug bench-surveys)
TOKEN=$(admin token --tenant "$TENANT" --sub bench-manager --roles "survey_manager" --ttl 3600)
S1=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4())')
S2=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4())')

# ---- data, in SQL ---------------------------------------------------------------
echo "bench-surveys: generating the data"
gen_start=$(date +%s)
"$PSQL" -qAt -v ON_ERROR_STOP=1 "$KOERS_DATABASE_URL" -v tenant="$TENANT" -v s1="$S1" -v s2="$S2" \
    -v n="$N" >"$work/gen.log" 2>&1 <<'SQL' || { cat "$work/gen.log" >&2; exit 1; }
SET search_path TO surveys;
INSERT INTO core_values (id, tenant_id, name)
SELECT gen_random_uuid(), :'tenant', 'Waarde ' || g FROM generate_series(1, 12) g;
INSERT INTO surveys (id, tenant_id, title, kind, audiences, status, series_id, wave) VALUES
  (:'s1', :'tenant', 'Klimaatmonitor 2026', 'climate_monitor', '{citizens,employees}', 'closed', :'s1', 1),
  (:'s2', :'tenant', 'Klimaatmonitor 2027', 'climate_monitor', '{citizens,employees}', 'closed', :'s1', 2);
INSERT INTO questions (id, tenant_id, survey_id, position, code, text, type, options)
SELECT gen_random_uuid(), :'tenant', s.id, q.pos, q.code, 'Vraag ' || q.code, q.type, q.options::jsonb
FROM (VALUES (:'s1'::uuid), (:'s2'::uuid)) s(id),
     (VALUES (1, 'trust', 'likert5', '{}'), (2, 'workload', 'likert5', '{}'),
             (3, 'clarity', 'likert5', '{}'), (4, 'pride', 'likert5', '{}'),
             (5, 'support', 'likert7', '{}'), (6, 'recommend', 'nps', '{}'),
             (7, 'channel', 'single_choice', '{"choices":[{"value":"web","label":"Web"},{"value":"phone","label":"Telefoon"},{"value":"desk","label":"Balie"}]}'),
             (8, 'topics', 'multiple_choice', '{"choices":[{"value":"afval","label":"Afval"},{"value":"groen","label":"Groen"},{"value":"wegen","label":"Wegen"},{"value":"zorg","label":"Zorg"},{"value":"veilig","label":"Veiligheid"}],"maxChoices":3}'),
             (9, 'priorities', 'ranking', '{"choices":[{"value":"a","label":"A"},{"value":"b","label":"B"},{"value":"c","label":"C"},{"value":"d","label":"D"}]}'),
             (10, 'values', 'value_selection', '{"pick":3}'),
             (11, 'remarks', 'open_text', '{"maxLength":1000}')) q(pos, code, type, options);
CREATE TEMP TABLE r AS
SELECT gen_random_uuid() AS id, s.id AS survey_id,
       CASE WHEN random() < 0.5 THEN 'citizens' ELSE 'employees' END AS audience
FROM (VALUES (:'s1'::uuid, :n::int), (:'s2'::uuid, (:n::int / 5))) s(id, cnt),
     LATERAL generate_series(1, s.cnt);
INSERT INTO responses (id, tenant_id, survey_id, audience, submitted_on)
SELECT id, :'tenant', survey_id, audience, current_date - (random() * 20)::int FROM r;
CREATE TEMP TABLE cv AS SELECT array_agg(id ORDER BY name) AS ids FROM core_values WHERE tenant_id = :'tenant';
INSERT INTO answers (response_id, question_id, tenant_id, survey_id, audience,
                     num_value, choice, choices, ranking, text_value, value_ids)
SELECT r.id, q.id, :'tenant', r.survey_id, r.audience,
       CASE q.type WHEN 'likert5' THEN 1 + (random() * 4)::int
                   WHEN 'likert7' THEN 1 + (random() * 6)::int
                   WHEN 'nps' THEN (random() * 10)::int END,
       CASE q.type WHEN 'single_choice' THEN (ARRAY['web','phone','desk'])[1 + (random() * 2)::int] END,
       CASE q.type WHEN 'multiple_choice' THEN
            (ARRAY['{afval,groen}', '{wegen}', '{zorg,veilig,groen}', '{afval}', '{groen,wegen}'])
            [1 + (random() * 4)::int]::text[] END,
       CASE q.type WHEN 'ranking' THEN
            (ARRAY['{a,b,c,d}', '{b,a,d,c}', '{c,d,a,b}', '{d,c,b,a}'])
            [1 + (random() * 3)::int]::text[] END,
       CASE q.type WHEN 'open_text' THEN 'Opmerking ' || md5(random()::text) END,
       CASE q.type WHEN 'value_selection' THEN
            ARRAY[cv.ids[1 + (random() * 3)::int], cv.ids[5 + (random() * 3)::int], cv.ids[9 + (random() * 3)::int]] END
FROM r JOIN questions q ON q.tenant_id = :'tenant' AND q.survey_id = r.survey_id
CROSS JOIN cv;
VACUUM ANALYZE answers;
VACUUM ANALYZE responses;
SQL
"$PSQL" -qAt "$KOERS_DATABASE_URL" -c "SELECT 'bench-surveys: ' || count(*) || ' answers of ' ||
    (SELECT count(*) FROM surveys.responses) || ' responses generated' FROM surveys.answers"
echo "bench-surveys: generated in $(( $(date +%s) - gen_start )) s"

# ---- timings -------------------------------------------------------------------------
RESULTS=$work/results
: >"$RESULTS"
# CPU time (utime+stime, and of reaped children) in clock ticks of the
# service and of the bench's own PostgreSQL (the postmaster and every
# backend), from /proc, around each endpoint's runs
pm=$(head -n 1 "$(readlink -f "$work/stack/pgdata")/data/postmaster.pid")
cpu_ticks() {
    for p in "$@"; do
        [ -r "/proc/$p/stat" ] && sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13 + $14 + $15}'
    done | awk '{s += $1} END {print s + 0}'
}
# shellcheck disable=SC2046 # one pid a word
pg_ticks() { cpu_ticks "$pm" $(ps -o pid= --ppid "$pm"); }
timeit() { # label path
    out=$work/body
    s0=$(cpu_ticks "$svc_pid"); p0=$(pg_ticks)
    for _ in $(seq "$RUNS"); do
        t=$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
            -H "Authorization: Bearer $TOKEN" "$URL$2")
        code=${t%% *}
        [ "$code" = 200 ] || { echo "bench-surveys: $2 answered $code:" >&2; head -c 500 "$out" >&2; exit 1; }
        echo "$1 $t" >>"$RESULTS"
    done
    echo "cpu $1 $(( $(cpu_ticks "$svc_pid") - s0 )) $(( $(pg_ticks) - p0 ))" >>"$RESULTS"
}
base=/surveys/v1/surveys/$S1
timeit results "$base/results"
timeit results_citizens "$base/results?audience=citizens"
timeit gap "$base/gap?audienceA=citizens&audienceB=employees"
timeit comparison "$base/comparison?with=$S2"
timeit export_csv "$base/export?format=csv&what=responses"
timeit export_results "$base/export?format=csv&what=results"


echo
/usr/bin/python3 - "$RESULTS" "$N" "$RUNS" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
rows, cpu = {}, {}
runs, tck = int(sys.argv[3]), int(sys.argv[4])
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "cpu":
        cpu[f[1]] = (int(f[2]) * 1000.0 / tck / runs, int(f[3]) * 1000.0 / tck / runs)
        continue
    label, code, t, size = f
    rows.setdefault(label, []).append((float(t), int(size)))
print("%-18s %9s %9s %11s %13s %13s" % ("endpoint (%s responses)" % sys.argv[2], "best", "median",
                                        "body", "service CPU", "PG CPU/req"))
for label, v in rows.items():
    ts = sorted(t for t, _ in v)
    print("%-18s %8.0fms %8.0fms %9.1fkB %11.1fms %11.1fms" % (
        label, ts[0] * 1000, statistics.median(ts) * 1000, v[0][1] / 1024, cpu[label][0], cpu[label][1]))
PY
