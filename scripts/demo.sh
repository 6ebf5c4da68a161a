#!/usr/bin/env bash
# ./dev demo: run batond in the foreground on the bundled example config.
set -euo pipefail
build_dir=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=$root/examples/demo.toml

"$build_dir/bin/batond" --check "$config"
cat <<EOT

  batond is starting with $config
  (two baton-worker processes serving $root/examples/www)

    browse:   http://127.0.0.1:8080/
    reload:   kill -HUP $$        (new generation, zero dropped requests)
    events:   tail -f $root/examples/state/events.jsonl
    stop:     Ctrl+C              (workers drain, then batond exits)

EOT
exec "$build_dir/bin/batond" --config "$config"
