#!/bin/sh
# Entry point of the gateway image: renders deploy/gateway's template (the
# same one `make up` uses) from the environment and runs nginx in the
# foreground. nginx resolves an upstream name such as casedesk:8081 or
# surveys:8082 when it loads its configuration, to every replica's address;
# this script resolves the names of every KOERS_*_UPSTREAM again every
# KOERS_GATEWAY_WATCH_S seconds (Docker's DNS) and reloads nginx when the
# set of replicas of any of them changed (scale up or down, a replica
# replaced). SIGTERM/SIGINT: nginx finishes the requests in flight
# (graceful QUIT) and the container exits 0.
set -eu
prefix=${KOERS_GATEWAY_PREFIX:-/var/lib/koers-gateway}
conf=$prefix/nginx.conf
watch=${KOERS_GATEWAY_WATCH_S:-2}
sh /opt/koers/gateway/render.sh "$conf"

# upstream host names (not addresses) to watch
hosts=""
for v in $(env | sed -n 's/^\(KOERS_[A-Z0-9_]*_UPSTREAM\)=.*/\1/p'); do
    eval "u=\${$v}"
    h=${u%:*}
    case $h in unix | \[*) continue ;; esac  # a socket or an IPv6 address
    case $h in *[!0-9.]*) ;; *) continue ;; esac # an IPv4 address
    hosts="$hosts $h"
done
resolve() {
    for h in $hosts; do getent ahostsv4 "$h" | awk -v h="$h" '{ print h, $1 }'; done | sort -u
}

# wait (bounded) until every upstream name resolves: nginx refuses to start otherwise
i=0
for h in $hosts; do
    until getent ahostsv4 "$h" >/dev/null; do
        i=$((i + 1)); [ $i -le 120 ] || { echo "gateway: upstream $h does not resolve" >&2; exit 1; }
        sleep 1
    done
done

known=$(resolve)
# nginx's error log (stderr) goes through the redaction filter to the
# container's stderr: nginx quotes request lines, upstream URLs and
# referrers in it (deploy/gateway/redact.sed). The filter ends when nginx
# has closed the pipe.
rm -f "$prefix/error.pipe"
mkfifo "$prefix/error.pipe"
(trap '' HUP INT TERM QUIT; exec sed -u -E -f /opt/koers/gateway/redact.sed <"$prefix/error.pipe" >&2) &
nginx -p "$prefix" -c "$conf" -e stderr -g 'daemon off;' 2>"$prefix/error.pipe" &
pid=$!
stopping=0
trap 'stopping=1; kill -QUIT "$pid" 2>/dev/null || true' TERM INT QUIT
while [ $stopping = 0 ] && kill -0 "$pid" 2>/dev/null; do
    sleep "$watch" &
    wait $! 2>/dev/null || true
    [ $stopping = 0 ] && [ -n "$hosts" ] || continue
    now=$(resolve)
    if [ -n "$now" ] && [ "$now" != "$known" ]; then
        if nginx -p "$prefix" -c "$conf" -e stderr -s reload 2>&1; then
            echo "gateway: upstreams changed, reloaded: $(echo "$now" | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')" >&2
            known=$now
        fi
    fi
done
set +e
wait "$pid"
rc=$?
[ $stopping = 1 ] && exit 0
exit $rc
