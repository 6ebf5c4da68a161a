#!/usr/bin/env bash
# batond --check on the shipped example (must pass) and on every broken
# example in tests/data/invalid (must fail with the exact line its first
# comment announces as "# expect: LINE:COL: severity: message").
set -u
batond=$1 examples=$2 data=$3
failures=0 checked=0

if ! out=$("$batond" --check "$examples/demo.toml" 2>&1); then
  echo "FAIL: examples/demo.toml should be valid:"; echo "$out"; failures=$((failures + 1))
fi
checked=$((checked + 1))

for file in "$data"/invalid/*.toml; do
  checked=$((checked + 1))
  expect=$(head -n 1 "$file" | sed -n 's/^# expect: //p')
  out=$("$batond" --check "$file" 2>&1); status=$?
  if [ "$status" -ne 1 ]; then
    echo "FAIL: $file: exit code $status, expected 1"; failures=$((failures + 1)); continue
  fi
  if ! grep -qxF "$file:$expect" <<<"$out"; then
    printf 'FAIL: %s: expected line\n  %s\ngot:\n%s\n' "$file" "$file:$expect" "$out"; failures=$((failures + 1))
  fi
done
echo "$((checked - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
