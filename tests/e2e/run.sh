#!/usr/bin/env bash
# Browser tests of the web interface against the real service:
#   tests/e2e/run.sh BUILD [NAME...]
# Creates a fresh demo database with BUILD/ecat, assembles BUILD/web when it
# is missing, starts `BUILD/ecat serve` on a free loopback port, runs every
# tests/e2e/*.test.mjs with node's test runner (Debian's Chromium driven by
# playwright-core), stops the server and closes with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
root=$PWD
mkdir -p tests/artifacts
tmp=$(mktemp -d)
server=
finish() {
	if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
		kill -TERM "$server" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$server" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap finish EXIT
fail_setup() {
	echo "e2e: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

[ -x "$build/ecat" ] || fail_setup "$build/ecat is missing; build first (make)"
[ -x /usr/bin/chromium ] || fail_setup "/usr/bin/chromium is missing (apt-get install chromium)"
[ -d node_modules/playwright-core ] || fail_setup "node_modules is missing (scripts/install-deps.sh --test)"
if [ ! -d "$build/web" ]; then
	scripts/build-web.sh "$build/web" || fail_setup "cannot assemble $build/web"
fi

"$build/ecat" demo --db "$tmp/demo.db" >"$tmp/logins" 2>"$tmp/demo.log" ||
	fail_setup "ecat demo failed: $(tail -1 "$tmp/demo.log")"

. scripts/serve-user.sh
serve_as_nobody "$tmp"
# Case roles must set up two-factor login, as by default; the administrator logs in with a
# password alone so the programme screens can be tested.
"$build/ecat" serve --db "$tmp/demo.db" --web-dir "$build/web" --listen 127.0.0.1:0 \
	"${serve_user[@]}" --require-totp case_worker,case_manager \
	--port-file "$tmp/port" >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
	[ -s "$tmp/port" ] && break
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
done
[ -s "$tmp/port" ] || fail_setup "ecat serve did not start: $(tail -3 "$tmp/serve.log")"
port=$(cat "$tmp/port")

# The files run one after another, in name order: the later ones change the
# demo data that the earlier ones count.
mapfile -t files < <(ls tests/e2e/*.test.mjs | sort)
if [ $# -gt 1 ]; then
	keep=()
	for f in "${files[@]}"; do
		for n in "${@:2}"; do
			case $(basename "$f") in *"$n"*) keep+=("$f"); break ;; esac
		done
	done
	files=("${keep[@]}")
fi
ECAT_E2E_URL="http://127.0.0.1:$port" ECAT_E2E_ARTIFACTS="$root/tests/artifacts" \
	ECAT_E2E_BIN="$root/$build/ecat" ECAT_E2E_DB="$tmp/demo.db" ECAT_E2E_WEB="$root/$build/web" \
	node --test --test-concurrency=1 --test-reporter=tap "${files[@]}" 2>&1 | tee "$tmp/tap"
rc=${PIPESTATUS[0]}
cp "$tmp/serve.log" tests/artifacts/e2e-serve.log 2>/dev/null

pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tmp/tap" | tail -1)
pass=${pass:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
