#!/usr/bin/env bash
# The foundation benchmarks: `make bench` runs `bench/run.sh build`.
#
# Creates a fresh demo database in a temporary directory, starts bench/mhd_ceiling
# (libmicrohttpd alone, the ceiling) and `ecat serve --rate-limit 0` on free
# loopback ports, and runs each scenario BENCH_RUNS times with wrk, the
# scenarios interleaved so that noise from other work on the machine falls on
# all of them alike.  Prints a markdown table (median req/s, p50/p99 latency,
# ratio to the ceiling of the same round, server memory) and writes it to
# bench/results/<timestamp>.md.  Takes about two and a half minutes.
#
# Settings (environment): BENCH_RUNS (3), BENCH_DURATION (10 s),
# BENCH_CONNECTIONS (32), BENCH_LOGIN_DURATION (5 s), BENCH_THREADS (server
# threads; 0 = one per core, as ecat).
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD
[[ $build = /* ]] || build=$root/$build

runs=${BENCH_RUNS:-3}
duration=${BENCH_DURATION:-10}
conns=${BENCH_CONNECTIONS:-32}
login_duration=${BENCH_LOGIN_DURATION:-5}
threads=${BENCH_THREADS:-0}
wrk_threads=2

ecat=$build/ecat
ceiling=$build/bench/mhd_ceiling
for f in "$ecat" "$ceiling"; do
	[ -x "$f" ] || { echo "bench: $f is missing; build first (make)" >&2; exit 1; }
done

if ! command -v wrk >/dev/null; then
	echo "bench: installing wrk" >&2
	sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get install -y wrk >/dev/null ||
		{ "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y wrk >/dev/null; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecat-bench.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }

# wait_file FILE: until FILE holds a line (a port), at most 10 s.
wait_file() {
	for _ in $(seq 100); do
		[ -s "$1" ] && head -1 "$1" | grep -qE '^[0-9]+$' && return 0
		sleep 0.1
	done
	echo "bench: no port in $1" >&2
	return 1
}

# ---- the database ----

db=$tmp/demo.db
dataset="demo (\`ecat demo\`)"
if ! "$ecat" demo --db "$db" >"$tmp/demo.log" 2>&1; then
	# Fallback while `ecat demo` fails: the same logins on a minimal database.
	why=$(grep -m1 'ecat demo:' "$tmp/demo.log" || tail -1 "$tmp/demo.log")
	log "ecat demo failed ($why); using ecat init + gen_dataset + ecat user add"
	rm -f "$db" "$db"-* "$db.key"
	"$ecat" init --db "$db" >"$tmp/init.log" 2>&1
	"$build/bench/gen_dataset" --db "$db" --organisations 8 --activities 0 --partners 0 \
		>"$tmp/gen.log" 2>&1
	printf 'demo-admin-pass-2013\n' >"$tmp/pw"
	"$ecat" user add --db "$db" --login admin --org 1 --role admin --password-file "$tmp/pw" \
		>>"$tmp/init.log" 2>&1
	printf 'demo-viewer-pass-2013\n' >"$tmp/pw"
	"$ecat" user add --db "$db" --login viewer --org 2 --role viewer --password-file "$tmp/pw" \
		>>"$tmp/init.log" 2>&1
	dataset="fallback: \`ecat init\` + 8 organisations (gen_dataset) + users admin, viewer; \`ecat demo\` failed: ${why}"
fi
token=$("$ecat" token create --db "$db" --login admin 2>/dev/null | tail -1)
[ -n "$token" ] || { echo "bench: cannot create an API token" >&2; exit 1; }

# ---- the servers ----

"$ceiling" 0 "$threads" >"$tmp/ceiling.port" 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
. "$root/scripts/serve-user.sh"
serve_as_nobody "$tmp"
"$ecat" serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/ecat.port" --rate-limit 0 "${serve_user[@]}" \
	--threads "$threads" 2>"$tmp/ecat.log" &
pids+=($!)
ecat_pid=$!
wait_file "$tmp/ceiling.port"
wait_file "$tmp/ecat.port"
ceiling_url=http://127.0.0.1:$(head -1 "$tmp/ceiling.port")
ecat_url=http://127.0.0.1:$(head -1 "$tmp/ecat.port")
export ECAT_TOKEN=$token

status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
	"$ecat_url/api/v1/users/1" 2>/dev/null || echo "no curl")
[ "$status" = 200 ] || [ "$status" = "no curl" ] ||
	{ echo "bench: GET /api/v1/users/1 answered $status" >&2; exit 1; }

# ---- one wrk run ----

# kb PID FIELD: a VmRSS/VmHWM value in kB.
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ticks PID: CPU time (user + system) the process has used, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)

# settle PID: wait (at most 10 s) until the server has finished the requests
# still in flight when wrk stopped, so that they do not count in the next run.
settle() {
	local a b
	for _ in $(seq 40); do
		a=$(ticks "$1")
		sleep 0.25
		b=$(ticks "$1")
		[ "$a" = "$b" ] && return 0
	done
}

# run NAME PID URL SCRIPT SECONDS WRK-ARGS...: one run; appends one line to $tmp/NAME.
run() {
	local name=$1 pid=$2 url=$3 script=$4 secs=$5
	shift 5
	# Reset the peak (VmHWM) so it covers this run only; also sample VmRSS.
	{ echo 5 >"/proc/$pid/clear_refs"; } 2>/dev/null || true
	(
		peak=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(kb "$pid" VmRSS)
			[ "${v:-0}" -gt "$peak" ] && peak=$v && echo "$peak" >"$tmp/$name.sampled"
			sleep 0.2
		done
	) &
	local sampler=$!
	local out t0 t1
	t0=$(ticks "$pid")
	out=$(timeout $((secs + 15)) wrk "$@" -d"${secs}s" --timeout 5s -s "bench/$script" "$url" |
		grep '^BENCH ' || true)
	t1=$(ticks "$pid")
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	local hwm sampled after
	hwm=$(kb "$pid" VmHWM)
	sampled=$(cat "$tmp/$name.sampled" 2>/dev/null || echo 0)
	[ "${sampled:-0}" -gt "${hwm:-0}" ] && hwm=$sampled
	settle "$pid"
	after=$(kb "$pid" VmRSS)
	[ -n "$out" ] || { echo "bench: wrk gave no result for $name" >&2; out="BENCH requests=0 rps=0"; }
	local cpu
	cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$(grep -o ' requests=[0-9]*' <<<"$out" | cut -d= -f2)" \
		'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
	echo "$out cpu_us=$cpu peak_kb=$hwm after_kb=$after" >>"$tmp/$name"
	log "$name: $(sed 's/^BENCH //' <<<"$out") cpu_us=$cpu peak_kb=$hwm after_kb=$after"
}

log "ceiling $ceiling_url, ecat $ecat_url, $runs runs of ${duration}s, $conns connections"
# Warm-up, not recorded: first connections, statement caches, page cache.
timeout 20 wrk -t1 -c4 -d2s "$ceiling_url/" >/dev/null
timeout 20 wrk -t1 -c4 -d2s -s bench/user_get.lua "$ecat_url" >/dev/null

started=$(date +%s)
for i in $(seq "$runs"); do
	run ceiling "$ceiling_pid" "$ceiling_url" ceiling.lua "$duration" -t$wrk_threads -c"$conns"
	run health "$ecat_pid" "$ecat_url" health.lua "$duration" -t$wrk_threads -c"$conns"
	run user_get "$ecat_pid" "$ecat_url" user_get.lua "$duration" -t$wrk_threads -c"$conns"
done
# Logins last: each Argon2id check takes 64 MiB, which would blur the memory of the others.
for i in $(seq "$runs"); do
	run login1 "$ecat_pid" "$ecat_url" login.lua "$login_duration" -t1 -c1
	run login4 "$ecat_pid" "$ecat_url" login.lua "$login_duration" -t1 -c4
done
elapsed=$(($(date +%s) - started))

# ---- the table ----

# field NAME KEY: the values of KEY over the runs of NAME, one a line.
field() { grep -o " $2=[0-9.]*" "$tmp/$1" | cut -d= -f2; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { awk -v u="$1" 'BEGIN { printf (u >= 100000 ? "%.0f" : "%.2f"), u / 1000 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ratio NAME KEY: median over rounds of NAME's KEY over the ceiling's in the same round.
ratio() {
	paste <(field "$1" "$2") <(field ceiling "$2") | awk '$2 > 0 { print $1 / $2 }' | median
}

row() {
	local name=$1 label=$2 unit=$3 with_ratio=$4
	local rps p50 p99 cpu peak after errs r="-" rc="-"
	rps=$(field "$name" rps | median)
	p50=$(field "$name" p50_us | median)
	p99=$(field "$name" p99_us | median)
	cpu=$(field "$name" cpu_us | median)
	peak=$(field "$name" peak_kb | sort -g | tail -1)
	after=$(field "$name" after_kb | sort -g | tail -1)
	errs=$({
		field "$name" errors_status
		field "$name" errors_connect
		field "$name" errors_timeout
	} | awk '{ s += $1 } END { print s + 0 }')
	if [ "$with_ratio" = yes ]; then
		r=$(ratio "$name" rps | awk '{ printf "%.0f%%", $1 * 100 }')
		rc=$(ratio "$name" cpu_us | awk '{ printf "%.1f×", $1 }')
	fi
	printf '| %s | %s %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" \
		"$(awk -v v="$rps" 'BEGIN { printf (v >= 100 ? "%.0f" : "%.1f"), v }')" "$unit" \
		"$(ms "$p50")" "$(ms "$p99")" "$r" "$(awk -v v="$cpu" 'BEGIN { if (v >= 10000) printf "%.0f ms", v / 1000; else printf "%.1f", v }')" \
		"$rc" "$(mb "$peak")" "$(mb "$after")" "$errs"
}

cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src 2>/dev/null | grep -q . && echo " (src modified)" || true)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
server_threads=$threads
[ "$server_threads" = 0 ] && server_threads="$(nproc) (one per core)"

report=$(
	cat <<EOF
## Foundation benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit$dirty

- machine: $(nproc) cores ($cpu_model), $mem memory, Linux $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- data set: $dataset
- servers: \`ecat serve --rate-limit 0 --threads $threads\` and \`mhd_ceiling 0 $threads\`, server threads: $server_threads; both on 127.0.0.1
- load: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), \`wrk -t$wrk_threads -c$conns -d${duration}s\` (ceiling, health, GET user; interleaved), \`wrk -t1 -c1|-c4 -d${login_duration}s\` (login); $runs runs each, ${elapsed}s of load in all; wrk shares the cores with the server
- req/s, p50, p99: medians over the runs; ratio: median over the rounds of req/s ÷ the ceiling's req/s in the same round
- server CPU µs/req: (user + system) CPU time of the server process during a run ÷ requests answered (median over runs); CPU × ceiling: the same over the ceiling's, median over the rounds.  Less sensitive than req/s to other work on the machine
- RSS: peak = VmHWM of the server during a run (reset before each run; highest over the runs), after = VmRSS once the server is idle again after the run (highest over the runs)

| scenario | median rate | p50 ms | p99 ms | rate of ceiling | server CPU µs/req | CPU × ceiling | RSS peak MB | RSS after MB | errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(row ceiling "ceiling: mhd_ceiling, constant JSON" "req/s" no)
$(row health "GET /api/v1/health" "req/s" yes)
$(row user_get "GET /api/v1/users/1 (bearer token)" "req/s" yes)
$(row login1 "POST /api/v1/session, 1 connection" "logins/s" no)
$(row login4 "POST /api/v1/session, 4 connections" "logins/s" no)
EOF
)

mkdir -p bench/results
echo "$report" | tee "bench/results/$stamp.md"
echo >&2
log "written to bench/results/$stamp.md"
