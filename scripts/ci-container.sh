#!/usr/bin/env bash
# ./dev test inside a Debian container: how CI checks a release other than
# the machine's own (./dev test-container [RELEASE], .ci/run).
#
#   scripts/ci-container.sh [RELEASE] [ARGS...]   RELEASE: trixie (default) or bookworm;
#                                                 ARGS go to ./dev test (e.g. --repeat 5, -R '^dbus$')
#
# 1. rootfs: `debootstrap --variant=minbase RELEASE` into
#    $BATON_CONTAINER_CACHE/RELEASE (default /var/cache/baton/RELEASE), outside
#    the clone, built only when missing (delete it to start from scratch).
# 2. prepare: `./dev setup` in the container, with the host's network, so the
#    release's own package set is installed from its mirror (the cached rootfs
#    keeps it: a later run installs nothing).
# 3. test: a copy of this tree (without build folders) and a fresh build
#    folder in a work folder on the host, bind-mounted at /work; `./dev test`
#    with CI=true and --private-network, so the tests see loopback only.
#
# The container is a plain command container (systemd-nspawn --as-pid2: a
# stub init reaps orphans); systemd is never booted, neither here nor on the
# host. Root is needed (sudo when not root). Settings:
#   BATON_CONTAINER_CACHE  where the rootfs live (default /var/cache/baton)
#   BATON_DEBIAN_MIRROR    Debian mirror (default http://deb.debian.org/debian)
#   BATON_KEEP_WORK=1      keep the work folder (source copy, build, test logs)
set -euo pipefail

release=${1:-trixie}
[ $# -gt 0 ] && shift
case "$release" in
  bookworm|trixie) ;;
  *) echo "ci-container.sh: unsupported release \"$release\" (bookworm, trixie)" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=BATON_CONTAINER_CACHE,BATON_DEBIAN_MIRROR,BATON_KEEP_WORK "$0" "$release" "$@"
fi

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${BATON_CONTAINER_CACHE:-/var/cache/baton}
mirror=${BATON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$cache/$release

log() { printf '\033[1m==> [%s] %s\033[0m\n' "$release" "$*" >&2; }

need() {
  command -v "$1" >/dev/null && return 0
  log "installing $2 on the host (for $1)"
  apt-get update -q >/dev/null
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
}
need debootstrap debootstrap
need systemd-nspawn systemd-container

# Not registered with machined and no scope unit of its own: works on a host
# whose PID 1 is not systemd too (a CI runner inside a container).
nspawn() {
  systemd-nspawn --quiet --register=no --keep-unit --as-pid2 -D "$rootfs" \
    --setenv=LANG=C.UTF-8 --setenv=DEBIAN_FRONTEND=noninteractive "$@"
}

# --- 1. rootfs, cached --------------------------------------------------------
if [ ! -f "$rootfs/.baton-rootfs" ]; then
  log "rootfs: debootstrap --variant=minbase $release into $rootfs"
  rm -rf "$rootfs" "$rootfs.partial"
  mkdir -p "$cache"
  debootstrap --variant=minbase "$release" "$rootfs.partial" "$mirror"
  security=http://security.debian.org/debian-security
  cat > "$rootfs.partial/etc/apt/sources.list" <<EOF
deb $mirror $release main
deb $mirror $release-updates main
deb $security $release-security main
EOF
  # No init in the container: packages must not try to start services.
  printf '#!/bin/sh\nexit 101\n' > "$rootfs.partial/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs.partial/usr/sbin/policy-rc.d"
  date -u +%FT%TZ > "$rootfs.partial/.baton-rootfs"
  mv "$rootfs.partial" "$rootfs"
fi

# --- 2. prepare: the release's packages, with network -------------------------
log "prepare: ./dev setup (network)"
nspawn --bind-ro="$src:/src" -- /src/dev setup

# --- 3. test: a clean copy, loopback only -------------------------------------
work=$(mktemp -d /var/tmp/baton-ci-"$release".XXXXXX)
cleanup() {
  if [ "${BATON_KEEP_WORK:-}" = 1 ]; then log "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir "$work/src"
tar -C "$src" --exclude='./build*' --exclude='./.git' -cf - . | tar -C "$work/src" -xf -
log "test: ./dev test in $release (CI=true, --private-network)"
nspawn --private-network --bind="$work:/work" --setenv=CI=true \
  --setenv=BATON_BUILD_DIR=/work/build -- /work/src/dev test "$@"
log "passed"
