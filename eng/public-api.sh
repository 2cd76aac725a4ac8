#!/usr/bin/env bash
# Brings a project's PublicAPI.Unshipped.txt in line with its public surface (review the diff before committing):
# - every public symbol the build reports as undeclared (RS0016) is added;
# - every declared symbol the build reports as gone (RS0017) is removed from Unshipped, or, when it had shipped, marked
#   "*REMOVED*" in Unshipped (a breaking change: say so in CHANGELOG under "Changed (breaking)").
# Usage: eng/public-api.sh src/Geonode.Scraper
set -euo pipefail
project_dir=${1:?usage: eng/public-api.sh <project folder>}
unshipped="$project_dir/PublicAPI.Unshipped.txt"
shipped="$project_dir/PublicAPI.Shipped.txt"
[ -f "$unshipped" ] || { echo "no $unshipped"; exit 1; }
log=$(mktemp)
dotnet build "$project_dir" -c Release --no-incremental -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
added=$(grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
  | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" | sort -u || true)
removed=$(grep -o "RS0017: Symbol '.*' is part of the declared API, but is either not public or could not be found" "$log" \
  | sed -e "s/^RS0017: Symbol '//" -e "s/' is part of the declared API, but is either not public or could not be found$//" | sort -u || true)
rm -f "$log"
if [ -z "$added" ] && [ -z "$removed" ]; then echo "public API files are up to date"; exit 0; fi
body=$(tail -n +2 "$unshipped")
marks=""
while IFS= read -r symbol; do
  [ -n "$symbol" ] || continue
  if grep -qxF -- "$symbol" <<<"$body"; then
    body=$(grep -vxF -- "$symbol" <<<"$body" || true)
  elif grep -qxF -- "$symbol" "$shipped"; then
    marks+="*REMOVED*$symbol"$'\n'
  fi
done <<<"$removed"
{ printf '%s\n' "$body"; printf '%s\n' "$added"; printf '%s' "$marks"; } | grep -v '^$' | sort -u > "$unshipped.tmp"
{ echo "#nullable enable"; cat "$unshipped.tmp"; } > "$unshipped"
rm -f "$unshipped.tmp"
echo "added $(grep -c . <<<"$added" || true), removed $(grep -c . <<<"$removed" || true) symbol(s) in $unshipped"
