#!/usr/bin/env bash
# The Debian 12 root file system that tests/systemd boots a real systemd 252
# in (systemd-nspawn --boot). Built once with debootstrap --variant=minbase
# and kept outside the clone; `./dev setup` and the systemd tests call this.
#
#   scripts/systemd-rootfs.sh [DEB]   DEB: a baton .deb whose dependencies
#                                     (and itself) to install into it
#   scripts/systemd-rootfs.sh --peers  also nginx-light, haproxy and wrk, for
#                                     ./dev bench's restart and crash rows
#                                     (their units stay disabled)
#
# Needs root, and the network when the rootfs is missing or DEB brings new
# dependencies (apt then fetches them; the cache keeps them). Never boots
# anything: booting is the test's job, always with --private-network and a
# volatile overlay, never over the host's root. Settings:
#   BATON_CONTAINER_CACHE  where the rootfs lives (default /var/cache/baton;
#                          this one is $BATON_CONTAINER_CACHE/systemd-bookworm)
#   BATON_DEBIAN_MIRROR    Debian mirror (default http://deb.debian.org/debian)
set -euo pipefail

deb=${1:-}
peers=false
if [ "$deb" = --peers ]; then peers=true; deb=; fi
cache=${BATON_CONTAINER_CACHE:-/var/cache/baton}
mirror=${BATON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$cache/systemd-bookworm
log() { printf '\033[1m==> [systemd-rootfs] %s\033[0m\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  echo "systemd-rootfs.sh: needs root (debootstrap, systemd-nspawn)" >&2
  exit 77
fi
for tool in debootstrap:debootstrap systemd-nspawn:systemd-container; do
  command -v "${tool%%:*}" >/dev/null && continue
  log "installing ${tool#*:} on the host"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null
done

nspawn() {   # a command container (no boot), with the host's network for apt
  systemd-nspawn --quiet --register=no --keep-unit --as-pid2 -D "$rootfs" \
    --setenv=LANG=C.UTF-8 --setenv=DEBIAN_FRONTEND=noninteractive "$@"
}

if [ ! -f "$rootfs/.baton-rootfs" ]; then
  log "debootstrap --variant=minbase bookworm into $rootfs (about a minute)"
  rm -rf "$rootfs" "$rootfs.partial"
  mkdir -p "$cache"
  debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,libpam-systemd,polkitd,pkexec,python3,curl,procps,iproute2 \
    bookworm "$rootfs.partial" "$mirror"
  cat > "$rootfs.partial/etc/apt/sources.list" <<LIST
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
LIST
  # A boot without a console: no getty, no waiting for a network that
  # --private-network never configures.
  ln -sf /dev/null "$rootfs.partial/etc/systemd/system/console-getty.service"
  ln -sf /dev/null "$rootfs.partial/etc/systemd/system/systemd-networkd-wait-online.service"
  echo baton-systemd > "$rootfs.partial/etc/hostname"
  date -u +%FT%TZ > "$rootfs.partial/.baton-rootfs"
  mv "$rootfs.partial" "$rootfs"
fi

if $peers && { [ ! -x "$rootfs/usr/sbin/nginx" ] || [ ! -x "$rootfs/usr/sbin/haproxy" ] || [ ! -x "$rootfs/usr/bin/wrk" ]; }; then
  log "installing nginx-light, haproxy and wrk into the rootfs (the bench's peers)"
  nspawn -- sh -ec 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends nginx-light haproxy wrk >/tmp/apt.log 2>&1 ||
    { cat /tmp/apt.log; exit 1; }'
  # Started by the bench only, never at the boot of a test container.
  rm -f "$rootfs"/etc/systemd/system/multi-user.target.wants/nginx.service \
        "$rootfs"/etc/systemd/system/multi-user.target.wants/haproxy.service
fi

if [ -n "$deb" ]; then
  log "installing $(basename "$deb") and its dependencies"
  nspawn --bind-ro="$(realpath "$deb"):/tmp/baton.deb" -- sh -ec \
    'apt-get install -y -q --no-install-recommends /tmp/baton.deb >/tmp/apt.log 2>&1 || {
       apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends /tmp/baton.deb >/tmp/apt.log 2>&1; } ||
     { cat /tmp/apt.log; exit 1; }'
fi
echo "$rootfs"
