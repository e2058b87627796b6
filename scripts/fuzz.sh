#!/usr/bin/env bash
# Run every libFuzzer harness for SECONDS each, starting from its committed
# corpus, and add what it found that reaches new code to that corpus.
#
#   scripts/fuzz.sh BUILD SECONDS      (make fuzz: build-fuzz, $FUZZ_SECONDS or 60)
#
# tests/fuzz/corpus/<name>/ is the corpus of fuzz_<name>.  A crash, leak or
# timeout leaves its input in tests/artifacts/ and makes the script fail;
# add that input to the corpus once the bug is fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-60}
mkdir -p tests/artifacts
failed=()
ran=0
for h in "$build"/tests/fuzz/fuzz_*; do
	[ -f "$h" ] && [ -x "$h" ] || continue
	name=$(basename "$h")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	mkdir -p "$corpus"
	dict=tests/fuzz/${name#fuzz_}.dict
	dict_arg=()
	[ -f "$dict" ] && dict_arg=(-dict="$dict")
	found=$(mktemp -d)
	before=$(find "$corpus" -type f | wc -l)
	echo "== $name: ${seconds}s from $before inputs in $corpus"
	# New inputs go to $found; the corpus is only read.
	"$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="tests/artifacts/$name-" "${dict_arg[@]}" "$found" "$corpus" \
		>"tests/artifacts/$name.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
		"tests/artifacts/$name.log" | sed 's/^/   /'
	if [ "$rc" -ne 0 ]; then
		grep -E -A12 '^==[0-9]+==ERROR|runtime error|^SUMMARY' "tests/artifacts/$name.log" | head -30
		ls tests/artifacts/"$name"-* 2>/dev/null | sed 's/^/   input: /'
		failed+=("$name")
	fi
	# Keep only the finds that reach code the corpus does not.
	"$h" -merge=1 "$corpus" "$found" >"tests/artifacts/$name-merge.log" 2>&1
	rm -rf "$found"
	after=$(find "$corpus" -type f | wc -l)
	echo "   $((after - before)) new inputs added to $corpus (now $after)"
	ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
	echo "no harnesses in $build/tests/fuzz (make fuzz-build)" >&2
	exit 1
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "failed: ${failed[*]} (see tests/artifacts/)"
	exit 1
fi
echo "all $ran harnesses ran ${seconds}s without a finding"
