#!/bin/sh
# Builds the Koers images docker-compose.yml runs, from the repository:
#
#   koers/casedesk:local   koers/surveys:local   koers/processes:local
#   koers/programmes:local koers/notifications:local koers/iam:local
#   koers/gateway:local    (with the workplace: services/web's packages are
#                           installed on this machine first, services/web/install.sh)
#   koers/postgres:15      koers/redis:7
#   koers/idp:local        (only when named: the local OpenID Connect provider of
#                           `docker-compose --profile idp`; deploy/idp's packages
#                           are installed on this machine first, deploy/idp/install.sh)
#
# Every service image comes from the one deploy/docker/service.Dockerfile
# (--build-arg SERVICE=name PORT=port; the table below); the first builds
# the shared build layers, the others reuse them from the cache.
#
# First the base image debian:bookworm-slim (deploy/docker/base-image.sh:
# debootstrap when the image is missing and no registry can be reached;
# KOERS_BASE_PULL=1 pulls the official one instead). Image builds get the
# package mirror's host mapped when /etc/hosts maps it (containers do not
# inherit /etc/hosts); the mirror is read from this machine's apt
# configuration at run time.
#
#   sh deploy/docker/build.sh [IMAGE...]       (casedesk surveys processes programmes notifications iam
#                                               gateway postgres redis; idp when named)
#   KOERS_IMAGE_TAG=local  tag of the Koers images
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=mirror.sh
. "$here/mirror.sh"
DOCKER=${DOCKER:-docker}
tag=${KOERS_IMAGE_TAG:-local}
images=${*:-casedesk surveys processes programmes notifications iam gateway postgres redis}

say() { printf 'build: %s\n' "$*"; }
die() { printf 'build: %s\n' "$*" >&2; exit 1; }

if ! $DOCKER image inspect debian:bookworm-slim >/dev/null 2>&1; then
    if [ "${KOERS_BASE_PULL:-0}" = 1 ]; then
        $DOCKER pull debian:bookworm-slim || die "cannot pull debian:bookworm-slim"
    else
        sh "$here/base-image.sh" debian:bookworm-slim || die "cannot build the base image"
    fi
fi

hostargs=$(koers_mirror_host_args 2>/dev/null || true)
# the classic builder: --add-host and a local base image work the same with
# every client (a newer client would try BuildKit and pull the base)
export DOCKER_BUILDKIT=0

for name in $images; do
    dockerfile=$here/$name.Dockerfile
    args=""
    case $name in
    # a service: its default port (as in docker-compose.yml and deploy/k8s)
    casedesk) port=8081 ;;
    surveys) port=8082 ;;
    processes) port=8083 ;;
    programmes) port=8084 ;;
    notifications) port=8085 ;;
    iam) port=8086 ;;
    gateway)
        ref=koers/gateway:$tag
        # the workplace's packages on this machine: the image takes the
        # files it serves from services/web/node_modules (no npm in the build)
        sh "$root/services/web/install.sh" || die "services/web/install.sh failed"
        ;;
    postgres) ref=koers/postgres:15 ;;
    redis) ref=koers/redis:7 ;;
    idp)
        ref=koers/idp:$tag
        sh "$root/deploy/idp/install.sh" || die "deploy/idp/install.sh failed"
        ;;
    *) die "unknown image $name" ;;
    esac
    if [ -d "$root/services/$name" ]; then
        ref=koers/$name:$tag
        dockerfile=$here/service.Dockerfile
        args="--build-arg SERVICE=$name --build-arg PORT=$port"
    fi
    start=$(date +%s)
    log=$(mktemp "${TMPDIR:-/tmp}/koers-build.XXXXXX")
    say "$ref"
    # shellcheck disable=SC2086
    if ! $DOCKER build -q $hostargs $args -f "$dockerfile" -t "$ref" "$root" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        die "$ref failed"
    fi
    rm -f "$log"
    say "$ref built in $(($(date +%s) - start)) s, $($DOCKER image inspect -f '{{.Size}}' "$ref" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
done
