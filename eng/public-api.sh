#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt, sorted.
# Usage: eng/public-api.sh src/Geonode.Scraper   (run after changing the public surface; review the diff before committing)
# Removed symbols (RS0017) are not touched: a removal from PublicAPI.Shipped.txt is a breaking change and is edited by hand.
set -euo pipefail
project_dir=${1:?usage: eng/public-api.sh <project folder>}
unshipped="$project_dir/PublicAPI.Unshipped.txt"
[ -f "$unshipped" ] || { echo "no $unshipped"; exit 1; }
log=$(mktemp)
dotnet build "$project_dir" -c Release --no-incremental -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
symbols=$(grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
  | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" | sort -u || true)
rm -f "$log"
if [ -z "$symbols" ]; then echo "public API files are up to date"; exit 0; fi
{ tail -n +2 "$unshipped"; printf '%s\n' "$symbols"; } | grep -v '^$' | sort -u > "$unshipped.tmp"
{ echo "#nullable enable"; cat "$unshipped.tmp"; } > "$unshipped"
rm -f "$unshipped.tmp"
echo "added $(printf '%s\n' "$symbols" | wc -l) symbol(s) to $unshipped"
