#!/usr/bin/env bash
# The prevention programme benchmark: `make bench-programme` runs
# `bench/programme.sh build`.
#
# 1. Builds the data set in a temporary directory: `ecat init`, then
#    bench/gen_dataset (BENCH_ORGANISATIONS organisations, one project with its
#    partners, BENCH_ACTIVITIES activities), an admin user and an API token.
# 2. Dashboard: starts `ecat serve --rate-limit 0` and two ceilings
#    (bench/mhd_ceiling with its 50-byte body, and with the dashboard's own
#    bytes), checks that the dashboard's totals equal those of a plain sqlite3
#    query, times a dashboard build after its cache is invalidated, and runs
#    wrk BENCH_RUNS times on each, interleaved, with BENCH_CONNECTIONS and then
#    (dashboard and same-body ceiling) with BENCH_LATENCY_CONNECTIONS.  Then
#    times the plain sqlite3 query that computes the same totals.
# 3. Import: writes BENCH_IMPORT_ROWS valid activity rows of the project as CSV
#    and, BENCH_IMPORT_RUNS times on fresh copies of the database, times
#    `ecat import activities`, a plain sqlite3 `.import` of the same file into a
#    scratch table (the ceiling) and a plain sqlite3 INSERT ... SELECT of the
#    same rows into activities (its indexes and aggregate triggers fire: what
#    the schema alone costs).
# 2b. Report and upload (between 2 and 3, on the same server): the project's
#    funder report as PDF and as XLSX over its whole period, BENCH_REPORT_RUNS
#    times each, and a BENCH_UPLOAD_MB MiB file put to a new material
#    BENCH_UPLOAD_RUNS times, with the server's RSS before and at its peak.
#
# Prints markdown tables of medians and writes them to
# bench/results/<timestamp>-programme.md.  5.5 to 7.5 minutes on this two-core
# machine, most of it building the data set and importing.
#
# Settings (environment): BENCH_ORGANISATIONS (100000), BENCH_ACTIVITIES
# (1000000), BENCH_RUNS (3), BENCH_DURATION (10 s), BENCH_CONNECTIONS (32),
# BENCH_LATENCY_CONNECTIONS (8) and BENCH_LATENCY_DURATION (5 s) for the
# lower-load rounds, BENCH_THREADS (server threads; 0 = one per core, as ecat),
# BENCH_SQL_RUNS (5), BENCH_IMPORT_ROWS (200000), BENCH_IMPORT_RUNS (3),
# BENCH_REPORT_RUNS (3), BENCH_UPLOAD_MB (50), BENCH_UPLOAD_RUNS (3).
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD
[[ $build = /* ]] || build=$root/$build

orgs=${BENCH_ORGANISATIONS:-100000}
activities=${BENCH_ACTIVITIES:-1000000}
runs=${BENCH_RUNS:-3}
duration=${BENCH_DURATION:-10}
conns=${BENCH_CONNECTIONS:-32}
lat_conns=${BENCH_LATENCY_CONNECTIONS:-8}
lat_duration=${BENCH_LATENCY_DURATION:-5}
threads=${BENCH_THREADS:-0}
sql_runs=${BENCH_SQL_RUNS:-5}
import_rows=${BENCH_IMPORT_ROWS:-200000}
import_runs=${BENCH_IMPORT_RUNS:-3}
report_runs=${BENCH_REPORT_RUNS:-3}
upload_mb=${BENCH_UPLOAD_MB:-50}
upload_runs=${BENCH_UPLOAD_RUNS:-3}
wrk_threads=2
project=1

ecat=$build/ecat
ceiling=$build/bench/mhd_ceiling
gen=$build/bench/gen_dataset
for f in "$ecat" "$ceiling" "$gen"; do
	[ -x "$f" ] || { echo "bench: $f is missing; build first (make)" >&2; exit 1; }
done
[ "$import_rows" -le "$activities" ] ||
	{ echo "bench: BENCH_IMPORT_ROWS must not exceed BENCH_ACTIVITIES" >&2; exit 1; }

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
	echo "bench: installing ${need[*]}" >&2
	sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get install -y "${need[@]}" >/dev/null ||
		{ "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y "${need[@]}" >/dev/null; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecat-bench-programme.XXXXXX")
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
# secs_since T0: seconds (3 decimals) from EPOCHREALTIME T0 to now.
secs_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# wait_file FILE: until FILE holds a line (a port), at most 20 s.
wait_file() {
	for _ in $(seq 200); do
		[ -s "$1" ] && head -1 "$1" | grep -qE '^[0-9]+$' && return 0
		sleep 0.1
	done
	echo "bench: no port in $1" >&2
	return 1
}

load_start=$(loadavg)

# ---- 1. the data set ----

db=$tmp/programme.db
log "building the data set: $orgs organisations, $activities activities (load average $(loadavg))"
"$ecat" init --db "$db" >"$tmp/init.log" 2>&1
t0=$EPOCHREALTIME
# gen_dataset rewrites one progress line with \r; show every quarter as its own line.
"$gen" --db "$db" --organisations "$orgs" --activities "$activities" 2>&1 >"$tmp/gen.out" |
	awk -v RS='[\r\n]' '/\((  0| 25| 50| 75|100)%/ { print "bench:        gen_dataset " $0; fflush() }' >&2
gen_secs=$(secs_since "$t0")
gen_summary=$(tail -1 "$tmp/gen.out")
log "data set built in ${gen_secs}s: $gen_summary"
printf 'bench-admin-pass-2013\n' >"$tmp/pw"
"$ecat" user add --db "$db" --login admin --org 1 --role admin --password-file "$tmp/pw" \
	>>"$tmp/init.log" 2>&1
token=$("$ecat" token create --db "$db" --login admin 2>/dev/null | tail -1)
[ -n "$token" ] || { echo "bench: cannot create an API token" >&2; exit 1; }
# Materials are written by the programme's roles, not the administrator's.
"$ecat" user add --db "$db" --login coordinator --org 1 --role coordinator --password-file "$tmp/pw" \
	>>"$tmp/init.log" 2>&1
writer=$("$ecat" token create --db "$db" --login coordinator 2>/dev/null | tail -1)
[ -n "$writer" ] || { echo "bench: cannot create the coordinator's API token" >&2; exit 1; }
db_mb=$(du -m "$db" | cut -f1)

# ---- 2. the dashboard ----

. "$root/scripts/serve-user.sh"
serve_as_nobody "$tmp"
"$ecat" serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/ecat.port" --rate-limit 0 "${serve_user[@]}" \
	--threads "$threads" 2>"$tmp/ecat.log" &
pids+=($!)
ecat_pid=$!
wait_file "$tmp/ecat.port"
ecat_url=http://127.0.0.1:$(head -1 "$tmp/ecat.port")
dash_path=/api/v1/projects/$project/dashboard
export ECAT_TOKEN=$token ECAT_PROJECT=$project

# The first request builds the page from the aggregates (cold: statement cache, page cache).
read -r status cold_s < <(curl -s -o "$tmp/dashboard.json" -w '%{http_code} %{time_total}\n' \
	-H "Authorization: Bearer $token" "$ecat_url$dash_path")
[ "$status" = 200 ] || { echo "bench: GET $dash_path answered $status" >&2; exit 1; }
body_bytes=$(wc -c <"$tmp/dashboard.json")
cold_ms=$(awk -v s="$cold_s" 'BEGIN { printf "%.1f", s * 1000 }')

"$ceiling" 0 "$threads" >"$tmp/ceiling.port" 2>"$tmp/ceiling.log" &
pids+=($!)
ceiling_pid=$!
"$ceiling" 0 "$threads" "$tmp/dashboard.json" >"$tmp/ceiling_body.port" 2>"$tmp/ceiling_body.log" &
pids+=($!)
ceiling_body_pid=$!
wait_file "$tmp/ceiling.port"
wait_file "$tmp/ceiling_body.port"
ceiling_url=http://127.0.0.1:$(head -1 "$tmp/ceiling.port")
ceiling_body_url=http://127.0.0.1:$(head -1 "$tmp/ceiling_body.port")

# The same totals computed from the activities by plain sqlite3: they must agree.
totals_sql="SELECT count(*), count(DISTINCT organisation_id), sum(youths), sum(specialists),
 sum(teachers), sum(parents), sum(business_staff), sum(public) FROM activities WHERE project_id = $project"
sql_totals=$(sqlite3 -readonly "$db" "$totals_sql")
dash_totals=$(awk 'BEGIN { RS = "\"totals\":" } NR == 2 { print }' "$tmp/dashboard.json" |
	grep -o '"[a-z_]*":[0-9][0-9]*' | awk -F: 'NR <= 9 { v[$1] = $2 }
	END { printf "%s|%s|%s|%s|%s|%s|%s|%s\n", v["\"activities\""], v["\"institutions_reached\""],
	      v["\"youths\""], v["\"specialists\""], v["\"teachers\""], v["\"parents\""],
	      v["\"business_staff\""], v["\"public\""] }')
if [ "$sql_totals" = "$dash_totals" ]; then
	totals_check="the dashboard's totals equal the sqlite3 query's ($sql_totals)"
else
	totals_check="**the totals differ**: dashboard $dash_totals, sqlite3 $sql_totals"
fi
log "totals: $totals_check"

# A cache miss: bump the project's generation counter (a write that changes nothing
# shown) and time the next request, which builds the page again.
miss=()
for _ in 1 2 3 4 5; do
	sqlite3 "$db" "UPDATE programme_generation SET gen = gen + 1 WHERE project_id = $project"
	miss+=("$(curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
		"$ecat_url$dash_path")")
done
miss_ms=$(printf '%s\n' "${miss[@]}" | median | awk '{ printf "%.1f", $1 * 1000 }')
log "dashboard: first request ${cold_ms} ms, rebuild after invalidation ${miss_ms} ms (median of 5); body $body_bytes bytes"

kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
# settle PID: wait (at most 10 s) until the server has finished the requests in flight.
settle() {
	local a b
	for _ in $(seq 40); do
		a=$(ticks "$1")
		sleep 0.25
		b=$(ticks "$1")
		[ "$a" = "$b" ] && return 0
	done
}

# run NAME PID URL SCRIPT CONNECTIONS SECONDS: one wrk run; appends one line to $tmp/NAME.
run() {
	local name=$1 pid=$2 url=$3 script=$4 c=$5 secs=$6
	{ echo 5 >"/proc/$pid/clear_refs"; } 2>/dev/null || true
	local out t0 t1 hwm cpu
	t0=$(ticks "$pid")
	out=$(timeout $((secs + 15)) wrk -t$wrk_threads -c"$c" -d"${secs}s" --timeout 5s \
		-s "bench/$script" "$url" | grep '^BENCH ' || true)
	t1=$(ticks "$pid")
	hwm=$(kb "$pid" VmHWM)
	settle "$pid"
	[ -n "$out" ] || { echo "bench: wrk gave no result for $name" >&2; out="BENCH requests=0 rps=0"; }
	cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$(grep -o ' requests=[0-9]*' <<<"$out" | cut -d= -f2)" \
		'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
	echo "$out cpu_us=$cpu peak_kb=$hwm load=$(cut -d' ' -f1 /proc/loadavg)" >>"$tmp/$name"
	log "$name: $(sed 's/^BENCH //; s/ max_us.*errors_status/ errors_status/' <<<"$out") cpu_us=$cpu"
}

log "wrk: $runs rounds of ${duration}s x 3 with $conns connections, ${lat_duration}s x 2 with $lat_conns (load average $(loadavg))"
timeout 20 wrk -t1 -c4 -d2s "$ceiling_url/" >/dev/null
timeout 20 wrk -t1 -c4 -d2s "$ceiling_body_url/" >/dev/null
timeout 20 wrk -t1 -c4 -d2s -s bench/dashboard.lua "$ecat_url" >/dev/null
load_wrk_start=$(loadavg)
for _ in $(seq "$runs"); do
	run ceiling "$ceiling_pid" "$ceiling_url" ceiling.lua "$conns" "$duration"
	run ceiling_body "$ceiling_body_pid" "$ceiling_body_url" ceiling.lua "$conns" "$duration"
	run dashboard "$ecat_pid" "$ecat_url" dashboard.lua "$conns" "$duration"
	# Fewer connections: the latency at a load still above the target rate.
	run ceiling_body_lat "$ceiling_body_pid" "$ceiling_body_url" ceiling.lua "$lat_conns" "$lat_duration"
	run dashboard_lat "$ecat_pid" "$ecat_url" dashboard.lua "$lat_conns" "$lat_duration"
done
load_wrk_end=$(loadavg)

# The plain sqlite3 query, in its own process each time; the query's own time
# from .timer (the process start is not counted).
log "sqlite3 totals query: $sql_runs runs (load average $(loadavg))"
sqlite3 -readonly "$db" "$totals_sql" >/dev/null # warm the page cache
: >"$tmp/sql_ms"
for _ in $(seq "$sql_runs"); do
	printf '.timer on\n%s;\n' "$totals_sql" | sqlite3 -readonly "$db" |
		awk '/^Run Time:/ { printf "%.1f\n", $4 * 1000 }' >>"$tmp/sql_ms"
done
sql_ms=$(median <"$tmp/sql_ms")
log "sqlite3 totals query: median $sql_ms ms ($(tr '\n' ' ' <"$tmp/sql_ms"))"

# ---- 2b. the funder report and a material's file ----

# The project's period report over all its activities, BENCH_REPORT_RUNS times
# in each format, one request at a time; the server's peak RSS over the runs.
log "report: $report_runs runs in each format (load average $(loadavg))"
for fmt in pdf xlsx; do
	: >"$tmp/report_$fmt"
	{ echo 5 >"/proc/$ecat_pid/clear_refs"; } 2>/dev/null || true
	for _ in $(seq "$report_runs"); do
		read -r status secs < <(curl -s -o "$tmp/report.$fmt" -w '%{http_code} %{time_total}\n' \
			-H "Authorization: Bearer $token" "$ecat_url/api/v1/projects/$project/report.$fmt?lang=en")
		[ "$status" = 200 ] || { echo "bench: GET report.$fmt answered $status" >&2; exit 1; }
		echo "$secs $(wc -c <"$tmp/report.$fmt")" >>"$tmp/report_$fmt"
	done
	magic=$(head -c 4 "$tmp/report.$fmt" | od -An -c | tr -d ' ')
	case $fmt:$magic in
	pdf:%PDF | xlsx:PK\003\004) ;;
	*) { echo "bench: report.$fmt does not start as a $fmt file ($magic)" >&2; exit 1; } ;;
	esac
	echo "peak_kb=$(kb "$ecat_pid" VmHWM)" >>"$tmp/report_${fmt}_rss"
	log "report.$fmt: $(awk '{ printf "%.2fs ", $1 }' "$tmp/report_$fmt")($(tail -1 "$tmp/report_$fmt" | cut -d' ' -f2) bytes)"
done

# A file of BENCH_UPLOAD_MB MiB (a PDF by its first bytes) uploaded to a new
# material BENCH_UPLOAD_RUNS times: its time, and the server's resident memory
# before and at its peak during the upload (the body is streamed to disk).
upload=$tmp/upload.pdf
{
	printf '%%PDF-1.4\n'
	head -c $((upload_mb * 1048576 - 9)) /dev/urandom
} >"$upload"
upload_bytes=$(wc -c <"$upload")
: >"$tmp/upload"
log "upload: $upload_mb MiB, $upload_runs runs (load average $(loadavg))"
for i in $(seq "$upload_runs"); do
	made=$(curl -s -H "Authorization: Bearer $writer" -H 'Content-Type: application/json' \
		-d "{\"title\":\"bench upload $i\",\"kind\":\"leaflet\"}" "$ecat_url/api/v1/materials")
	mid=$(printf '%s' "$made" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
	[ -n "$mid" ] || { echo "bench: cannot create a material: $made" >&2; exit 1; }
	settle "$ecat_pid"
	rss0=$(kb "$ecat_pid" VmRSS)
	{ echo 5 >"/proc/$ecat_pid/clear_refs"; } 2>/dev/null || true
	read -r status secs < <(curl -s -o "$tmp/upload.json" -w '%{http_code} %{time_total}\n' -X PUT \
		-H "Authorization: Bearer $writer" -H 'Content-Type: application/octet-stream' \
		--data-binary "@$upload" "$ecat_url/api/v1/materials/$mid/file")
	[ "$status" = 200 ] || [ "$status" = 201 ] ||
		{ echo "bench: PUT the file answered $status: $(head -c 300 "$tmp/upload.json")" >&2; exit 1; }
	peak=$(kb "$ecat_pid" VmHWM)
	echo "$secs $rss0 $peak" >>"$tmp/upload"
	log "upload $i: ${secs}s, RSS ${rss0} kB before, peak ${peak} kB"
done
rm -f "$upload"

for p in "$ecat_pid" "$ceiling_pid" "$ceiling_body_pid"; do kill "$p" 2>/dev/null || true; done
for p in "$ecat_pid" "$ceiling_pid" "$ceiling_body_pid"; do wait "$p" 2>/dev/null || true; done
pids=()

# ---- 3. the import ----

# Valid rows of the project in the import's format: the first activities again
# (existing organisations, run by partners, dates inside the project and past).
csv=$tmp/activities.csv
sqlite3 -readonly -csv -header "$db" "
SELECT project_id, organisation_id, run_by, date(date * 86400, 'unixepoch') AS date, kind,
       youths, specialists, teachers, parents, business_staff, public,
       rtrim(iif(topics & 1, 'forms_of_trafficking|', '') || iif(topics & 2, 'risks|', '') ||
             iif(topics & 4, 'recruitment_methods|', '') || iif(topics & 8, 'safety|', '') ||
             iif(topics & 16, 'help_available|', '') || iif(topics & 32, 'rights|', '') ||
             iif(topics & 64, 'regional_situation|', '') || iif(topics & 128, 'cooperation|', ''),
             '|') AS topics,
       replace(replace(replace(replace(materials, '[', ''), ']', ''), '\"', ''), ',', '|') AS materials,
       notes
FROM activities WHERE project_id = $project ORDER BY id LIMIT $import_rows" >"$csv"
csv_mb=$(du -m "$csv" | cut -f1)
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# The same rows from the scratch table into activities, converted back to stored form.
insert_sql="INSERT INTO activities (project_id, organisation_id, run_by, date, kind, youths,
  specialists, teachers, parents, business_staff, public, topics, materials, notes, created_by,
  created_at, updated_at)
SELECT project_id, organisation_id, run_by, CAST(strftime('%s', date) AS INTEGER) / 86400, kind,
  youths, specialists, teachers, parents, business_staff, public,
  (instr('|' || topics || '|', '|forms_of_trafficking|') > 0) +
  (instr('|' || topics || '|', '|risks|') > 0) * 2 +
  (instr('|' || topics || '|', '|recruitment_methods|') > 0) * 4 +
  (instr('|' || topics || '|', '|safety|') > 0) * 8 +
  (instr('|' || topics || '|', '|help_available|') > 0) * 16 +
  (instr('|' || topics || '|', '|rights|') > 0) * 32 +
  (instr('|' || topics || '|', '|regional_situation|') > 0) * 64 +
  (instr('|' || topics || '|', '|cooperation|') > 0) * 128,
  iif(materials = '', '[]', '[\"' || replace(materials, '|', '\",\"') || '\"]'), notes, NULL,
  unixepoch(), unixepoch()
FROM bench_import"

# timed NAME CMD...: run CMD under /usr/bin/time; appends 'secs cpu_s rss_kb' to $tmp/NAME.
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time.out" "$@"
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/time.out" >>"$tmp/$name"
}

fresh_copy() {
	rm -f "$tmp/run.db" "$tmp/run.db-wal" "$tmp/run.db-shm"
	cp "$db" "$tmp/run.db"
	cp "$db.key" "$tmp/run.db.key"
}

log "import: $import_rows rows ($csv_mb MB of CSV), $import_runs runs (load average $(loadavg))"
load_import_start=$(loadavg)
for _ in $(seq "$import_runs"); do
	fresh_copy
	timed ecat_import "$ecat" import activities "$csv" --db "$tmp/run.db" >"$tmp/import.out" \
		2> >(tee "$tmp/import.err" | sed -u 's/^/bench:        ecat import: /' >&2) || true
	line=$(grep 'rows/s' "$tmp/import.out" || true)
	grep -q " $import_rows imported" <<<"$line" ||
		{ echo "bench: ecat import failed:" >&2; tail -5 "$tmp/import.err" "$tmp/import.out" >&2; exit 1; }
	grep -o '[0-9.]* rows/s' <<<"$line" | cut -d' ' -f1 >>"$tmp/ecat_rps"
	log "ecat import activities: $line"

	fresh_copy
	printf 'CREATE TABLE bench_import (project_id INTEGER, organisation_id INTEGER, run_by INTEGER,
  date TEXT, kind TEXT, youths INTEGER, specialists INTEGER, teachers INTEGER, parents INTEGER,
  business_staff INTEGER, public INTEGER, topics TEXT, materials TEXT, notes TEXT);\n' |
		sqlite3 "$tmp/run.db"
	timed sql_import sqlite3 "$tmp/run.db" ".import --csv --skip 1 $csv bench_import"
	n=$(sqlite3 "$tmp/run.db" "SELECT count(*) FROM bench_import")
	[ "$n" = "$import_rows" ] || { echo "bench: .import wrote $n rows" >&2; exit 1; }
	log "sqlite3 .import into a scratch table: $(tail -1 "$tmp/sql_import" | cut -d' ' -f1)s"

	# The settings of ecat import's connection where they bear on writing
	# (src/store/sqlite.c, db_bulk_hint in src/cli/cmd_import.c).
	timed sql_insert sqlite3 "$tmp/run.db" "PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;
PRAGMA temp_store=MEMORY; BEGIN; $insert_sql; COMMIT;"
	n=$(sqlite3 "$tmp/run.db" "SELECT count(*) FROM activities")
	[ "$n" = $((activities + import_rows)) ] || { echo "bench: INSERT ... SELECT left $n activities" >&2; exit 1; }
	log "sqlite3 INSERT ... SELECT into activities: $(tail -1 "$tmp/sql_insert" | cut -d' ' -f1)s"
done
rm -f "$tmp/run.db" "$tmp/run.db-wal" "$tmp/run.db-shm"
load_import_end=$(loadavg)

# ---- the tables ----

field() { grep -o " $2=[0-9.]*" "$tmp/$1" | cut -d= -f2; }
ms() { awk -v u="$1" 'BEGIN { printf (u >= 100000 ? "%.0f" : "%.2f"), u / 1000 }'; }
# ratio A B KEY: median over rounds of A's KEY over B's in the same round.
ratio() { paste <(field "$1" "$3") <(field "$2" "$3") | awk '$2 > 0 { print $1 / $2 }' | median; }
pct() { awk -v v="$1" 'BEGIN { printf "%.0f%%", v * 100 }'; }
factor() { awk -v v="$1" 'BEGIN { printf "%.1f×", v }'; }

wrk_row() {
	local name=$1 label=$2 r1="-" r2="-" c1="-" c2="-"
	local rps p50 p99 cpu errs
	rps=$(field "$name" rps | median)
	p50=$(field "$name" p50_us | median)
	p99=$(field "$name" p99_us | median)
	cpu=$(field "$name" cpu_us | median)
	errs=$({
		field "$name" errors_status
		field "$name" errors_connect
		field "$name" errors_timeout
	} | awk '{ s += $1 } END { print s + 0 }')
	case $name in
	ceiling_body | dashboard)
		r1=$(pct "$(ratio "$name" ceiling rps)")
		c1=$(factor "$(ratio "$name" ceiling cpu_us)")
		;;
	esac
	case $name in
	dashboard | dashboard_lat)
		r2=$(pct "$(ratio "$name" "${name/dashboard/ceiling_body}" rps)")
		c2=$(factor "$(ratio "$name" "${name/dashboard/ceiling_body}" cpu_us)")
		;;
	esac
	printf '| %s | %.0f req/s | %s | %s | %s | %s | %.1f | %s | %s | %s |\n' "$label" "$rps" \
		"$(ms "$p50")" "$(ms "$p99")" "$r1" "$r2" "$cpu" "$c1" "$c2" "$errs"
}

dash_rps=$(field dashboard rps | median)
dash_p99_ms=$(awk -v u="$(field dashboard p99_us | median)" 'BEGIN { printf "%.2f", u / 1000 }')
lat_rps=$(field dashboard_lat rps | median)
lat_p99_ms=$(awk -v u="$(field dashboard_lat p99_us | median)" 'BEGIN { printf "%.2f", u / 1000 }')
sql_qps=$(awk -v m="$sql_ms" 'BEGIN { printf "%.2f", (m > 0 ? 1000 / m : 0) }')
dash_x_sql=$(awk -v a="$dash_rps" -v b="$sql_qps" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')

# import medians: rows/s from seconds
col() { awk -v k="$2" '{ print $k }' "$tmp/$1"; }
ecat_rps=$(median <"$tmp/ecat_rps")
imp_rps() { awk -v n="$import_rows" -v s="$(col "$1" 1 | median)" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
sql_import_rps=$(imp_rps sql_import)
sql_insert_rps=$(imp_rps sql_insert)
of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", (b > 0 ? 100 * a / b : 0) }'; }
import_row() {
	local name=$1 label=$2 rps=$3 share=$4
	printf '| %s | %.0f rows/s | %s | %s | %.1f | %s |\n' "$label" "$rps" "$(col "$name" 1 | median)" \
		"$(col "$name" 2 | median)" "$(awk -v k="$(col "$name" 3 | sort -g | tail -1)" 'BEGIN { print k / 1024 }')" \
		"$share"
}

met() { if awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { exit !(op == ">=" ? a >= b : a < b) }'; then echo "**met**"; else echo "**not met**"; fi; }

report_row() {
	printf '| GET /api/v1/projects/%s/report.%s?lang=en | %.2f | %s | %s | %.1f |\n' "$project" "$1" \
		"$(cut -d' ' -f1 "$tmp/report_$1" | median)" "$(runs_s <"$tmp/report_$1")" \
		"$(tail -1 "$tmp/report_$1" | cut -d' ' -f2)" \
		"$(awk -F= '{ print $2 / 1024 }' "$tmp/report_${1}_rss")"
}
# runs_s: the first column of each line (seconds), two decimals, on one line.
runs_s() { awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }'; }
up_growth_kb=$(awk '{ print $3 - $2 }' "$tmp/upload" | sort -g | tail -1)
upload_row() {
	printf '| PUT /api/v1/materials/{id}/file, %s MiB | %.2f | %s | %s | %.1f at the peak, %.1f before (largest growth %.1f) |\n' \
		"$upload_mb" "$(cut -d' ' -f1 "$tmp/upload" | median)" "$(runs_s <"$tmp/upload")" "$upload_bytes" \
		"$(awk '{ print $3 / 1024 }' "$tmp/upload" | sort -g | tail -1)" \
		"$(awk '{ print $2 / 1024 }' "$tmp/upload" | median)" \
		"$(awk -v k="$up_growth_kb" 'BEGIN { print k / 1024 }')"
}

cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src 2>/dev/null | grep -q . && echo " (src modified)" || true)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
server_threads=$threads
[ "$server_threads" = 0 ] && server_threads="$(nproc) (one per core)"
total_s=$(secs_since "$t_start")

report=$(
	cat <<EOF
## Prevention programme benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit$dirty

- machine: $(nproc) cores ($cpu_model), $mem memory, Linux $(uname -r); SQLite $(sqlite3 -version | cut -d' ' -f1), $(wrk --version 2>&1 | awk 'NR == 1 { print $1, $2 }')
- load average (1, 5, 15 min): start $load_start; wrk $load_wrk_start → $load_wrk_end; import $load_import_start → $load_import_end
- data set: \`ecat init\` + \`gen_dataset --organisations $orgs --activities $activities\` (one project, 8 partners) + user admin: $gen_summary; built in ${gen_secs} s; database $db_mb MB
- dashboard: GET $dash_path as admin (budget shown), $body_bytes bytes of JSON; first request ${cold_ms} ms; rebuilt after its cache is invalidated: $miss_ms ms (median of 5)
- check: $totals_check
- load: \`wrk -t$wrk_threads -c$conns -d${duration}s\` and \`wrk -t$wrk_threads -c$lat_conns -d${lat_duration}s\`, $runs rounds of the five, interleaved; wrk shares the cores with the server; servers: \`ecat serve --rate-limit 0 --threads $threads\`, \`mhd_ceiling 0 $threads [BODY_FILE]\`, server threads: $server_threads
- req/s, p50, p99, CPU µs/req (server CPU time ÷ requests): medians over the rounds; "of ceiling": median over the rounds of the ratio to the ceiling in the same round
- whole run: ${total_s} s

| scenario | median rate | p50 ms | p99 ms | rate of 50 B ceiling | rate of same-body ceiling | server CPU µs/req | CPU × 50 B ceiling | CPU × same-body ceiling | errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(wrk_row ceiling "ceiling: mhd_ceiling, 50-byte JSON")
$(wrk_row ceiling_body "ceiling: mhd_ceiling, the dashboard's $body_bytes bytes")
$(wrk_row dashboard "GET $dash_path (bearer token)")
$(wrk_row ceiling_body_lat "ceiling: the dashboard's bytes, $lat_conns connections")
$(wrk_row dashboard_lat "GET $dash_path, $lat_conns connections")

| the same totals | median time | rate | dashboard ÷ this |
| --- | --- | --- | --- |
| plain \`sqlite3\`: count(*), count(DISTINCT organisation_id), six sums over the project's activities ($sql_runs runs, query time from \`.timer\`) | $sql_ms ms | $sql_qps queries/s | ${dash_x_sql}× the rate |
| dashboard, cache miss (page rebuilt from the aggregates, one request) | $miss_ms ms | - | - |

Import: $import_rows activity rows of project $project ($csv_mb MB of CSV), $import_runs runs, each on a fresh copy of the database; medians (RSS: highest).

| method | median rate | median s | CPU s | peak RSS MB | ecat's rate as a share of this |
| --- | --- | --- | --- | --- | --- |
$(import_row ecat_import "\`ecat import activities FILE\` (rate as it prints)" "$ecat_rps" "-")
$(import_row sql_import "ceiling: plain \`sqlite3\` \`.import\` into a scratch table (no indexes, no triggers)" "$sql_import_rps" "$(of "$ecat_rps" "$sql_import_rps")")
$(import_row sql_insert "plain \`sqlite3\` INSERT ... SELECT of the same rows into activities (indexes and aggregate triggers, the import's 256 MiB cache)" "$sql_insert_rps" "$(of "$ecat_rps" "$sql_insert_rps")")

Report and upload, on the same server and data set, one request at a time; medians.

| request | median s | runs (s) | bytes | server peak RSS MB |
| --- | --- | --- | --- | --- |
$(report_row pdf)
$(report_row xlsx)
$(upload_row)

| target | measured | result |
| --- | --- | --- |
| dashboard ≥ 5,000 req/s | $(printf '%.0f' "$dash_rps") req/s | $(met "$dash_rps" 5000 ">=") |
| dashboard p99 < 20 ms at ≥ 5,000 req/s, $conns connections | $dash_p99_ms ms at $(printf '%.0f' "$dash_rps") req/s | $(met "$dash_p99_ms" 20 "<") |
| the same, $lat_conns connections | $lat_p99_ms ms at $(printf '%.0f' "$lat_rps") req/s | $(if [ "$(met "$lat_rps" 5000 ">=")" = "**met**" ]; then met "$lat_p99_ms" 20 "<"; else echo "**not met** (rate)"; fi) |
| a $upload_mb MiB upload: server RSS does not grow by the file's size | peak $(awk -v k="$up_growth_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB above the RSS before it | $(met "$up_growth_kb" $((upload_mb * 1024)) "<") |
| activity CSV import ≥ 100,000 rows/s | $(printf '%.0f' "$ecat_rps") rows/s | $(met "$ecat_rps" 100000 ">=") |
EOF
)

mkdir -p bench/results
echo "$report" | tee "bench/results/$stamp-programme.md"
echo >&2
log "written to bench/results/$stamp-programme.md"
