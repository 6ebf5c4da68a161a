#!/usr/bin/env bash
# Every user-visible string of baton-admin has a finished translation in
# every .ts file. Runs lupdate (with the same project the build's
# baton-admin_lupdate target uses) on copies of the .ts files, so a string
# added to the code but not yet translated fails here, without touching
# the checked-in files.
#   check_translations.sh LUPDATE GENERATE_PROJECT_CMAKE PROJECT_IN TS...
set -euo pipefail
lupdate=$1 generate=$2 project_in=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -DIN_FILE="$project_in" -DOUT_FILE="$work/project.json" -P "$generate"
status=0
for ts in "$@"; do
  copy=$work/$(basename "$ts")
  cp "$ts" "$copy"
  "$lupdate" -silent -project "$work/project.json" -no-obsolete -locations none -ts "$copy"
  missing=$(grep -c 'type="unfinished"' "$copy" || true)
  total=$(grep -c '<message' "$copy" || true)
  if [ "$missing" -ne 0 ]; then
    echo "$(basename "$ts"): $missing of $total strings untranslated:" >&2
    grep -B2 'type="unfinished"' "$copy" | sed -n 's|.*<source>\(.*\)</source>.*|  \1|p' >&2
    status=1
  else
    echo "$(basename "$ts"): all $total strings translated"
  fi
done
exit $status
