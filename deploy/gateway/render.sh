#!/bin/sh
# Renders deploy/gateway/nginx.conf.template to OUT (or stdout) from the
# environment, without envsubst:
#   KOERS_GATEWAY_BIND (127.0.0.1), KOERS_GATEWAY_PORT (8080),
#   KOERS_CASEDESK_UPSTREAM (127.0.0.1:8081), KOERS_SURVEYS_UPSTREAM
#   (127.0.0.1:8082), KOERS_PROCESSES_UPSTREAM (127.0.0.1:8083),
#   KOERS_PROGRAMMES_UPSTREAM (127.0.0.1:8084),
#   KOERS_NOTIFICATIONS_UPSTREAM (127.0.0.1:8085),
#   KOERS_IAM_UPSTREAM (127.0.0.1:8086),
#   KOERS_GATEWAY_WORKERS (auto),
#   KOERS_GATEWAY_ANON_RATE (10r/s), KOERS_GATEWAY_ANON_BURST (50),
#   KOERS_GATEWAY_TOKEN_RATE (50r/s), KOERS_GATEWAY_TOKEN_BURST (500),
#   KOERS_GATEWAY_CONNECT_TIMEOUT (5s), KOERS_GATEWAY_READ_TIMEOUT (30s),
#   KOERS_GATEWAY_CONN_PER_ADDR (100), KOERS_GATEWAY_UPSTREAM_IDLE (10s;
#   keep it below the services' KOERS_HTTP_TIMEOUT, 15 s),
#   the workplace: KOERS_WEB_ROOT (the repository's services/web),
#   KOERS_WEB_MODULES (KOERS_WEB_ROOT/node_modules), KOERS_WEB_CONNECT_SRC
#   (the identity providers' origins the browser may call, space-separated:
#   `https://login.microsoftonline.com https://idp.example.nl`; empty: the
#   gateway's own origin only),
# and, from the hard limit of open files here (ulimit -Hn), nginx's open
# files per worker (at most 65536) and connections per worker (half of
# that, at most 16384),
# and, from KOERS_WEB_ROOT/index.html, the sha256 of its one inline script
# (the import map) for the Content-Security-Policy, and the /vendor/ files it
# refers to (deploy/gateway/web_files.sh),
# and creates the temp folders nginx needs beside OUT (its prefix). An
# upstream may list several addresses separated by commas (replicas on
# their own ports, as tests/faults runs them): one server line each.
#
#   sh deploy/gateway/render.sh [OUT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bind=${KOERS_GATEWAY_BIND:-127.0.0.1}
port=${KOERS_GATEWAY_PORT:-8080}
casedesk=${KOERS_CASEDESK_UPSTREAM:-127.0.0.1:8081}
surveys=${KOERS_SURVEYS_UPSTREAM:-127.0.0.1:8082}
processes=${KOERS_PROCESSES_UPSTREAM:-127.0.0.1:8083}
programmes=${KOERS_PROGRAMMES_UPSTREAM:-127.0.0.1:8084}
notifications=${KOERS_NOTIFICATIONS_UPSTREAM:-127.0.0.1:8085}
iam=${KOERS_IAM_UPSTREAM:-127.0.0.1:8086}
workers=${KOERS_GATEWAY_WORKERS:-auto}
anon_rate=${KOERS_GATEWAY_ANON_RATE:-10r/s}
anon_burst=${KOERS_GATEWAY_ANON_BURST:-50}
token_rate=${KOERS_GATEWAY_TOKEN_RATE:-50r/s}
token_burst=${KOERS_GATEWAY_TOKEN_BURST:-500}
connect_timeout=${KOERS_GATEWAY_CONNECT_TIMEOUT:-5s}
read_timeout=${KOERS_GATEWAY_READ_TIMEOUT:-30s}
conn_per_addr=${KOERS_GATEWAY_CONN_PER_ADDR:-100}
upstream_idle=${KOERS_GATEWAY_UPSTREAM_IDLE:-10s}
web_root=${KOERS_WEB_ROOT:-$here/../../services/web}
[ ! -d "$web_root" ] || web_root=$(cd "$web_root" && pwd)
web_modules=${KOERS_WEB_MODULES:-$web_root/node_modules}
connect_src=${KOERS_WEB_CONNECT_SRC:-}
# dash, bash and busybox sh know -H; a shell that does not gets 4096
# shellcheck disable=SC3045
nofile=$(ulimit -Hn 2>/dev/null || echo 4096)
case $nofile in '' | *[!0-9]*) nofile=65536 ;; esac # unlimited
[ "$nofile" -le 65536 ] || nofile=65536
connections=$((nofile / 2))
[ "$connections" -le 16384 ] || connections=16384

check() { # name value regex
    printf '%s' "$2" | grep -Eqx "$3" || { echo "render: bad $1: '$2'" >&2; exit 1; }
}
check_upstreams() { # name value: one address or several, comma-separated
    for a in $(printf '%s' "$2" | tr ',' ' '); do
        check "$1" "$a" '[A-Za-z0-9_.-]+:[0-9]{1,5}|\[[0-9A-Fa-f:]+\]:[0-9]{1,5}|unix:[A-Za-z0-9_./-]+'
    done
    [ -n "$2" ] || check "$1" "$2" '.+'
}
servers() { # "a,b" -> the upstream block's server lines for a and b
    printf '%s' "$1" | sed 's/,/ max_fails=0;\\n        server /g'
}
check KOERS_GATEWAY_BIND "$bind" '[A-Za-z0-9_.:-]+|\[[0-9A-Fa-f:]+\]'
check KOERS_GATEWAY_PORT "$port" '[0-9]{1,5}'
check_upstreams KOERS_CASEDESK_UPSTREAM "$casedesk"
check_upstreams KOERS_SURVEYS_UPSTREAM "$surveys"
check_upstreams KOERS_PROCESSES_UPSTREAM "$processes"
check_upstreams KOERS_PROGRAMMES_UPSTREAM "$programmes"
check_upstreams KOERS_NOTIFICATIONS_UPSTREAM "$notifications"
check_upstreams KOERS_IAM_UPSTREAM "$iam"
check KOERS_GATEWAY_WORKERS "$workers" 'auto|[0-9]{1,3}'
check KOERS_GATEWAY_ANON_RATE "$anon_rate" '[1-9][0-9]{0,5}r/[sm]'
check KOERS_GATEWAY_ANON_BURST "$anon_burst" '[0-9]{1,6}'
check KOERS_GATEWAY_TOKEN_RATE "$token_rate" '[1-9][0-9]{0,5}r/[sm]'
check KOERS_GATEWAY_TOKEN_BURST "$token_burst" '[0-9]{1,6}'
check KOERS_GATEWAY_CONNECT_TIMEOUT "$connect_timeout" '[1-9][0-9]{0,3}(ms|s)?'
check KOERS_GATEWAY_READ_TIMEOUT "$read_timeout" '[1-9][0-9]{0,3}(ms|s)?'
check KOERS_GATEWAY_UPSTREAM_IDLE "$upstream_idle" '[1-9][0-9]{0,3}(ms|s)?'
check KOERS_GATEWAY_CONN_PER_ADDR "$conn_per_addr" '[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}'

check KOERS_WEB_ROOT "$web_root" '/[A-Za-z0-9_./@+-]*'
check KOERS_WEB_MODULES "$web_modules" '/[A-Za-z0-9_./@+-]*'
for o in $connect_src; do
    check KOERS_WEB_CONNECT_SRC "$o" 'https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:]+\](:[0-9]{1,5})?'
done
connect_src=$(printf '%s' "$connect_src" | tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//')

# The import map: the text of the one inline <script> of index.html, as the
# browser hashes it (every byte between the tags). Its sha256, in base64, is
# the only script-src beside 'self'. An index.html with another inline
# script gets a warning: the policy blocks it.
importmap_sha256() { # FILE
    LC_ALL=C awk 'BEGIN { RS = "\001" }
        { s = s $0 }
        END {
            if (!match(s, /<script[^>]*type="?importmap"?[^>]*>/)) exit
            s = substr(s, RSTART + RLENGTH)
            j = index(s, "</script>")
            if (j) printf "%s", substr(s, 1, j - 1)
        }' "$1" | sha256sum | cut -d' ' -f1 | {
        read -r hex
        while [ -n "$hex" ]; do
            b=${hex%"${hex#??}"}
            hex=${hex#??}
            # shellcheck disable=SC2059
            printf "\\$(printf '%03o' "0x$b")"
        done
    } | base64
}
script_src="'self'"
if [ -f "$web_root/index.html" ] && grep -q '<script[^>]*importmap' "$web_root/index.html"; then
    script_src="'self' 'sha256-$(importmap_sha256 "$web_root/index.html")'"
    inline=$(grep -o '<script[^>]*>' "$web_root/index.html" | grep -vc 'src=' || true)
    [ "$inline" -le 1 ] || echo "render: warning: $web_root/index.html has $inline inline scripts; the Content-Security-Policy allows the import map only" >&2
fi
csp="default-src 'self'; script-src $script_src; style-src 'self'; img-src 'self' data:; font-src 'self'"
csp="$csp; connect-src 'self'${connect_src:+ $connect_src}; object-src 'none'; frame-ancestors 'none'"
csp="$csp; base-uri 'none'; form-action 'self'${connect_src:+ $connect_src}"
# Started as root (make up, the tests, as root), nginx runs its workers as
# `nobody`, which must read the web root: where it cannot (a repository in
# /root, a test's private temporary folder) the workers run as the web
# root's owner instead. Not as root (the image: user 10001) there is no
# choice to make.
user_line="# workers: nginx's default user"
if [ "$(id -u)" = 0 ] && [ -f "$web_root/index.html" ] && command -v runuser >/dev/null 2>&1; then
    if ! runuser -u nobody -- test -r "$web_root/index.html" 2>/dev/null ||
        { [ -d "$web_modules" ] && ! runuser -u nobody -- test -x "$web_modules" 2>/dev/null; }; then
        owner=$(stat -c %U "$web_root")
        check "the web root's owner" "$owner" '[a-z_][a-z0-9_-]*'
        user_line="user $owner; # nobody cannot read $web_root"
    fi
fi
# the /vendor/ files: exact paths, one regex alternation (nothing when none)
vendor=$(sh "$here/web_files.sh" "$web_root" | sed 's/[.]/\\\\./g' | tr '\n' '|' | sed 's/|$//')
vendor=${vendor:-(?!)}

render() {
    sed -e "s|server @CASEDESK@ |server $(servers "$casedesk") |" -e "s|server @SURVEYS@ |server $(servers "$surveys") |" \
        -e "s|server @PROCESSES@ |server $(servers "$processes") |" \
        -e "s|server @PROGRAMMES@ |server $(servers "$programmes") |" \
        -e "s|server @NOTIFICATIONS@ |server $(servers "$notifications") |" \
        -e "s|server @IAM@ |server $(servers "$iam") |" \
        -e "s|@BIND@|$bind|g" -e "s|@PORT@|$port|g" -e "s|@CASEDESK@|$casedesk|g" -e "s|@SURVEYS@|$surveys|g" \
        -e "s|@PROCESSES@|$processes|g" -e "s|@PROGRAMMES@|$programmes|g" \
        -e "s|@NOTIFICATIONS@|$notifications|g" -e "s|@IAM@|$iam|g" \
        -e "s|@WORKERS@|$workers|g" -e "s|@ANON_RATE@|$anon_rate|g" -e "s|@ANON_BURST@|$anon_burst|g" \
        -e "s|@TOKEN_RATE@|$token_rate|g" -e "s|@TOKEN_BURST@|$token_burst|g" \
        -e "s|@CONNECT_TIMEOUT@|$connect_timeout|g" -e "s|@CONN_PER_ADDR@|$conn_per_addr|g" \
        -e "s|@READ_TIMEOUT@|$read_timeout|g" -e "s|@UPSTREAM_IDLE@|$upstream_idle|g" \
        -e "s|@NOFILE@|$nofile|g" -e "s|@WORKER_CONNECTIONS@|$connections|g" \
        -e "s|@WEB_ROOT@|$web_root|g" -e "s|@WEB_MODULES@|$web_modules|g" -e "s|@CSP@|$csp|g" \
        -e "s#@VENDOR_FILES@#$vendor#g" -e "s|^@USER_LINE@\$|$user_line|" \
        "$here/nginx.conf.template"
}

if [ $# -ge 1 ]; then
    out=$1
    dir=$(dirname "$out")
    mkdir -p "$dir/tmp"
    render >"$out.tmp.$$"
    mv "$out.tmp.$$" "$out"
else
    render
fi
