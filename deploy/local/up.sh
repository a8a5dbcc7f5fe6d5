#!/bin/sh
# `make up`: starts the local stack from the build in $BUILD (build/rel):
# PostgreSQL and Redis (unless KOERS_DATABASE_URL / KOERS_REDIS_URL point at
# external ones), casedesk, surveys, processes, programmes, notifications, iam and the nginx gateway, all on
# 127.0.0.1, with every pid, log and data file in the run folder
# ${KOERS_RUN_DIR:-run}.
# Creates a demo tenant, an API key and a staff token once (run/demo.env).
# Starts the local OpenID Connect provider (deploy/idp, development only)
# with one demo user per staff role and registers it as the demo tenant's
# identity provider (deploy/local/idp_up.sh; everything in run/idp).
# Running it again while the stack runs is harmless: what runs is kept,
# what is missing is started. `make down` stops it.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
KOERS_ROOT=$root
BUILD=${BUILD:-build/rel}
RUN=${KOERS_RUN_DIR:-run}
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
# shellcheck source=../../tests/lib/stack.sh
. "$root/tests/lib/stack.sh"

say() { printf 'up: %s\n' "$*"; }
die() { printf 'up: %s\n' "$*" >&2; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_free() {
    /usr/bin/python3 -c 'import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}

for b in casedesk koers-admin; do
    [ -x "$BUILD/bin/$b" ] || die "$BUILD/bin/$b is missing: run 'make build' first"
done
command -v "$KOERS_NGINX" >/dev/null 2>&1 || [ -x "$KOERS_NGINX" ] || die "nginx not found: run 'make deps'"

# ---- secrets (generated once, kept in the run folder, never committed) ------
if [ ! -s "$RUN/secrets.env" ]; then
    umask 077
    secret=$(openssl rand -hex 32 2>/dev/null || od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    printf 'KOERS_JWT_SECRET=%s\n' "$secret" >"$RUN/secrets.env"
    umask 022
fi
# casedesk's keys (added to a run folder made before they existed)
if ! grep -q '^KOERS_CASEDESK_DATA_KEYS=' "$RUN/secrets.env"; then
    umask 077
    {
        printf 'KOERS_CASEDESK_DATA_KEYS=local1:%s\n' "$(openssl rand -base64 32)"
        printf 'KOERS_CASEDESK_INDEX_KEY=%s\n' "$(openssl rand -base64 32)"
        printf 'KOERS_CASEDESK_LINK_SECRET=%s\n' "$(openssl rand -hex 32)"
    } >>"$RUN/secrets.env"
    umask 022
fi
# notifications' keyring for the subscribers' secrets at rest (auth values,
# signing secrets)
if ! grep -q '^KOERS_NOTIFICATIONS_SECRET_KEYS=' "$RUN/secrets.env"; then
    umask 077
    printf 'KOERS_NOTIFICATIONS_SECRET_KEYS=local1:%s\n' "$(openssl rand -base64 32)" >>"$RUN/secrets.env"
    umask 022
fi
# shellcheck disable=SC1091
. "$RUN/secrets.env"
export KOERS_JWT_SECRET KOERS_CASEDESK_DATA_KEYS KOERS_CASEDESK_INDEX_KEY KOERS_CASEDESK_LINK_SECRET \
    KOERS_NOTIFICATIONS_SECRET_KEYS

# ---- PostgreSQL and Redis ---------------------------------------------------
STACK=$RUN/stack
mkdir -p "$STACK"
if [ -n "${KOERS_DATABASE_URL:-}" ]; then
    say "PostgreSQL: external ($KOERS_DATABASE_URL)"
else
    if [ -f "$STACK/pg.port" ] && "$KOERS_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$STACK/pg.port")" 2>/dev/null &&
        [ -e "$STACK/pgdata/data/postmaster.pid" ]; then
        PG_PORT=$(cat "$STACK/pg.port")
        KOERS_DATABASE_URL="postgresql://koers@127.0.0.1:$PG_PORT/koers"
        say "PostgreSQL: already running on 127.0.0.1:$PG_PORT"
    else
        if [ -f "$STACK/pg.port" ] && port_free "$(cat "$STACK/pg.port")"; then PG_PORT=$(cat "$STACK/pg.port"); fi
        koers_pg_start "$STACK" || die "PostgreSQL did not start"
        say "PostgreSQL: started on 127.0.0.1:$PG_PORT (data in $STACK/pgdata)"
    fi
fi
export KOERS_DATABASE_URL

if [ -n "${KOERS_REDIS_URL:-}" ]; then
    say "Redis: external ($KOERS_REDIS_URL)"
else
    if alive "$STACK/redis.pid" && [ -f "$STACK/redis.port" ]; then
        REDIS_PORT=$(cat "$STACK/redis.port")
        KOERS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
        say "Redis: already running on 127.0.0.1:$REDIS_PORT"
    else
        if [ -f "$STACK/redis.port" ] && port_free "$(cat "$STACK/redis.port")"; then REDIS_PORT=$(cat "$STACK/redis.port"); fi
        koers_redis_start "$STACK" || die "Redis did not start"
        say "Redis: started on 127.0.0.1:$REDIS_PORT"
    fi
fi
export KOERS_REDIS_URL

# ---- ports: the gateway's is fixed (8080 unless told), casedesk's is free ---
GW=$RUN/gateway
mkdir -p "$GW"
if alive "$GW/gateway.pid" && [ -f "$GW/gateway.port" ]; then
    GATEWAY_PORT=$(cat "$GW/gateway.port")
else
    GATEWAY_PORT=${KOERS_GATEWAY_PORT:-8080}
    if ! port_free "$GATEWAY_PORT"; then
        [ -z "${KOERS_GATEWAY_PORT:-}" ] || die "port $GATEWAY_PORT (KOERS_GATEWAY_PORT) is in use"
        GATEWAY_PORT=$(koers_free_port)
        say "port 8080 is in use: the gateway takes $GATEWAY_PORT (set KOERS_GATEWAY_PORT to choose)"
    fi
fi
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"

# ---- the workplace (services/web): its packages, and the provider's port ----
# The gateway serves the workplace from services/web and its installed
# packages; the local identity provider's origin goes into the workplace's
# Content-Security-Policy (connect-src: the token endpoint), so its port is
# chosen before the gateway starts (deploy/local/idp_up.sh takes it).
sh services/web/install.sh || die "the workplace's packages could not be installed (services/web/install.sh)"
mkdir -p "$RUN/idp"
if alive "$RUN/idp/idp.pid" && [ -f "$RUN/idp/idp.port" ]; then
    IDP_PORT=$(cat "$RUN/idp/idp.port")
elif [ -f "$RUN/idp/idp.port" ] && port_free "$(cat "$RUN/idp/idp.port")"; then
    IDP_PORT=$(cat "$RUN/idp/idp.port")
else
    IDP_PORT=$(koers_free_port)
fi
KOERS_WEB_CONNECT_SRC="http://127.0.0.1:$IDP_PORT${KOERS_WEB_CONNECT_SRC:+ $KOERS_WEB_CONNECT_SRC}"
export KOERS_WEB_CONNECT_SRC

# ---- services: casedesk, and the others when they are built ----------------
# start_service NAME PORT_VARIABLE: starts $BUILD/bin/NAME on a free port (the
# one of the last run when free), waits for /readyz; prints the port last
start_service() {
    name=$1; portvar=$2
    if alive "$RUN/$name.pid" && [ -f "$RUN/$name.port" ]; then
        say "$name: already running on 127.0.0.1:$(cat "$RUN/$name.port") (pid $(cat "$RUN/$name.pid"))" >&2
        cat "$RUN/$name.port"
        return 0
    fi
    sport=""
    if [ -f "$RUN/$name.port" ] && port_free "$(cat "$RUN/$name.port")"; then sport=$(cat "$RUN/$name.port"); fi
    sport=${sport:-$(koers_free_port)}
    echo "$sport" >"$RUN/$name.port"
    printf '\n==== %s %s start\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" >>"$RUN/$name.log"
    # KOERS_OIDC_ALLOW_HTTP=1: the local provider serves discovery and its
    # JWKS over http on 127.0.0.1 (LOCAL USE ONLY; production keeps 0)
    env "$portvar=$sport" KOERS_BIND_ADDR=127.0.0.1 KOERS_PUBLIC_BASE_URL="$GATEWAY_URL" KOERS_OIDC_ALLOW_HTTP=1 \
        nohup "$BUILD/bin/$name" </dev/null >>"$RUN/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
    i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/readyz")" = 200 ]; do
        if ! alive "$RUN/$name.pid"; then
            tail -n 20 "$RUN/$name.log" >&2
            rm -f "$RUN/$name.pid"
            die "$name exited at start (log: $RUN/$name.log)"
        fi
        i=$((i + 1)); [ $i -le 300 ] || { tail -n 20 "$RUN/$name.log" >&2; die "$name not ready after 30 s"; }
        sleep 0.1
    done
    say "$name: started on 127.0.0.1:$sport (log $RUN/$name.log)" >&2
    echo "$sport"
}
CASEDESK_PORT=$(start_service casedesk KOERS_CASEDESK_PORT) || exit 1
SURVEYS_PORT=""
if [ -x "$BUILD/bin/surveys" ]; then
    SURVEYS_PORT=$(start_service surveys KOERS_SURVEYS_PORT) || exit 1
else
    say "surveys: $BUILD/bin/surveys is not built: /surveys/v1 answers 503 until it is"
fi
# without a surveys process the gateway still routes /surveys/v1 (to a port
# nothing listens on: 503 problem documents)
SURVEYS_UPSTREAM=127.0.0.1:${SURVEYS_PORT:-$(cat "$RUN/surveys.port" 2>/dev/null || echo 8082)}
# iam: the tenants' identity providers, the sign-in answer, /me. LOCAL USE
# ONLY: a provider on this machine (loopback) may be registered over http;
# a real deployment keeps KOERS_OIDC_ALLOW_HTTP=0 (koers-admin idp-set reads
# it too).
KOERS_OIDC_ALLOW_HTTP=${KOERS_OIDC_ALLOW_HTTP:-1}
export KOERS_OIDC_ALLOW_HTTP
IAM_PORT=""
if [ -x "$BUILD/bin/iam" ]; then
    IAM_PORT=$(start_service iam KOERS_IAM_PORT) || exit 1
else
    say "iam: $BUILD/bin/iam is not built: /iam/v1 answers 503 until it is"
fi
IAM_UPSTREAM=127.0.0.1:${IAM_PORT:-$(cat "$RUN/iam.port" 2>/dev/null || echo 8086)}
# processes, programmes and notifications start below, once the demo tenant's events key
# exists (they read the other services' events with it); their ports are
# chosen now, for the gateway
reserve_port() { # NAME: keeps the port of the last run when free
    name=$1
    if [ -x "$BUILD/bin/$name" ]; then
        if ! { alive "$RUN/$name.pid" && [ -f "$RUN/$name.port" ]; } &&
            ! { [ -f "$RUN/$name.port" ] && port_free "$(cat "$RUN/$name.port")"; }; then
            koers_free_port >"$RUN/$name.port"
        fi
    else
        say "$name: $BUILD/bin/$name is not built: /$name/v1 answers 503 until it is"
    fi
}
PROCESSES_PORT=""
PROGRAMMES_PORT=""
NOTIFICATIONS_PORT=""
reserve_port processes
reserve_port programmes
reserve_port notifications
PROCESSES_UPSTREAM=127.0.0.1:$(cat "$RUN/processes.port" 2>/dev/null || echo 8083)
PROGRAMMES_UPSTREAM=127.0.0.1:$(cat "$RUN/programmes.port" 2>/dev/null || echo 8084)
NOTIFICATIONS_UPSTREAM=127.0.0.1:$(cat "$RUN/notifications.port" 2>/dev/null || echo 8085)

# ---- gateway ----------------------------------------------------------------
if alive "$GW/gateway.pid"; then
    # rendered again: a service's port, the provider's origin, the
    # workplace's import map (its hash) or its /vendor/ files may have
    # changed; reloaded when the configuration did
    KOERS_GATEWAY_PORT=$GATEWAY_PORT KOERS_CASEDESK_UPSTREAM=127.0.0.1:$CASEDESK_PORT \
        KOERS_SURVEYS_UPSTREAM=$SURVEYS_UPSTREAM KOERS_PROCESSES_UPSTREAM=$PROCESSES_UPSTREAM \
        KOERS_PROGRAMMES_UPSTREAM=$PROGRAMMES_UPSTREAM KOERS_NOTIFICATIONS_UPSTREAM=$NOTIFICATIONS_UPSTREAM \
        KOERS_IAM_UPSTREAM=$IAM_UPSTREAM KOERS_GATEWAY_WORKERS=${KOERS_GATEWAY_WORKERS:-2} \
        sh deploy/gateway/render.sh "$GW/nginx.conf.new"
    if ! cmp -s "$GW/nginx.conf.new" "$GW/nginx.conf"; then
        mv "$GW/nginx.conf.new" "$GW/nginx.conf"
        "$KOERS_NGINX" -p "$GW" -c "$GW/nginx.conf" -e stderr -s reload
        say "gateway: reloaded for casedesk on port $CASEDESK_PORT, surveys on $SURVEYS_UPSTREAM, processes on $PROCESSES_UPSTREAM, programmes on $PROGRAMMES_UPSTREAM, notifications on $NOTIFICATIONS_UPSTREAM, iam on $IAM_UPSTREAM, the workplace with the provider $KOERS_WEB_CONNECT_SRC"
    else
        rm -f "$GW/nginx.conf.new"
        say "gateway: already running on $GATEWAY_URL"
    fi
else
    koers_gateway_start "$GW" "127.0.0.1:$CASEDESK_PORT" "$SURVEYS_UPSTREAM" "$PROCESSES_UPSTREAM" \
        "$PROGRAMMES_UPSTREAM" "$NOTIFICATIONS_UPSTREAM" "$IAM_UPSTREAM" || die "the gateway did not start (log: $GW/error.log)"
    say "gateway: started on $GATEWAY_URL"
fi

# ---- demo tenant, API key, staff token --------------------------------------
DEMO=$RUN/demo.env
KEY_SCOPES="cases:read cases:write surveys:read surveys:respond processes:read programmes:read notifications:subscribe notifications:read"
admin() { "$BUILD/bin/koers-admin" "$@" 2>>"$RUN/admin.log" || { tail -n 5 "$RUN/admin.log" >&2; return 1; }; }
if [ ! -s "$DEMO" ] || ! grep -q '^TENANT_ID=' "$DEMO"; then
    # the slug may be taken when the run folder lost demo.env but kept data
    TENANT_SLUG=demodorp
    tenant=$(admin tenant-create --name "Gemeente Demodorp" --slug "$TENANT_SLUG" 2>/dev/null) || {
        TENANT_SLUG="demodorp-$(date +%s)"
        tenant=$(admin tenant-create --name "Gemeente Demodorp" --slug "$TENANT_SLUG")
    } || die "koers-admin tenant-create failed"
    umask 077
    printf 'TENANT_ID=%s\nTENANT_SLUG=%s\n' "$tenant" "$TENANT_SLUG" >"$DEMO"
    umask 022
    say "demo tenant $tenant created"
fi
# shellcheck disable=SC1090
. "$DEMO"
# the demo key (made again when an older run folder has one without the
# surveys scopes)
if [ -z "${KEY:-}" ] || [ "${KEY_SCOPES_MADE:-}" != "$KEY_SCOPES" ]; then
    KEY=$(admin apikey-create --tenant "$TENANT_ID" --name "demo portal" --scopes "$KEY_SCOPES") ||
        die "koers-admin apikey-create failed"
    KEY_SCOPES_MADE=$KEY_SCOPES
fi
# the key with which processes, programmes and notifications read the other
# services' events: it may read the events and nothing else
if [ -z "${EVENTS_KEY:-}" ]; then
    EVENTS_KEY=$(admin apikey-create --tenant "$TENANT_ID" --name "processes: casedesk events" --scopes "events:read") ||
        die "koers-admin apikey-create (events) failed"
fi
if [ -x "$BUILD/bin/processes" ]; then
    KOERS_PROCESSES_CASEDESK_URL=http://127.0.0.1:$CASEDESK_PORT
    KOERS_PROCESSES_CASEDESK_EVENTS_KEY=$EVENTS_KEY
    export KOERS_PROCESSES_CASEDESK_URL KOERS_PROCESSES_CASEDESK_EVENTS_KEY
    PROCESSES_PORT=$(start_service processes KOERS_PROCESSES_PORT) || exit 1
fi
if [ -x "$BUILD/bin/programmes" ]; then
    KOERS_PROGRAMMES_SURVEYS_URL=${SURVEYS_PORT:+http://127.0.0.1:$SURVEYS_PORT}
    KOERS_PROGRAMMES_PROCESSES_URL=${PROCESSES_PORT:+http://127.0.0.1:$PROCESSES_PORT}
    KOERS_PROGRAMMES_CASEDESK_URL=http://127.0.0.1:$CASEDESK_PORT
    KOERS_PROGRAMMES_EVENTS_KEY=$EVENTS_KEY
    export KOERS_PROGRAMMES_SURVEYS_URL KOERS_PROGRAMMES_PROCESSES_URL KOERS_PROGRAMMES_CASEDESK_URL \
        KOERS_PROGRAMMES_EVENTS_KEY
    PROGRAMMES_PORT=$(start_service programmes KOERS_PROGRAMMES_PORT) || exit 1
fi
# notifications follows the four others' events (a source that is not
# running is left out) and delivers them to the demo's subscribers.
# LOCAL USE ONLY: http callbacks and callbacks on this machine (loopback) are
# allowed so that `make demo` can subscribe a receiver on 127.0.0.1; a real
# deployment keeps KOERS_NOTIFICATIONS_ALLOW_HTTP=0 and ALLOW_NETS empty.
if [ -x "$BUILD/bin/notifications" ]; then
    KOERS_NOTIFICATIONS_CASEDESK_URL=http://127.0.0.1:$CASEDESK_PORT
    KOERS_NOTIFICATIONS_SURVEYS_URL=${SURVEYS_PORT:+http://127.0.0.1:$SURVEYS_PORT}
    KOERS_NOTIFICATIONS_PROCESSES_URL=${PROCESSES_PORT:+http://127.0.0.1:$PROCESSES_PORT}
    KOERS_NOTIFICATIONS_PROGRAMMES_URL=${PROGRAMMES_PORT:+http://127.0.0.1:$PROGRAMMES_PORT}
    KOERS_NOTIFICATIONS_EVENTS_KEY=$EVENTS_KEY
    KOERS_NOTIFICATIONS_ALLOW_HTTP=1
    KOERS_NOTIFICATIONS_ALLOW_NETS=127.0.0.0/8,::1/128
    export KOERS_NOTIFICATIONS_CASEDESK_URL KOERS_NOTIFICATIONS_SURVEYS_URL KOERS_NOTIFICATIONS_PROCESSES_URL \
        KOERS_NOTIFICATIONS_PROGRAMMES_URL KOERS_NOTIFICATIONS_EVENTS_KEY KOERS_NOTIFICATIONS_ALLOW_HTTP \
        KOERS_NOTIFICATIONS_ALLOW_NETS
    NOTIFICATIONS_PORT=$(start_service notifications KOERS_NOTIFICATIONS_PORT) || exit 1
fi
now=$(date +%s)
if [ -z "${TOKEN:-}" ] || [ $((now - ${TOKEN_ISSUED:-0})) -gt 21600 ]; then
    TOKEN=$(admin token --tenant "$TENANT_ID" --sub "demo-coordinator" --roles "coordinator admin" --ttl 43200) ||
        die "koers-admin token failed"
    TOKEN_ISSUED=$now
    EMP_TOKENS=""
fi
# four employees of the demo (role employee, subs demo-emp1..4) for the
# culture part of make demo: their views in a consultation, their buddy
# check-ins
if [ -z "${EMP_TOKENS:-}" ]; then
    for i in 1 2 3 4; do
        t=$(admin token --tenant "$TENANT_ID" --sub "demo-emp$i" --roles "employee" --ttl 43200) ||
            die "koers-admin token (employee) failed"
        EMP_TOKENS="${EMP_TOKENS:+$EMP_TOKENS }$t"
    done
fi
# ---- staff sign-in: the local OpenID Connect provider -----------------------
# shellcheck source=idp_up.sh
. "$root/deploy/local/idp_up.sh"

umask 077
{
    echo "TENANT_ID=$TENANT_ID"
    echo "TENANT_SLUG=${TENANT_SLUG:-demodorp}"
    echo "KEY=$KEY"
    echo "KEY_SCOPES_MADE=\"$KEY_SCOPES_MADE\""
    echo "EVENTS_KEY=$EVENTS_KEY"
    echo "TOKEN=$TOKEN"
    echo "TOKEN_ISSUED=$TOKEN_ISSUED"
    echo "EMP_TOKENS=\"$EMP_TOKENS\""
    echo "KOERS_GATEWAY_URL=$GATEWAY_URL"
    echo "CASEDESK_URL=http://127.0.0.1:$CASEDESK_PORT"
    [ -z "$SURVEYS_PORT" ] || echo "SURVEYS_URL=http://127.0.0.1:$SURVEYS_PORT"
    [ -z "$PROCESSES_PORT" ] || echo "PROCESSES_URL=http://127.0.0.1:$PROCESSES_PORT"
    [ -z "$PROGRAMMES_PORT" ] || echo "PROGRAMMES_URL=http://127.0.0.1:$PROGRAMMES_PORT"
    [ -z "$NOTIFICATIONS_PORT" ] || echo "NOTIFICATIONS_URL=http://127.0.0.1:$NOTIFICATIONS_PORT"
    [ -z "$IAM_PORT" ] || echo "IAM_URL=http://127.0.0.1:$IAM_PORT"
    echo "IDP_URL=$IDP_URL"
} >"$DEMO.tmp"
mv "$DEMO.tmp" "$DEMO"
umask 022

cat <<EOF

Koers is up. Gateway: $GATEWAY_URL   (casedesk: $GATEWAY_URL/casedesk/v1/, surveys: $GATEWAY_URL/surveys/v1/,
  processes: $GATEWAY_URL/processes/v1/, programmes: $GATEWAY_URL/programmes/v1/,
  notifications: $GATEWAY_URL/notifications/v1/, iam: $GATEWAY_URL/iam/v1/)
  export KEY=$KEY
  export TOKEN=$TOKEN
  curl -s -H "Authorization: Bearer \$KEY" $GATEWAY_URL/casedesk/v1/cases

The workplace (in a browser):  $GATEWAY_URL/        municipality: ${TENANT_SLUG:-demodorp}, then sign in as a demo user below
  the staff app:   $GATEWAY_URL/workplace/
  a citizen's page: $GATEWAY_URL/volg#<tracking token>   (the token stays in the fragment: never sent, never logged)

Staff sign-in (OpenID Connect; local provider, development only): issuer $IDP_URL
  users      $IDP_USERS
  password   $IDP_PASSWORD   (every demo user; kept in $IDP/users.env)
  a token by code + PKCE, as the browser does it:
    export TOKEN=\$(python3 tests/lib/oidc_login.py --user coordinator)
    curl -s -H "Authorization: Bearer \$TOKEN" $GATEWAY_URL/casedesk/v1/categories
  in a browser: $IDP_BROWSER_URL
    (after the sign-in the browser lands on $IDP_REDIRECT?code=..., which the workplace
     takes; discovery: $IDP_URL/.well-known/openid-configuration)
  rotate the signing key while running:  node deploy/idp/server.js rotate --config $IDP/config.json

  make demo    file cases, run a survey, analyse a process, walk a programme and receive notifications
               through the gateway
  make down    stop everything (data is kept in $RUN)
EOF
