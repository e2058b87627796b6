#!/usr/bin/env bash
# The foundation benchmarks: `make bench` runs `bench/run.sh build`.
#
# Creates a fresh demo database in a temporary directory, starts bench/mhd_ceiling
# (libmicrohttpd alone, the ceiling) and `ecat serve --rate-limit 0` on free
# loopback ports, and runs each scenario BENCH_RUNS times with wrk, the
# scenarios interleaved so that noise from other work on the machine falls on
# all of them alike.  Prints a markdown table (median req/s, p50/p99 latency,
# ratio to the ceiling of the same round, server memory) and writes it to
# bench/results/<timestamp>.md.  Then writes and reads together: connections
# creating activities beside connections reading the dashboard and a user, and
# the same reads alone; the writes acknowledged against the rows added.  Takes
# about three and a half minutes.
#
# Settings (environment): BENCH_RUNS (3), BENCH_DURATION (10 s),
# BENCH_CONNECTIONS (32), BENCH_LOGIN_DURATION (5 s), BENCH_THREADS (server
# threads; 0 = one per core, as ecat), BENCH_MIXED_RUNS (3; 0 leaves the
# writes-and-reads rounds out), BENCH_WRITE_CONNECTIONS (4),
# BENCH_READ_CONNECTIONS (28).
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
mixed_runs=${BENCH_MIXED_RUNS:-3}
write_conns=${BENCH_WRITE_CONNECTIONS:-4}
read_conns=${BENCH_READ_CONNECTIONS:-28}
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

# The writes-and-reads rounds: a coordinator creates activities of the demo's
# project, run by its own organisation, at an institution it visited.
writer= body=
if [ "$mixed_runs" -gt 0 ] && writer=$("$ecat" token create --db "$db" --login coordinator 2>/dev/null | tail -1) &&
	[ -n "$writer" ]; then
	read -r w_project w_run_by w_org < <(sqlite3 -readonly -separator ' ' "$db" \
		"SELECT a.project_id, a.run_by, a.organisation_id FROM activities a
		 JOIN projects p ON p.id = a.project_id JOIN users u ON u.organisation_id = a.run_by
		 WHERE p.code = 'ECAT' AND u.login = 'coordinator' ORDER BY a.id LIMIT 1")
	if [ -n "${w_org:-}" ]; then
		body="{\"project_id\":$w_project,\"organisation_id\":$w_org,\"run_by\":$w_run_by,\"date\":\"2014-05-05\",\"kind\":\"lecture\",\"youths\":1}"
	fi
fi
[ -n "$body" ] || { log "no coordinator or activity in the data set: the writes-and-reads rounds are left out"; mixed_runs=0; }

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
# Writes and reads together: write_conns connections creating activities (each
# answered after its commit) beside read_conns reading the dashboard (half) and
# a user (half); then the same reads alone, as the round's baseline.  Every
# write bumps the project's generation, so the dashboard is built anew after it.
# wrk_bg NAME CONNS SCRIPT [VAR=VALUE...]: one wrk in the background, its line to $tmp/NAME.
wrk_bg() {
	local name=$1 c=$2 script=$3
	shift 3
	env "$@" timeout $((duration + 15)) wrk -t1 -c"$c" -d"${duration}s" --timeout 5s -s "bench/$script" \
		"$ecat_url" | grep '^BENCH ' >>"$tmp/$name" || echo "BENCH requests=0 rps=0" >>"$tmp/$name" &
	bg+=($!)
}
bg=()
activities() { sqlite3 -readonly "$db" "SELECT count(*) FROM activities"; }
for i in $(seq "$mixed_runs"); do
	before=$(activities)
	{ echo 5 >"/proc/$ecat_pid/clear_refs"; } 2>/dev/null || true
	t0=$(ticks "$ecat_pid")
	wrk_bg mixed_write "$write_conns" activity_create.lua ECAT_TOKEN="$writer" ECAT_BODY="$body"
	wrk_bg mixed_dash $((read_conns / 2)) dashboard.lua ECAT_PROJECT="$w_project"
	wrk_bg mixed_user $((read_conns - read_conns / 2)) user_get.lua
	wait "${bg[@]}"
	bg=()
	t1=$(ticks "$ecat_pid")
	echo "peak_kb=$(kb "$ecat_pid" VmHWM) cpu_s=$(awk -v t=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')" >>"$tmp/mixed_server"
	settle "$ecat_pid"
	echo "added=$(($(activities) - before))" >>"$tmp/mixed_added"
	log "writes and reads $i: $(tail -1 "$tmp/mixed_write" | sed 's/^BENCH //' | cut -d' ' -f1-6); rows added $(tail -1 "$tmp/mixed_added")"
	wrk_bg alone_dash $((read_conns / 2)) dashboard.lua ECAT_PROJECT="$w_project"
	wrk_bg alone_user $((read_conns - read_conns / 2)) user_get.lua
	wait "${bg[@]}"
	bg=()
	settle "$ecat_pid"
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

# mrow NAME LABEL: a row of the writes-and-reads table.
mrow() {
	local errs
	errs=$({
		field "$1" errors_status
		field "$1" errors_connect
		field "$1" errors_timeout
	} | awk '{ s += $1 } END { print s + 0 }')
	printf '| %s | %s | %s | %s | %s |\n' "$2" \
		"$(field "$1" rps | median | awk '{ printf "%.0f", $1 }')" "$(ms "$(field "$1" p50_us | median)")" \
		"$(ms "$(field "$1" p99_us | median)")" "$errs"
}
mixed_table=
if [ "$mixed_runs" -gt 0 ]; then
	acked=$(paste <(field mixed_write requests) <(field mixed_write errors_status) | awk '{ s += $1 - $2 } END { print s + 0 }')
	added=$(cut -d= -f2 "$tmp/mixed_added" | awk '{ s += $1 } END { print s + 0 }')
	# wrk stops with up to one request per connection sent and not yet answered:
	# those may be committed without being counted as acknowledged.
	same=" (**fewer than acknowledged: writes lost**)"
	[ "$added" -ge "$acked" ] && [ "$added" -le $((acked + write_conns * mixed_runs)) ] &&
		same=" (none lost; $((added - acked)) more: requests in flight when wrk stopped, at most one per connection and round)"
	[ "$added" -gt $((acked + write_conns * mixed_runs)) ] && same=" (**more than acknowledged and in flight**)"
	m_peak=$(mb "$(sed 's/.*peak_kb=\([0-9]*\).*/\1/' "$tmp/mixed_server" | sort -g | tail -1)")
	m_cpu=$(sed 's/.*cpu_s=//' "$tmp/mixed_server" | tr '\n' ' ' | sed 's/ $//')
	mixed_table=$(
		cat <<EOF

Writes and reads together: $mixed_runs rounds of ${duration}s; in each, $write_conns connections create activities
(\`POST /api/v1/activities\` as a coordinator, each answered 201 after its commit with
\`synchronous=FULL\`) while $((read_conns / 2)) read the project's dashboard and $((read_conns - read_conns / 2)) a user; then
the same reads alone. Each write bumps the project's generation, so the next dashboard
read builds the page anew. Medians over the rounds; errors summed.

| load | req/s | p50 ms | p99 ms | errors |
| --- | --- | --- | --- | --- |
$(mrow mixed_write "POST /api/v1/activities, $write_conns connections, beside the reads")
$(mrow mixed_dash "GET /api/v1/projects/$w_project/dashboard, $((read_conns / 2)) connections, beside the writes")
$(mrow mixed_user "GET /api/v1/users/1, $((read_conns - read_conns / 2)) connections, beside the writes")
$(mrow alone_dash "GET /api/v1/projects/$w_project/dashboard, $((read_conns / 2)) connections, alone")
$(mrow alone_user "GET /api/v1/users/1, $((read_conns - read_conns / 2)) connections, alone")

Writes acknowledged (201): $acked; activities added to the database: $added$same.
Server during the writes-and-reads rounds: peak RSS $m_peak MB; CPU $m_cpu s per round.
EOF
	)
fi

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
$mixed_table
EOF
)

mkdir -p bench/results
echo "$report" | tee "bench/results/$stamp.md"
echo >&2
log "written to bench/results/$stamp.md"
