#!/usr/bin/env bash
# The case statistics benchmark: `make bench-statistics` runs
# `bench/statistics.sh build`.
#
# 1. The data set: `ecat init`, bench/gen_cases (BENCH_CASES cases over 20
#    agencies), then their coarse columns spread with SQL so that the tables
#    have small cells: identification days over two years, nine age bands,
#    citizenships of which some are rare.
# 2. GET /api/v1/cases/statistics for 2025-01-01..2026-12-31 by a viewer's
#    session (checked against the release ledger, never recorded), BENCH_RUNS
#    sequential requests per ledger size, with 0, 20 and 200 earlier releases
#    (made by an API token, each a period nested in the measured one, so each
#    is compared: 200 is the most the ledger compares).
#
# Prints a markdown table of medians (ms per request, the ratio to the empty
# ledger in the same run, the counts the ledger suppressed) and writes it to
# bench/results/<timestamp>-statistics.md.  Settings (environment):
# BENCH_CASES (20000), BENCH_RUNS (15).
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD
[[ $build = /* ]] || build=$root/$build
cases=${BENCH_CASES:-20000}
runs=${BENCH_RUNS:-15}
ecat=$build/ecat
gen=$build/bench/gen_cases
for f in "$ecat" "$gen"; do
	[ -x "$f" ] || { echo "bench: $f is missing; build first (make)" >&2; exit 1; }
done
for c in curl sqlite3; do
	command -v "$c" >/dev/null || { echo "bench: $c is needed (apt-get install $c)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecat-bench-stats.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf 'bench: %s\n' "$*" >&2; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

db=$tmp/stats.db
log "building the data set: $cases cases"
"$ecat" init --db "$db" >"$tmp/init.log" 2>&1
"$gen" --db "$db" --agencies 20 --cases "$cases" --referrals 1 >"$tmp/gen.out" 2>/dev/null
# Coarse columns only (clear in the schema): identification days over 2025-2026
# (20089 is 2025-01-01), age bands, and citizenships with a long tail.
sqlite3 "$db" "UPDATE cases SET identified_on = 20089 + (id * 7919) % 730,
  age_band = CASE id % 9 WHEN 0 THEN '0-8' WHEN 1 THEN '9-17' WHEN 2 THEN '18-20'
    WHEN 3 THEN '21-23' WHEN 4 THEN '24-26' WHEN 5 THEN '27-29' WHEN 6 THEN '30-38'
    WHEN 7 THEN '39-47' ELSE '48+' END,
  citizenship = CASE WHEN id % 997 = 0 THEN 'VN' WHEN id % 331 = 0 THEN 'ER'
    WHEN id % 101 = 0 THEN 'AL' WHEN id % 3 = 0 THEN 'RO' WHEN id % 2 = 0 THEN 'LT' ELSE 'NG' END;"
printf '%s\n' 'bench-statistics-pass-1' >"$tmp/pw"
"$ecat" user add --db "$db" --login statsviewer --org 1 --role viewer --password-file "$tmp/pw" >/dev/null 2>&1
token=$("$ecat" token create --db "$db" --login cw1 2>/dev/null | tail -1)
[ -n "$token" ] || { echo "bench: cannot create an API token" >&2; exit 1; }

. "$root/scripts/serve-user.sh"
serve_as_nobody "$tmp"
"$ecat" serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/ecat.port" --rate-limit 0 \
	--require-totp none "${serve_user[@]}" 2>"$tmp/ecat.log" &
pids+=($!)
for _ in $(seq 200); do [ -s "$tmp/ecat.port" ] && break; sleep 0.1; done
url=http://127.0.0.1:$(head -1 "$tmp/ecat.port")
curl -s -c "$tmp/cookies" -H 'Content-Type: application/json' \
	-d '{"login":"statsviewer","password":"bench-statistics-pass-1"}' "$url/api/v1/session" >/dev/null
query="from=2025-01-01&to=2026-12-31"

releases=0
add_releases() { # up to N releases in the ledger, each a period inside the measured one
	while [ "$releases" -lt "$1" ]; do
		releases=$((releases + 1))
		local to
		to=$(date -u -d "2025-01-01 + $((releases * 3)) days" +%F)
		curl -s -o /dev/null -H "Authorization: Bearer $token" \
			"$url/api/v1/cases/statistics?from=2025-01-01&to=$to"
	done
}

rows=()
base=
for n in 0 20 200; do
	add_releases "$n"
	times=()
	for _ in $(seq "$runs"); do
		times+=("$(curl -s -b "$tmp/cookies" -o "$tmp/answer.json" -w '%{time_total}' "$url/api/v1/cases/statistics?$query")")
	done
	ms=$(printf '%s\n' "${times[@]}" | median | awk '{ printf "%.1f", $1 * 1000 }')
	[ -n "$base" ] || base=$ms
	extra=$(grep -o '"suppressed_by_ledger": *[0-9]*' "$tmp/answer.json" | grep -o '[0-9]*$')
	compared=$(grep -o '"releases_compared": *[0-9]*' "$tmp/answer.json" | grep -o '[0-9]*$')
	ratio=$(awk -v a="$ms" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
	rows+=("| $n | $compared | $ms | $ratio | $extra |")
	log "ledger $n: $ms ms (compared $compared, suppressed further $extra)"
done

out=$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-statistics.md
mkdir -p "$root/bench/results"
{
	echo "Case statistics against the release ledger: $cases cases, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs sequential requests each (median)."
	echo
	echo "| earlier releases | compared | ms per request | ratio to an empty ledger | counts suppressed by the ledger |"
	echo "|---:|---:|---:|---:|---:|"
	printf '%s\n' "${rows[@]}"
} | tee "$out"
