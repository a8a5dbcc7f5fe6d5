#!/bin/sh
# Runs each libFuzzer target of tests/fuzz for FUZZ_SECONDS (default 60),
# one at a time under nice, and prints per target the executions, exec/s,
# coverage (cov: edges, ft: features), corpus size and crashes.
#
#   BUILD=build/fuzz FUZZ_SECONDS=60 sh tests/fuzz/run.sh [fuzz_x ...]
#
# Corpus: tests/fuzz/corpus/<target>/ (committed seeds, read only) and
# $BUILD/corpus/<target>/ (what the runs find; outside the repository).
# A crash, a leak, UB or a timeout fails the target; its input is kept as
# $BUILD/crashes/<target>-<kind>-<sha1>. The exit status is 1 when any
# target failed. Extra libFuzzer flags: FUZZ_FLAGS (e.g. -runs=10000000
# for a run bounded by executions instead of time: then set FUZZ_SECONDS=0).
set -u
cd "$(dirname "$0")/../.."

BUILD=${BUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
targets=$*
[ -n "$targets" ] || targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)

mkdir -p "$BUILD/crashes" "$BUILD/logs"
summary=$(mktemp "${TMPDIR:-/tmp}/koers-fuzz.XXXXXX")
trap 'rm -f "$summary"' EXIT
failed=0
for t in $targets; do
    bin=$BUILD/fuzz/$t
    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin is not built (make FLAVOUR=fuzz fuzz-built)" >&2
        failed=1
        continue
    fi
    mkdir -p "$BUILD/corpus/$t" "tests/fuzz/corpus/$t"
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
    log=$BUILD/logs/$t.log
    echo "== $t: ${FUZZ_SECONDS}s"
    # stdout closed: the code under test may log; libFuzzer's own report
    # and the sanitizers' go to stderr
    # shellcheck disable=SC2086
    nice -n 10 "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$BUILD/crashes/$t-" \
        $dict $FUZZ_FLAGS "$BUILD/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    corp=$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' "$log" | tail -n 1 | cut -d' ' -f2)
    crashes=0
    if [ "$rc" -ne 0 ]; then
        crashes=1
        failed=1
        grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log" | head -n 5
        grep -E '^artifact_prefix|Test unit written to' "$log" | tail -n 1
        echo "== $t FAILED (log: $log)"
    fi
    printf '%-22s %12s %8s %7s %8s %10s %7s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
        "${ft:-?}" "${corp:-?}" "$crashes" >>"$summary"
done
echo
printf '%-22s %12s %8s %7s %8s %10s %7s\n' target executions exec/s cov ft corpus crashes
cat "$summary"
[ "$failed" -eq 0 ] && echo "fuzz: all targets passed" || echo "fuzz: FAILED"
exit "$failed"
