#!/usr/bin/env bash
# Serve the demo: create the demo database on first run, then `ecat serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 db=$2 listen=$3
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
	"$build/ecat" demo --db "$db" | tee "$db.logins"
else
	echo "using the existing demo database $db (delete it to start afresh)"
	[ -f "$db.logins" ] && cat "$db.logins"
fi
echo
echo "ecat is serving on http://$listen  (Ctrl-C stops it)"
web=()
[ -d "$build/web" ] && web=(--web-dir "$build/web")
exec "$build/ecat" serve --db "$db" --listen "$listen" "${web[@]}"
