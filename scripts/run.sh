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
# Started as root, ecat serve drops to the account ecat: make it (a system account without a
# shell or home) and give it the demo database.
if [ "$(id -u)" -eq 0 ]; then
	id ecat >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin ecat
	dir=$(dirname "$db")
	chown ecat: "$dir" "$db" "$db"-wal "$db"-shm 2>/dev/null || chown ecat: "$dir" "$db"
fi
echo
echo "two-factor login is optional in the demo (require_totp = none); by default it is"
echo "required of admin, case_worker and case_manager: set ECAT_REQUIRE_TOTP to try that"
echo "ecat is serving on http://$listen  (Ctrl-C stops it)"
web=()
[ -d "$build/web" ] && web=(--web-dir "$build/web")
exec "$build/ecat" serve --db "$db" --listen "$listen" --require-totp "${ECAT_REQUIRE_TOTP:-none}" "${web[@]}"
