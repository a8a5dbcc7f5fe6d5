# Shared shell helpers to run the six services (any number of replicas of
# each) and a tenant with its credentials on a stack of tests/lib/stack.sh.
# Sourced (POSIX sh, after stack.sh) by tests/lib/harness.sh, the start of
# tests/faults/run.sh (make test-faults), tests/backup/drill.sh (make
# test-backup), tests/soak/run.sh (make soak) and tests/hostile/run.sh.
#
#   koers_secrets_env FILE          -> writes FILE once (JWT secret, casedesk's
#                                      data, index and link keys, the
#                                      notifications keyring) and exports them:
#                                      the same FILE gives the same secrets
#                                      (a restored database needs its keys)
#   koers_svc_start DIR NAME SERVICE PORT
#                                   -> starts $BUILD/bin/SERVICE as NAME (a
#                                      replica's name, e.g. casedesk2) on
#                                      127.0.0.1:PORT; log DIR/NAME.log, pid
#                                      DIR/NAME.pid; waits for /readyz (60 s)
#   koers_svc_stop DIR NAME         -> SIGTERM (30 s, then SIGKILL)
#   koers_tenant_create FILE        -> a tenant (slug KOERS_TENANT_SLUG, else
#                                      a new proefdorp-...) and its credentials
#                                      with koers-admin, written to FILE as
#                                      VAR=value lines (TENANT_ID, TENANT_SLUG, KEY: every
#                                      portal scope, EVENTS_KEY: events:read,
#                                      TOKEN: coordinator admin, STOKEN:
#                                      survey_manager, NKEY_READ:
#                                      notifications:read)
#   koers_services_up DIR REPLICAS  -> the gateway and REPLICAS replicas of
#                                      every service (casedesk, casedesk2,
#                                      ...) on PostgreSQL and Redis already
#                                      running; ports chosen once (DIR/ports,
#                                      kept for a start again); the tenant of
#                                      DIR/tenant.env (made when missing);
#                                      DIR/replicas lists "NAME PORT"
#   koers_services_down DIR         -> SIGTERM to every replica, then the
#                                      gateway; fails when one did not exit 0
#
# The services that read other services' events (processes: casedesk's;
# programmes: surveys' and processes'; notifications: all four) read them
# from KOERS_SOURCES_URL (the gateway in front of every replica) with
# KOERS_EVENTS_KEY; notifications may call back receivers on this machine
# over http (the tests' receivers), as `make up` allows. From the caller's environment: BUILD (build/rel),
# KOERS_DATABASE_URL, KOERS_REDIS_URL, KOERS_GATEWAY_URL (also the public
# base URL), KOERS_SOURCES_URL, KOERS_EVENTS_KEY (empty until
# koers_tenant_create made one: start the consumers after it).

koers_secrets_env() {
    sfile=$1
    if [ ! -s "$sfile" ]; then
        (
            umask 077
            {
                printf 'KOERS_JWT_SECRET=%s\n' "$(openssl rand -hex 32)"
                printf 'KOERS_CASEDESK_DATA_KEYS=t1:%s\n' "$(openssl rand -base64 32)"
                printf 'KOERS_CASEDESK_INDEX_KEY=%s\n' "$(openssl rand -base64 32)"
                printf 'KOERS_CASEDESK_LINK_SECRET=%s\n' "$(openssl rand -hex 32)"
                printf 'KOERS_NOTIFICATIONS_SECRET_KEYS=t1:%s\n' "$(openssl rand -base64 32)"
            } >"$sfile"
        )
    fi
    # shellcheck disable=SC1090
    . "$sfile"
    export KOERS_JWT_SECRET KOERS_CASEDESK_DATA_KEYS KOERS_CASEDESK_INDEX_KEY KOERS_CASEDESK_LINK_SECRET \
        KOERS_NOTIFICATIONS_SECRET_KEYS
}

koers_svc_start() {
    sdir=$1; sname=$2; ssvc=$3; sport=$4
    src=${KOERS_SOURCES_URL:-$KOERS_GATEWAY_URL}
    ekey=${KOERS_EVENTS_KEY:-}
    set --
    case "$ssvc" in
    casedesk) set -- KOERS_CASEDESK_PORT="$sport" ;;
    surveys) set -- KOERS_SURVEYS_PORT="$sport" ;;
    iam) set -- KOERS_IAM_PORT="$sport" KOERS_OIDC_ALLOW_HTTP=1 ;;
    processes)
        set -- KOERS_PROCESSES_PORT="$sport" KOERS_PROCESSES_CASEDESK_URL="$src" \
            KOERS_PROCESSES_CASEDESK_EVENTS_KEY="$ekey" KOERS_PROCESSES_CASEDESK_POLL_S=1
        ;;
    programmes)
        set -- KOERS_PROGRAMMES_PORT="$sport" KOERS_PROGRAMMES_SURVEYS_URL="$src" \
            KOERS_PROGRAMMES_PROCESSES_URL="$src" KOERS_PROGRAMMES_CASEDESK_URL="$src" \
            KOERS_PROGRAMMES_EVENTS_KEY="$ekey" KOERS_PROGRAMMES_EVENTS_POLL_S=1
        ;;
    notifications)
        set -- KOERS_NOTIFICATIONS_PORT="$sport" KOERS_NOTIFICATIONS_CASEDESK_URL="$src" \
            KOERS_NOTIFICATIONS_SURVEYS_URL="$src" KOERS_NOTIFICATIONS_PROCESSES_URL="$src" \
            KOERS_NOTIFICATIONS_PROGRAMMES_URL="$src" KOERS_NOTIFICATIONS_EVENTS_KEY="$ekey" \
            KOERS_NOTIFICATIONS_EVENTS_POLL_S=1 KOERS_NOTIFICATIONS_ALLOW_HTTP=1 \
            KOERS_NOTIFICATIONS_ALLOW_NETS=127.0.0.0/8,::1/128
        ;;
    *) echo "koers_svc_start: unknown service $ssvc" >&2; return 2 ;;
    esac
    env "$@" KOERS_BIND_ADDR=127.0.0.1 KOERS_PUBLIC_BASE_URL="$KOERS_GATEWAY_URL" \
        KOERS_HTTP_THREADS="${KOERS_HTTP_THREADS:-4}" KOERS_OUTBOX_POLL_MS="${KOERS_OUTBOX_POLL_MS:-100}" \
        "${BUILD:-build/rel}/bin/$ssvc" </dev/null >>"$sdir/$sname.log" 2>&1 &
    echo $! >"$sdir/$sname.pid"
    echo "$sport" >"$sdir/$sname.port"
    koers_wait_ready "http://127.0.0.1:$sport" "$(cat "$sdir/$sname.pid")" "$sdir/$sname.log" "$sname"
}

koers_svc_stop() {
    koers_pidfile_stop "$1/$2.pid" 30
}

koers_tenant_create() {
    tfile=$1
    _adm() { "${BUILD:-build/rel}/bin/koers-admin" "$@" 2>>"$tfile.log"; }
    tslug=${KOERS_TENANT_SLUG:-proefdorp-$(date +%s)-$$}
    tid=$(_adm tenant-create --name "Gemeente Proefdorp" --slug "$tslug") || return 1
    (
        umask 077
        {
            echo "TENANT_ID=$tid"
            echo "TENANT_SLUG=$tslug"
            echo "KEY=$(_adm apikey-create --tenant "$tid" --name "portaal" --scopes \
                "cases:read cases:write surveys:read surveys:respond processes:read programmes:read notifications:subscribe notifications:read")"
            echo "EVENTS_KEY=$(_adm apikey-create --tenant "$tid" --name "consumers" --scopes "events:read")"
            echo "NKEY_READ=$(_adm apikey-create --tenant "$tid" --name "meldingen lezen" --scopes "notifications:read")"
            echo "TOKEN=$(_adm token --tenant "$tid" --sub "fault-coordinator" --roles "coordinator admin" --ttl 43200)"
            echo "STOKEN=$(_adm token --tenant "$tid" --sub "fault-manager" --roles "survey_manager" --ttl 43200)"
        } >"$tfile"
    )
    ! grep -q '=$' "$tfile" || { cat "$tfile.log" >&2; return 1; }
}

KOERS_SERVICE_NAMES="casedesk surveys processes programmes notifications iam"

koers_services_up() {
    udir=$1; urep=$2
    mkdir -p "$udir"
    if [ ! -s "$udir/ports" ]; then
        for us in $KOERS_SERVICE_NAMES; do
            ur=1
            while [ $ur -le "$urep" ]; do
                un=$us; [ $ur = 1 ] || un=$us$ur
                echo "$us $un $(koers_free_port)" >>"$udir/ports"
                ur=$((ur + 1))
            done
        done
    fi
    _ups() { awk -v s="$1" '$1 == s { printf "%s127.0.0.1:%s", (n++ ? "," : ""), $3 }' "$udir/ports"; }
    koers_gateway_start "$udir/gateway" "$(_ups casedesk)" "$(_ups surveys)" "$(_ups processes)" \
        "$(_ups programmes)" "$(_ups notifications)" "$(_ups iam)" || return 1
    : >"$udir/replicas"
    for us in $KOERS_SERVICE_NAMES; do
        case "$us" in processes)
            [ -s "$udir/tenant.env" ] || koers_tenant_create "$udir/tenant.env" || return 1
            # shellcheck disable=SC1091
            . "$udir/tenant.env"
            KOERS_EVENTS_KEY=$EVENTS_KEY
            ;;
        esac
        while read -r s n p; do
            [ "$s" = "$us" ] || continue
            koers_svc_start "$udir" "$n" "$s" "$p" || return 1
            echo "$n $p" >>"$udir/replicas"
        done <"$udir/ports"
    done
}

koers_services_down() {
    ddir=$1; drc=0
    [ -f "$ddir/replicas" ] || { koers_gateway_stop "$ddir/gateway"; return 0; }
    while read -r n p; do
        [ -f "$ddir/$n.pid" ] || continue
        dpid=$(cat "$ddir/$n.pid")
        kill -TERM "$dpid" 2>/dev/null || true
    done <"$ddir/replicas"
    while read -r n p; do
        [ -f "$ddir/$n.pid" ] || continue
        dpid=$(cat "$ddir/$n.pid")
        i=0
        while kill -0 "$dpid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
        if kill -0 "$dpid" 2>/dev/null; then
            echo "$n did not stop within 30 s of SIGTERM: killed" >&2
            kill -KILL "$dpid" 2>/dev/null || true
            drc=1
        elif wait "$dpid" 2>/dev/null; then :; else
            wrc=$?
            # 127: not this shell's child (started by another shell)
            [ "$wrc" = 127 ] || { echo "$n exited with status $wrc (want 0 after SIGTERM)" >&2; drc=1; }
        fi
        rm -f "$ddir/$n.pid"
    done <"$ddir/replicas"
    koers_gateway_stop "$ddir/gateway"
    return $drc
}
