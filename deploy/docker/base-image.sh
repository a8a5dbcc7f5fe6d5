#!/bin/sh
# Builds the base image every Koers Dockerfile starts from, tagged
# debian:bookworm-slim, from Debian's own packages, for machines that
# cannot pull from a registry:
#
#   debootstrap --variant=minbase bookworm DIR MIRROR
#   tar -C DIR -c . | docker import - debian:bookworm-slim
#
# MIRROR is read from this machine's apt configuration at run time. Does
# nothing when the image exists already (KOERS_BASE_REBUILD=1 rebuilds it).
# Needs root (debootstrap) and the debootstrap package.
#
#   sh deploy/docker/base-image.sh [IMAGE]      (default debian:bookworm-slim)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=mirror.sh
. "$here/mirror.sh"
image=${1:-debian:bookworm-slim}
DOCKER=${DOCKER:-docker}

say() { printf 'base-image: %s\n' "$*"; }
die() { printf 'base-image: %s\n' "$*" >&2; exit 1; }

if [ "${KOERS_BASE_REBUILD:-0}" != 1 ] && $DOCKER image inspect "$image" >/dev/null 2>&1; then
    say "$image exists: kept"
    exit 0
fi
[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || die "debootstrap is missing (apt-get install debootstrap)"
mirror=$(koers_mirror_url) || die "cannot find the package mirror"

dir=$(mktemp -d "${TMPDIR:-/tmp}/koers-base.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
say "debootstrap --variant=minbase bookworm (this takes about a minute)"
start=$(date +%s)
PATH=$PATH:/usr/sbin:/sbin debootstrap --variant=minbase bookworm "$dir/root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
    { tail -n 30 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
# slim like the official image: no apt lists, caches, docs or man pages
rm -rf "$dir/root/var/lib/apt/lists/"* "$dir/root/var/cache/apt/"*.bin "$dir/root/var/cache/apt/archives/"*.deb \
    "$dir/root/usr/share/doc/"* "$dir/root/usr/share/man/"* "$dir/root/usr/share/info/"* \
    "$dir/root/var/log/"*.log "$dir/root/var/log/apt/"* "$dir/root/tmp/"*
mkdir -p "$dir/root/etc/dpkg/dpkg.cfg.d"
cat >"$dir/root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/doc/*/copyright
CFG
# like the official image: packages never start daemons while an image builds
printf '#!/bin/sh\nexit 101\n' >"$dir/root/usr/sbin/policy-rc.d"
chmod 755 "$dir/root/usr/sbin/policy-rc.d"
cat >"$dir/root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
APT::Install-Recommends "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
CFG
tar -C "$dir/root" -c . | $DOCKER import -c 'CMD ["bash"]' - "$image" >/dev/null || die "docker import failed"
say "$image built in $(( $(date +%s) - start )) s ($($DOCKER image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
