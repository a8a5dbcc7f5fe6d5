# Shared by the benchmarks that run one service on its own PostgreSQL and
# Redis (tests/bench/casedesk_stats.sh, surveys_results.sh, processes.sh).
# Sourced (POSIX sh) after tests/lib/stack.sh, with BUILD set.
#
#   koers_bench_begin SERVICE  -> a work folder ($work), the cleanup on exit
#                                 (the service stopped, then Redis and
#                                 PostgreSQL; with KOERS_BENCH_KEEP=1 and a
#                                 clean run PostgreSQL and its data stay,
#                                 its folder and URL printed), PostgreSQL
#                                 (fsync as KOERS_PG_FSYNC says) and Redis
#                                 started
#   koers_bench_serve [VAR=value ...]
#                              -> $BUILD/bin/SERVICE on a free port of
#                                 127.0.0.1 with that extra environment and
#                                 a JWT secret of the bench's own (the same
#                                 for every start of one bench, so tokens
#                                 and the keys derived from it stay valid),
#                                 ready; sets URL and svc_pid; its log is
#                                 $work/SERVICE.log
#   koers_bench_stop           -> stops that service (SIGTERM, then SIGKILL
#                                 after 10 s)
#   admin ARGS...              -> $BUILD/bin/koers-admin, its errors shown

koers_bench_stop() {
    if [ -n "$svc_pid" ] && kill -0 "$svc_pid" 2>/dev/null; then
        kill -TERM "$svc_pid" 2>/dev/null || true
        i=0
        while kill -0 "$svc_pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$svc_pid" 2>/dev/null || true
        wait "$svc_pid" 2>/dev/null || true
    fi
    svc_pid=""
}

koers_bench_cleanup() {
    rc=$?
    trap - EXIT INT TERM
    koers_bench_stop
    koers_redis_stop "$work/stack"
    if [ -n "${KOERS_BENCH_KEEP:-}" ] && [ "$rc" = 0 ]; then
        # stop it later with: . tests/lib/stack.sh; koers_pg_destroy DIR
        echo "bench-$bench_service: kept $work/stack, $KOERS_DATABASE_URL"
        exit 0
    fi
    koers_pg_destroy "$work/stack"
    if [ "$rc" != 0 ] && [ -f "$work/$bench_service.log" ]; then tail -n 30 "$work/$bench_service.log" >&2; fi
    rm -rf "$work"
    exit "$rc"
}

koers_bench_begin() {
    bench_service=$1
    for t in "$BUILD/bin/$bench_service" "$BUILD/bin/koers-admin"; do
        [ -x "$t" ] || { echo "bench-$bench_service: $t is missing (make)" >&2; exit 1; }
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/koers-bench-$bench_service.XXXXXX")
    svc_pid=""
    trap koers_bench_cleanup EXIT
    trap 'exit 130' INT TERM
    koers_pg_start "$work/stack"
    koers_redis_start "$work/stack"
}

koers_bench_serve() {
    [ -n "${bench_jwt_secret:-}" ] || bench_jwt_secret=$(openssl rand -hex 32)
    KOERS_JWT_SECRET=$bench_jwt_secret
    export KOERS_JWT_SECRET
    PORT=$(koers_free_port)
    URL="http://127.0.0.1:$PORT"
    env "KOERS_$(echo "$bench_service" | tr 'a-z' 'A-Z')_PORT=$PORT" KOERS_BIND_ADDR=127.0.0.1 \
        KOERS_LOG_LEVEL="${KOERS_LOG_LEVEL:-warn}" KOERS_PUBLIC_BASE_URL="$URL" "$@" \
        "$BUILD/bin/$bench_service" </dev/null >"$work/$bench_service.log" 2>&1 &
    svc_pid=$!
    koers_wait_ready "$URL" "$svc_pid" "$work/$bench_service.log" "bench-$bench_service" 30 || exit 1
}

admin() {
    "$BUILD/bin/koers-admin" "$@" 2>>"$work/admin.log" || { cat "$work/admin.log" >&2; return 1; }
}
