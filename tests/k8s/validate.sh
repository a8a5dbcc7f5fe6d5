#!/bin/sh
# Client-side validation of the Kubernetes manifests (deploy/k8s), with no
# cluster: renders the Kustomization with `kubectl kustomize` (which works
# offline, unlike `kubectl apply/create --dry-run=client`, which need the
# API server's discovery) and checks the result with validate.py (Python
# standard library + PyYAML). Takes about a second. Exit 1 on any fault.
#
#   sh tests/k8s/validate.sh [DIR]            (DIR: deploy/k8s)
#
#   KUBECTL=path      kubectl to render with (default: kubectl on PATH)
#   KOERS_K8S_INSTALL=0   never apt-get install kubernetes-client (or python3-yaml) when missing
#   KOERS_K8S_PG_MAX_CONNECTIONS=N   PostgreSQL max_connections to size against (100)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/deploy/k8s}
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3

die() { printf 'k8s-validate: %s\n' "$*" >&2; exit 1; }
[ -f "$dir/kustomization.yaml" ] || die "no kustomization.yaml in $dir"

as_root_install() { # package: Debian's, only as root and only when allowed
    [ "$(id -u)" = 0 ] && [ "${KOERS_K8S_INSTALL:-1}" != 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    printf 'k8s-validate: installing %s\n' "$1" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1; }
}

if ! "$PY" -c 'import yaml' 2>/dev/null; then
    as_root_install python3-yaml || true
    "$PY" -c 'import yaml' 2>/dev/null || die "PyYAML is missing: apt-get install python3-yaml"
fi

# Debian's kubernetes-client only when no kubectl at all is there (an
# explicit KUBECTL that does not exist means: render without kubectl).
if [ -z "${KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1; then
    as_root_install kubernetes-client || true
fi
KUBECTL=${KUBECTL:-kubectl}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# A kubeconfig that points nowhere: nothing here may ever reach a cluster
# (without one, kubectl would try localhost:8080 - the gateway of `make up`).
cat >"$tmp/kubeconfig" <<'KC'
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
users: [{name: none, user: {}}]
current-context: none
KC

set -- --dir "$dir" --root "$root" --pg-max-connections "${KOERS_K8S_PG_MAX_CONNECTIONS:-100}"
if command -v "$KUBECTL" >/dev/null 2>&1; then
    if ! KUBECONFIG=$tmp/kubeconfig timeout 60 "$KUBECTL" kustomize "$dir" >"$tmp/rendered.yaml" 2>"$tmp/kustomize.err"; then
        cat "$tmp/kustomize.err" >&2
        die "kubectl kustomize $dir failed"
    fi
    printf 'k8s-validate: rendered with %s kustomize (%s)\n' "$KUBECTL" \
        "$(KUBECONFIG=$tmp/kubeconfig "$KUBECTL" version --client 2>/dev/null | head -n 1 | sed 's/^Client Version: //; s/.*GitVersion:"\([^"]*\)".*/\1/')"
    set -- "$@" --rendered "$tmp/rendered.yaml"
else
    printf 'k8s-validate: kubectl not found: rendering with the validator only (the kustomize subset it models)\n'
fi
"$PY" "$root/tests/k8s/validate.py" "$@"
