# Shared shell helpers to start and stop a throwaway PostgreSQL and Redis on
# free loopback ports. Sourced (POSIX sh) by deploy/local/up.sh, the
# integration and black-box test runners and the benchmark.
#
#   koers_free_port                 -> prints a free TCP port on 127.0.0.1
#   koers_pg_start DIR              -> initdb + start in DIR; sets PG_PORT and
#                                      KOERS_DATABASE_URL; logs in DIR/log;
#                                      fsync as KOERS_PG_FSYNC says (on), more
#                                      server options in KOERS_PG_OPTIONS
#                                      ("-c name=value ...", none by default)
#   koers_pg_stop DIR
#   koers_pg_kill DIR               -> SIGKILL to every process of it (a crash)
#   koers_redis_start DIR           -> sets REDIS_PORT and KOERS_REDIS_URL
#   koers_redis_stop DIR
#   koers_wait_http URL SECONDS     -> waits until URL answers 200
#
# PostgreSQL refuses to run as root: as root the cluster runs as the
# `postgres` system user, with its data in a private temporary folder that
# DIR/pgdata links to (DIR may sit where that user cannot reach).

KOERS_PG_BIN=${KOERS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

koers_free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_koers_as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

koers_pg_start() {
    dir=$1
    mkdir -p "$dir"
    PG_PORT=${PG_PORT:-$(koers_free_port)}
    if [ ! -e "$dir/pgdata" ]; then
        if [ "$(id -u)" = 0 ]; then
            real=$(mktemp -d "${TMPDIR:-/tmp}/koers-pg.XXXXXX")
            chown postgres:postgres "$real"
            ln -s "$real" "$dir/pgdata"
        else
            mkdir -p "$dir/pgdata"
        fi
        _koers_as_pg "$KOERS_PG_BIN/initdb" -D "$(readlink -f "$dir/pgdata")/data" -U koers --auth=trust \
            -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    fi
    pglog=$(readlink -f "$dir/pgdata")/postgres.log
    _koers_as_pg "$KOERS_PG_BIN/pg_ctl" -D "$(readlink -f "$dir/pgdata")/data" -l "$pglog" -w -t 60 \
        -o "-h 127.0.0.1 -p $PG_PORT -k '' -c max_connections=300 -c shared_buffers=256MB -c fsync=${KOERS_PG_FSYNC:-on}${KOERS_PG_OPTIONS:+ $KOERS_PG_OPTIONS}" \
        start >/dev/null || { cat "$pglog" >&2; return 1; }
    "$KOERS_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U koers -d postgres -qAtc \
        "SELECT 1 FROM pg_database WHERE datname='koers'" | grep -q 1 ||
        "$KOERS_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U koers koers
    echo "$PG_PORT" >"$dir/pg.port"
    KOERS_DATABASE_URL="postgresql://koers@127.0.0.1:$PG_PORT/koers"
    export PG_PORT KOERS_DATABASE_URL
}

koers_pg_stop() {
    dir=$1
    [ -e "$dir/pgdata/data/postmaster.pid" ] || return 0
    _koers_as_pg "$KOERS_PG_BIN/pg_ctl" -D "$(readlink -f "$dir/pgdata")/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Kills the cluster as a crash would: SIGKILL to the postmaster and every
# process of it at once (no shutdown checkpoint). koers_pg_start DIR with
# the same PG_PORT starts it again on the same data (crash recovery).
koers_pg_kill() {
    dir=$1
    pmfile=$(readlink -f "$dir/pgdata")/data/postmaster.pid
    [ -f "$pmfile" ] || return 0
    pm=$(head -n 1 "$pmfile")
    # shellcheck disable=SC2046
    kill -KILL "$pm" $(ps -o pid= --ppid "$pm") 2>/dev/null || true
    i=0
    while kill -0 "$pm" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# Removes the cluster's files (also the private folder when root).
koers_pg_destroy() {
    dir=$1
    koers_pg_stop "$dir"
    if [ -L "$dir/pgdata" ]; then rm -rf "$(readlink -f "$dir/pgdata")"; fi
    rm -rf "$dir/pgdata"
}

koers_redis_start() {
    dir=$1
    mkdir -p "$dir"
    REDIS_PORT=${REDIS_PORT:-$(koers_free_port)}
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
        --daemonize yes --pidfile "$(cd "$dir" && pwd)/redis.pid" \
        --logfile "$(cd "$dir" && pwd)/redis.log" >/dev/null
    i=0
    until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do
        i=$((i + 1)); [ $i -gt 100 ] && { echo "redis did not start" >&2; return 1; }
        sleep 0.1
    done
    echo "$REDIS_PORT" >"$dir/redis.port"
    KOERS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export REDIS_PORT KOERS_REDIS_URL
}

koers_redis_stop() {
    dir=$1
    [ -f "$dir/redis.pid" ] || return 0
    rpid=$(cat "$dir/redis.pid")
    kill "$rpid" 2>/dev/null || true
    i=0
    while kill -0 "$rpid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    rm -f "$dir/redis.pid"
}

koers_wait_http() {
    url=$1; secs=${2:-30}; i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
        i=$((i + 1)); [ $i -gt $((secs * 10)) ] && { echo "timeout waiting for $url" >&2; return 1; }
        sleep 0.1
    done
}

# ---- gateway and service processes ------------------------------------------
#   koers_gateway_start DIR UPSTREAM [SURVEYS_UPSTREAM [PROCESSES_UPSTREAM [PROGRAMMES_UPSTREAM
#                       [NOTIFICATIONS_UPSTREAM [IAM_UPSTREAM]]]]]
#                                   -> renders deploy/gateway's template into
#                                      DIR, starts nginx with DIR as prefix
#                                      (pid, logs, temp inside); its error
#                                      log (stderr) goes through
#                                      deploy/gateway/redact.sed into
#                                      DIR/error.log; sets GATEWAY_PORT and
#                                      KOERS_GATEWAY_URL (KOERS_ROOT: the
#                                      repository, default .)
#   koers_gateway_stop DIR
#   koers_pidfile_stop FILE SECONDS  -> SIGTERM the pid in FILE, wait (then
#                                      SIGKILL); returns the wait status
#                                      when the process was our child
#   koers_service_start BIN PORT LOG PIDFILE [VAR=VALUE ...]
#                                   -> starts a service binary on
#                                      127.0.0.1:PORT (KOERS_PORT) with the
#                                      variables given, its output in LOG,
#                                      its pid in PIDFILE; waits up to 60 s
#                                      for /readyz (stop: koers_pidfile_stop)

KOERS_NGINX=${KOERS_NGINX:-$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)}

koers_gateway_start() {
    gdir=$1; upstream=$2; surveys_upstream=${3:-${KOERS_SURVEYS_UPSTREAM:-127.0.0.1:8082}}
    processes_upstream=${4:-${KOERS_PROCESSES_UPSTREAM:-127.0.0.1:8083}}
    programmes_upstream=${5:-${KOERS_PROGRAMMES_UPSTREAM:-127.0.0.1:8084}}
    notifications_upstream=${6:-${KOERS_NOTIFICATIONS_UPSTREAM:-127.0.0.1:8085}}
    iam_upstream=${7:-${KOERS_IAM_UPSTREAM:-127.0.0.1:8086}}
    mkdir -p "$gdir"
    gdir=$(cd "$gdir" && pwd)
    GATEWAY_PORT=${GATEWAY_PORT:-$(koers_free_port)}
    KOERS_GATEWAY_PORT=$GATEWAY_PORT KOERS_CASEDESK_UPSTREAM=$upstream \
        KOERS_SURVEYS_UPSTREAM=$surveys_upstream KOERS_PROCESSES_UPSTREAM=$processes_upstream \
        KOERS_PROGRAMMES_UPSTREAM=$programmes_upstream KOERS_NOTIFICATIONS_UPSTREAM=$notifications_upstream \
        KOERS_IAM_UPSTREAM=$iam_upstream \
        KOERS_GATEWAY_WORKERS=${KOERS_GATEWAY_WORKERS:-2} \
        sh "${KOERS_ROOT:-.}/deploy/gateway/render.sh" "$gdir/nginx.conf" || return 1
    # nginx writes its error log to stderr, a pipe read by the redaction
    # filter (it ends when the last nginx process has closed the pipe; it
    # ignores the terminal's and the test runner's signals, as the daemon
    # does)
    rm -f "$gdir/error.pipe"
    mkfifo "$gdir/error.pipe" || return 1
    (trap '' HUP INT TERM; exec sed -u -E -f "${KOERS_ROOT:-.}/deploy/gateway/redact.sed" \
        <"$gdir/error.pipe" >>"$gdir/error.log") &
    filter_pid=$!
    if ! "$KOERS_NGINX" -p "$gdir" -c "$gdir/nginx.conf" -e stderr 2>"$gdir/error.pipe"; then
        wait "$filter_pid" 2>/dev/null || true
        cat "$gdir/error.log" >&2
        return 1
    fi
    i=0
    until curl -s -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/healthz"; do
        i=$((i + 1)); [ $i -gt 100 ] && { echo "gateway did not start" >&2; cat "$gdir/error.log" >&2; return 1; }
        sleep 0.1
    done
    echo "$GATEWAY_PORT" >"$gdir/gateway.port"
    KOERS_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
    export GATEWAY_PORT KOERS_GATEWAY_URL
}

koers_gateway_stop() {
    gdir=$1
    [ -f "$gdir/gateway.pid" ] || return 0
    koers_pidfile_stop "$gdir/gateway.pid" 10 >/dev/null 2>&1 || true
}

koers_pidfile_stop() {
    pf=$1; secs=${2:-10}
    [ -f "$pf" ] || return 0
    spid=$(cat "$pf")
    [ -n "$spid" ] || { rm -f "$pf"; return 0; }
    kill -TERM "$spid" 2>/dev/null || { rm -f "$pf"; return 0; }
    i=0
    while kill -0 "$spid" 2>/dev/null && [ $i -lt $((secs * 10)) ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$spid" 2>/dev/null; then
        echo "pid $spid did not stop in ${secs}s: killing it" >&2
        kill -KILL "$spid" 2>/dev/null || true
        rm -f "$pf"
        return 1
    fi
    rm -f "$pf"
    return 0
}

# koers_wait_ready url pid log name [seconds]: waits until url/readyz
# answers 200 (default at most 60 s); 1, with the log's last lines, when the
# process exits first or time runs out.
koers_wait_ready() {
    wr_url=$1; wr_pid=$2; wr_log=$3; wr_name=$4; wr_max=$((${5:-60} * 10))
    wr_i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$wr_url/readyz")" = 200 ]; do
        if ! kill -0 "$wr_pid" 2>/dev/null; then
            echo "$wr_name exited at start:" >&2
            tail -n 20 "$wr_log" >&2
            return 1
        fi
        wr_i=$((wr_i + 1))
        [ $wr_i -le $wr_max ] || { echo "$wr_name not ready after $((wr_max / 10)) s" >&2; return 1; }
        sleep 0.1
    done
}

koers_service_start() {
    sbin=$1; sport=$2; slog=$3; spidf=$4
    shift 4
    env KOERS_PORT="$sport" KOERS_BIND_ADDR=127.0.0.1 "$@" "$sbin" </dev/null >"$slog" 2>&1 &
    echo $! >"$spidf"
    koers_wait_ready "http://127.0.0.1:$sport" "$(cat "$spidf")" "$slog" "$sbin"
}
