#!/usr/bin/env bash
# ./dev demo: batond on the bundled example config, and baton-admin watching
# it when there is a display. Without one the daemon keeps running headless
# (use batonctl). Ctrl+C stops both: the workers drain, then batond exits.
#   scripts/demo.sh BUILD_DIR
set -euo pipefail
build_dir=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=$root/examples/demo.toml
socket=$root/examples/run/control.sock
bin=$build_dir/bin

"$bin/batond" --check "$config"

batond_pid= admin_pid=
stop() {
  trap - INT TERM EXIT
  [ -n "$admin_pid" ] && kill -TERM "$admin_pid" 2>/dev/null || true
  if [ -n "$batond_pid" ] && kill -0 "$batond_pid" 2>/dev/null; then
    kill -TERM "$batond_pid" 2>/dev/null || true
    wait "$batond_pid" 2>/dev/null || true   # graceful: drains the workers
  fi
}
trap stop INT TERM EXIT

# Its own session: Ctrl+C reaches only this script, which asks batond once
# to stop (a second SIGINT/SIGTERM would skip the drain).
setsid "$bin/batond" --config "$config" &
batond_pid=$!
for _ in $(seq 100); do
  [ -S "$socket" ] && "$bin/batonctl" --socket "$socket" status > /dev/null 2>&1 && break
  kill -0 "$batond_pid" 2>/dev/null || { wait "$batond_pid" || exit $?; }
  sleep 0.1
done

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$bin/baton-admin" --socket "$socket" &
  admin_pid=$!
  admin="baton-admin is open (closing it leaves batond running)"
else
  admin="no display (DISPLAY and WAYLAND_DISPLAY are unset): baton-admin not started, batond runs headless"
fi

cat <<EOT

  batond is running with $config
  (two baton-worker processes serving $root/examples/www)
  $admin

    browse:   http://127.0.0.1:8080/
    status:   $bin/batonctl --socket $socket status
    reload:   $bin/batonctl --socket $socket reload      (zero dropped requests)
    events:   $bin/batonctl --socket $socket events --follow
    stop:     Ctrl+C              (workers drain, then batond exits)

EOT
status=0
wait "$batond_pid" || status=$?
batond_pid=
exit $status
