#!/usr/bin/env bash
# The victims' cases benchmark: `make bench-cases` runs `bench/cases.sh build`.
#
# 1. The data set: `ecat init`, then bench/gen_cases (BENCH_AGENCIES agencies,
#    BENCH_CASES cases with a consent and BENCH_REFERRALS referrals each, half of
#    them accepted), written through ecat's own doors.
# 2. Under wrk, interleaved BENCH_RUNS times beside bench/mhd_ceiling serving
#    the same case body: an authorised case GET (scope, nine fields opened, the
#    access-log row and audit entry committed before the answer), a search
#    answering a page of 50 cases with names (50 access-log rows per request),
#    and registration with the duplicate check (one durable commit each).
# 3. `ecat key rotate` of the whole data set, the service stopped.
#
# Prints a markdown table of medians and writes it to
# bench/results/<timestamp>-cases.md.  Settings (environment): BENCH_AGENCIES
# (20), BENCH_CASES (100000), BENCH_REFERRALS (2), BENCH_RUNS (3),
# BENCH_DURATION (10 s), BENCH_CONNECTIONS (32), BENCH_WRITE_CONNECTIONS (8),
# BENCH_THREADS (server threads; 0 = one per core).
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD
[[ $build = /* ]] || build=$root/$build

agencies=${BENCH_AGENCIES:-20}
cases=${BENCH_CASES:-100000}
refs=${BENCH_REFERRALS:-2}
runs=${BENCH_RUNS:-3}
duration=${BENCH_DURATION:-10}
conns=${BENCH_CONNECTIONS:-32}
write_conns=${BENCH_WRITE_CONNECTIONS:-8}
threads=${BENCH_THREADS:-0}

ecat=$build/ecat
ceiling=$build/bench/mhd_ceiling
gen=$build/bench/gen_cases
for f in "$ecat" "$ceiling" "$gen"; do
	[ -x "$f" ] || { echo "bench: $f is missing; build first (make)" >&2; exit 1; }
done
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
	echo "bench: installing ${need[*]}" >&2
	sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get install -y "${need[@]}" >/dev/null ||
		{ "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y "${need[@]}" >/dev/null; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecat-bench-cases.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_start=$EPOCHREALTIME
log() { printf 'bench: [%4.0fs] %s\n' "$(awk -v a="$t_start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wait_file() {
	for _ in $(seq 200); do
		[ -s "$1" ] && head -1 "$1" | grep -qE '^[0-9]+$' && return 0
		sleep 0.1
	done
	echo "bench: no port in $1" >&2
	return 1
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
load_start=$(loadavg)

# ---- 1. the data set ----
db=$tmp/cases.db
log "building the data set: $cases cases over $agencies agencies, $refs referrals each (load average $(loadavg))"
"$ecat" init --db "$db" >"$tmp/init.log" 2>&1
"$gen" --db "$db" --agencies "$agencies" --cases "$cases" --referrals "$refs" 2>/dev/null >"$tmp/gen.out"
gen_summary=$(tail -1 "$tmp/gen.out")
log "data set: $gen_summary"
token=$("$ecat" token create --db "$db" --login cw1 2>/dev/null | tail -1)
[ -n "$token" ] || { echo "bench: cannot create an API token" >&2; exit 1; }
db_mb=$(du -m "$db" | cut -f1)

# ---- 2. reads and registrations ----
. "$root/scripts/serve-user.sh"
serve_as_nobody "$tmp"
"$ecat" serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/ecat.port" --rate-limit 0 "${serve_user[@]}" \
	--threads "$threads" 2>"$tmp/ecat.log" &
pids+=($!)
ecat_pid=$!
wait_file "$tmp/ecat.port"
ecat_url=http://127.0.0.1:$(head -1 "$tmp/ecat.port")
status=$(curl -s -o "$tmp/case.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$ecat_url/api/v1/cases/1")
[ "$status" = 200 ] || { echo "bench: GET /api/v1/cases/1 answered $status" >&2; exit 1; }
case_bytes=$(wc -c <"$tmp/case.json")
search_path="/api/v1/cases?q=Family7&limit=50"
search_rows=$(curl -s -H "Authorization: Bearer $token" "$ecat_url$search_path" | grep -o '"family_name":"Family7"' | wc -l)
"$ceiling" 0 "$threads" "$tmp/case.json" >"$tmp/ceiling.port" 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
wait_file "$tmp/ceiling.port"
ceiling_url=http://127.0.0.1:$(head -1 "$tmp/ceiling.port")
export ECAT_TOKEN=$token ECAT_FIRST=1 ECAT_STEP=$agencies ECAT_COUNT=$((cases / agencies))

# run NAME PID URL SCRIPT CONNECTIONS [ENV...]: one wrk run; appends one line to $tmp/NAME.
run() {
	local name=$1 pid=$2 url=$3 script=$4 c=$5 out t0 t1 cpu
	shift 5
	t0=$(ticks "$pid")
	out=$(env "$@" timeout $((duration + 15)) wrk -t2 -c"$c" -d"${duration}s" --timeout 5s \
		-s "bench/$script" "$url" | grep '^BENCH ' || true)
	t1=$(ticks "$pid")
	[ -n "$out" ] || out="BENCH requests=0 rps=0"
	cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$(grep -o ' requests=[0-9]*' <<<"$out" | cut -d= -f2)" \
		'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
	echo "$out cpu_us=$cpu" >>"$tmp/$name"
	log "$name: $(sed 's/^BENCH //; s/ max_us.*errors_status/ errors_status/' <<<"$out") cpu_us=$cpu"
	sleep 1
}
log "wrk: $runs rounds of ${duration}s (load average $(loadavg))"
load_wrk_start=$(loadavg)
for _ in $(seq "$runs"); do
	run ceiling "$ceiling_pid" "$ceiling_url" ceiling.lua "$conns"
	run case_get "$ecat_pid" "$ecat_url" case_get.lua "$conns"
	run case_search "$ecat_pid" "$ecat_url" case_get.lua "$conns" ECAT_PATH="$search_path"
	run case_create "$ecat_pid" "$ecat_url" case_create.lua "$write_conns"
done
load_wrk_end=$(loadavg)
access_rows=$(sqlite3 -readonly "$db" "SELECT count(*) FROM case_access_log")
kill "$ecat_pid" "$ceiling_pid"
wait "$ecat_pid" "$ceiling_pid" 2>/dev/null || true
pids=()

# ---- 3. key rotation ----
rows=$(sqlite3 -readonly "$db" "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM referrals) + (SELECT count(*) FROM case_notes)")
log "key rotation of $rows rows (load average $(loadavg))"
rotate_out=$("$ecat" key rotate --db "$db" 2>&1 | tail -1)
log "$rotate_out"
rotate_rps=$(grep -o '([0-9]* rows/s)' <<<"$rotate_out" | tr -dc 0-9)

field() { grep -o " $2=[0-9.]*" "$tmp/$1" | cut -d= -f2; }
errs() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^errors_/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }' "$tmp/$1"; }
ceil_rps=$(field ceiling rps | median)
row() { # name label
	local rps p50 p99 cpu
	rps=$(field "$1" rps | median)
	p50=$(field "$1" p50_us | median)
	p99=$(field "$1" p99_us | median)
	cpu=$(field "$1" cpu_us | median)
	printf '| %s | %.0f | %.0f%% | %.2f | %.2f | %s | %s |\n' "$2" "$rps" \
		"$(awk -v a="$rps" -v b="$ceil_rps" 'BEGIN { print (b > 0 ? 100 * a / b : 0) }')" \
		"$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" \
		"$cpu" "$(errs "$1")"
}
mkdir -p bench/results
result=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-cases.md
{
	echo "## ecat bench-cases, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $load_start at start, $load_wrk_start / $load_wrk_end around wrk."
	echo "Data set: $gen_summary; $db_mb MB. Case body $case_bytes bytes; the search page holds $search_rows cases."
	echo "wrk -t2 -d${duration}s, $conns connections ($write_conns for registrations), medians of $runs interleaved rounds; server CPU per request from /proc."
	echo
	echo "| scenario | req/s | of ceiling | p50 ms | p99 ms | server CPU µs/req | errors |"
	echo "|---|---|---|---|---|---|---|"
	row ceiling "ceiling (mhd_ceiling, the same case body)"
	row case_get "GET /api/v1/cases/{id} (decrypt + access log + audit, committed)"
	row case_search "GET /api/v1/cases?q= (a page of $search_rows cases with names, one access-log row each)"
	row case_create "POST /api/v1/cases (duplicate check, one durable commit)"
	echo
	echo "Access-log rows written during the runs: $access_rows."
	echo "Key rotation, service stopped: $rotate_out (${rotate_rps:-?} rows/s)."
} | tee "$result"
log "written to $result"
