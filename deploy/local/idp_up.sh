# shellcheck shell=sh disable=SC2154,SC2086,SC2034
# (sourced: root, RUN, BUILD, ... come from up.sh; IDP_USERS is a word list)
# Sourced by deploy/local/up.sh once the demo tenant exists: starts the local
# OpenID Connect provider (deploy/idp, development only) and registers it as
# the demo tenant's identity provider.
#
# In $RUN/idp: config.json (made on every start: issuer, client, users),
# users.env (the demo users' password, generated once, mode 0600, never
# committed), login.json (what tests/lib/oidc_login.py needs), data/ (the
# signing keys), idp.log, idp.pid, idp.port.
#
# Needs from up.sh: RUN, BUILD, TENANT_ID, GATEWAY_URL, KOERS_DATABASE_URL (koers-admin),
# say, die, alive, port_free, admin; IDP_PORT when the caller chose it.
# Sets IDP_URL, IDP_PASSWORD, IDP_BROWSER_URL. tests/browser/run.sh sources
# it too (the browser tests sign in through the same provider and
# registration as `make up`).
#
# The demo users (one per Koers role): username = the Koers
# role, provider role "koers-<role>", mapped back by the tenant's role map.
IDP_USERS="liaison_officer coordinator official process_owner process_manager programme_lead programme_member core_team survey_manager employee integration_admin privacy_officer admin"
IDP=$RUN/idp
mkdir -p "$IDP"
sh "$root/deploy/idp/install.sh" || die "the local identity provider could not be installed (deploy/idp/install.sh)"

if [ ! -s "$IDP/users.env" ]; then
    umask 077
    printf 'KOERS_IDP_DEMO_PASSWORD=%s\n' "$(openssl rand -hex 12)" >"$IDP/users.env"
    umask 022
fi
IDP_PASSWORD=$(sed -n 's/^KOERS_IDP_DEMO_PASSWORD=//p' "$IDP/users.env")

# IDP_PORT may be chosen by the caller already (up.sh does, before the
# gateway starts: the provider's origin is in the workplace's
# Content-Security-Policy)
if [ -n "${IDP_PORT:-}" ]; then
    :
elif alive "$IDP/idp.pid" && [ -f "$IDP/idp.port" ]; then
    IDP_PORT=$(cat "$IDP/idp.port")
else
    IDP_PORT=""
    if [ -f "$IDP/idp.port" ] && port_free "$(cat "$IDP/idp.port")"; then IDP_PORT=$(cat "$IDP/idp.port"); fi
    IDP_PORT=${IDP_PORT:-$(koers_free_port)}
fi
IDP_URL=http://127.0.0.1:$IDP_PORT
IDP_CLIENT=koers-workplace
IDP_AUDIENCE=koers-api
IDP_REDIRECT=$GATEWAY_URL/workplace/callback
IDP_POST_LOGOUT=$GATEWAY_URL/workplace/

# config.json: made again each time (the gateway's port may have changed)
umask 077
/usr/bin/python3 - "$IDP/config.json.tmp" "$IDP_PORT" "$IDP_URL" "$IDP_CLIENT" "$IDP_AUDIENCE" "$IDP_REDIRECT" \
    "$IDP_POST_LOGOUT" "$IDP_PASSWORD" $IDP_USERS <<'PY'
import json, sys
out, port, issuer, client, aud, redirect, post_logout, password = sys.argv[1:9]
users = [{"username": r, "password": password, "sub": "demo-" + r.replace("_", "-"),
          "roles": ["koers-" + r], "name": "Demo " + r.replace("_", " "),
          "email": "demo-%s@demodorp.example" % r.replace("_", "-")} for r in sys.argv[9:]]
cfg = {"issuer": issuer, "host": "127.0.0.1", "port": int(port), "audience": aud, "data_dir": "data",
       "signing_alg": "RS256", "roles_claim": "roles",
       "clients": [{"client_id": client, "client_name": "Koers workplace (demo)", "redirect_uris": [redirect],
                    "post_logout_redirect_uris": [post_logout]}],
       "users": users}
json.dump(cfg, open(out, "w"), indent=2)
PY
printf '{"issuer": "%s", "client_id": "%s", "redirect_uri": "%s", "post_logout_redirect_uri": "%s"}\n' \
    "$IDP_URL" "$IDP_CLIENT" "$IDP_REDIRECT" "$IDP_POST_LOGOUT" >"$IDP/login.json"
umask 022
idp_changed=1
if [ -f "$IDP/config.json" ] && cmp -s "$IDP/config.json" "$IDP/config.json.tmp"; then idp_changed=0; fi
mv "$IDP/config.json.tmp" "$IDP/config.json"

if alive "$IDP/idp.pid" && [ "$idp_changed" = 1 ]; then
    koers_pidfile_stop "$IDP/idp.pid" 10 || true
    say "identity provider: settings changed, restarting"
fi
if alive "$IDP/idp.pid"; then
    say "identity provider: already running on $IDP_URL"
else
    echo "$IDP_PORT" >"$IDP/idp.port"
    printf '\n==== %s idp start\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$IDP/idp.log"
    nohup node "$root/deploy/idp/server.js" --config "$IDP/config.json" </dev/null >>"$IDP/idp.log" 2>&1 &
    echo $! >"$IDP/idp.pid"
    i=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$IDP_URL/.well-known/openid-configuration")" = 200 ]; do
        if ! alive "$IDP/idp.pid"; then
            tail -n 20 "$IDP/idp.log" >&2
            rm -f "$IDP/idp.pid"
            die "the identity provider exited at start (log: $IDP/idp.log)"
        fi
        i=$((i + 1)); [ $i -le 150 ] || die "the identity provider is not ready after 15 s (log: $IDP/idp.log)"
        sleep 0.1
    done
    say "identity provider: started on $IDP_URL (log $IDP/idp.log)"
fi

# ---- the demo tenant's provider in koers_iam.identity_providers -------------
IDP_ROLE_MAP=$(/usr/bin/python3 -c 'import json, sys; print(json.dumps({"koers-" + r: r for r in sys.argv[1:]}))' $IDP_USERS)
# an older issuer of this run folder (the port changed) is removed
if [ -s "$IDP/provider.id" ] && [ "$(sed -n 2p "$IDP/provider.id")" != "$IDP_URL" ]; then
    admin idp-delete --id "$(sed -n 1p "$IDP/provider.id")" >/dev/null 2>&1 || true
fi
IDP_ID=$(admin idp-set --tenant "$TENANT_ID" --name "Demodorp (local provider)" --issuer "$IDP_URL" \
    --audience "$IDP_AUDIENCE" --client-id "$IDP_CLIENT" --roles-claim roles --role-map "$IDP_ROLE_MAP" \
    --name-claim name --email-claim email --redirect-uris "$IDP_REDIRECT" \
    --post-logout-uris "$IDP_POST_LOGOUT") || die "koers-admin idp-set failed"
printf '%s\n%s\n' "$IDP_ID" "$IDP_URL" >"$IDP/provider.id"
# a sign-in a person can open in a browser (PKCE with the example verifier
# of RFC 7636: the code it ends with is only good with that verifier)
IDP_BROWSER_URL="$IDP_URL/auth?"$(/usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.urlencode({"client_id": sys.argv[1], "response_type": "code", "scope": "openid profile email",
    "redirect_uri": sys.argv[2], "state": "demo", "code_challenge_method": "S256",
    "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}))' "$IDP_CLIENT" "$IDP_REDIRECT")
