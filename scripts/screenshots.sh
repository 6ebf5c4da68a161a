#!/usr/bin/env bash
# Screenshots of baton-admin for the README: runs batond on a copy of the
# demo config (own socket, no bus, a free port), starts baton-admin under
# Xvfb, makes some history while it watches (an applied config change, a
# reload, a crashed worker), and lets the app save its pages with
# QWidget::grab() (BATON_ADMIN_SCREENSHOT_DIR) into docs/screenshots/.
#
#   scripts/screenshots.sh [BUILD_DIR]     (default: build/)
# BATON_SCREENSHOT_OUT=DIR writes elsewhere, BATON_ADMIN_SCREENSHOT_SIZE=WxH
# sets the window size (default 1440x900), e.g. to check 1024x640, and
# BATON_SCREENSHOT_LANG=zh_CN|zh_TW the app's language and locale (default:
# English, C.UTF-8); Chinese needs a CJK font (fonts-noto-cjk, ./dev
# screenshots installs it), else every Han character is a box.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BATON_BUILD_DIR:-$root/build}}
out=${BATON_SCREENSHOT_OUT:-$root/docs/screenshots}
bin=$build_dir/bin

for tool in batond batonctl baton-admin baton-worker; do
  [ -x "$bin/$tool" ] || { echo "screenshots: $bin/$tool is missing; build first (./dev build)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run is missing (Debian: xvfb xauth; ./dev setup)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "screenshots: python3 is missing" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-screenshots.XXXXXX")
batond_pid=
cleanup() {
  if [ -n "$batond_pid" ] && kill -0 "$batond_pid" 2>/dev/null; then
    kill -TERM "$batond_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$batond_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$batond_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp -r "$root/examples/www" "$work/www"
# The socket and state paths stay relative: they resolve next to the copy.
sed -e 's|^bus = .*|bus = "none"                          # "system" \| "session" \| "none"|' \
    -e "s|127.0.0.1:8080|127.0.0.1:$port|" \
    "$root/examples/demo.toml" > "$work/baton.toml"
socket=$work/run/control.sock
ctl() { "$bin/batonctl" --socket "$socket" "$@"; }

echo "screenshots: batond on $work/baton.toml (port $port)"
"$bin/batond" --config "$work/baton.toml" > "$work/batond.log" 2>&1 &
batond_pid=$!
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { cat "$work/batond.log" >&2; echo "screenshots: batond did not start" >&2; exit 1; }

# Some history while the app watches, so every page has something to show.
story() {
  sleep 6
  sed -e 's|^workers = 2|workers = 3|' "$work/baton.toml" > "$work/scaled.toml"
  ctl apply "$work/scaled.toml" --comment "three workers for the launch" > /dev/null || true
  sleep 6
  ctl reload web > /dev/null || true
  sleep 6
  victim=$(ctl status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["services"][0]["workers"][0]["pid"])')
  kill -KILL "$victim" 2>/dev/null || true
  python3 - "$port" <<'PY' || true
import sys, urllib.request
for _ in range(25):
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=2).read()
PY
}
story &
story_pid=$!

mkdir -p "$out" "$work/xdg" "$work/runtime"
chmod 700 "$work/runtime"
lang=${BATON_SCREENSHOT_LANG:-}
locale=C.UTF-8
case "$lang" in
  "") ;;
  zh_CN|zh_TW)
    # The app's own setting, as View > Language writes it; dates in that locale too.
    mkdir -p "$work/xdg/baton"
    printf '[General]\nlanguage=%s\n' "$lang" > "$work/xdg/baton/baton-admin.conf"
    locale=$lang.UTF-8
    fc-list ':lang=zh' family 2>/dev/null | grep -q . \
      || echo "screenshots: no CJK font (Debian: fonts-noto-cjk): Chinese text will be boxes" >&2 ;;
  *) echo "screenshots: BATON_SCREENSHOT_LANG: zh_CN or zh_TW, not $lang" >&2; exit 2 ;;
esac
echo "screenshots: baton-admin under Xvfb, writing to $out"
env XDG_CONFIG_HOME="$work/xdg" XDG_RUNTIME_DIR="$work/runtime" \
    BATON_ADMIN_SCREENSHOT_DIR="$out" BATON_ADMIN_SCREENSHOT_WARMUP_MS=26000 \
    BATON_ADMIN_SCREENSHOT_SIZE="${BATON_ADMIN_SCREENSHOT_SIZE:-}" \
    LANG="$locale" LC_ALL="$locale" \
    timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$bin/baton-admin" --socket "$socket"
wait "$story_pid" 2>/dev/null || true
ls -1 "$out"/*.png
