#!/usr/bin/env bash
# Run every test suite and close with one line "N passed, N failed".
#
# Suites:  format check; the OpenAPI and label checks; static analysis of
# src/ (clang-tidy, cppcheck); unit tests (cmocka) in the normal and the ASan+UBSan build; API tests
# against a real `ecat serve` from each build; fuzz corpora replayed through
# the libFuzzer harnesses; browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build-asan}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
mkdir -p tests/artifacts
passed=0
failed=0
failures=()

note() { printf '\n== %s\n' "$*"; }
count() { # name status
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}
# Add the "N passed, N failed" of a suite's own closing line.
add_counts() { # name logfile rc
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	if [ -z "$line" ]; then
		count "$1 (no result line)" 1
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ] || [ "$3" -ne 0 ]; then
		failures+=("$1")
		[ "$f" -eq 0 ] && failed=$((failed + 1))
	fi
}

note "format (clang-format --dry-run -Werror)"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
if clang-format --dry-run -Werror $files >tests/artifacts/format.log 2>&1; then
	count format 0
else
	head -20 tests/artifacts/format.log
	count format 1
fi

note "OpenAPI (every route documented, nothing else)"
if python3 scripts/check-openapi.py . >tests/artifacts/openapi.log 2>&1; then
	count openapi 0
else
	cat tests/artifacts/openapi.log
	count openapi 1
fi

note "labels (the report prints the screens' words, in each language)"
log=tests/artifacts/labels.log
python3 scripts/check-labels.py . >"$log" 2>&1
rc=$?
grep '^check-labels' "$log"
add_counts labels "$log" "$rc"

note "lint (clang-tidy, cppcheck over src/)"
log=tests/artifacts/lint.log
scripts/lint.sh "$BUILD" >"$log" 2>&1
rc=$?
grep -E '^(clang-tidy|cppcheck|lint)[: ]' "$log"
[ "$rc" -eq 0 ] || grep -E '^ {4}[^ ]' "$log" | head -40
add_counts lint "$log" "$rc"

run_unit() { # build label
	local t rc log
	for t in "$1"/tests/unit/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		log=tests/artifacts/unit-$2-$(basename "$t").log
		"$t" >"$log" 2>&1
		rc=$?
		local p f
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		p=${p:-0}
		f=${f:-0}
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$rc" -ne 0 ] || [ "$f" -gt 0 ]; then
			[ "$f" -eq 0 ] && failed=$((failed + 1))
			failures+=("unit $2 $(basename "$t")")
			tail -30 "$log"
		fi
		echo "$(basename "$t") [$2]: $p passed, $f failed"
	done
}

note "unit tests"
run_unit "$BUILD" release
note "unit tests under ASan+UBSan"
LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_unit "$ASAN_BUILD" asan

run_api() { # build label
	local log=tests/artifacts/api-$2.log
	if [ ! -x "$BUILD/tests/api/api_test" ]; then
		return
	fi
	ECAT_BIN="$PWD/$1/ecat" ECAT_WEB_DIR="$PWD/$BUILD/web" \
		"$BUILD/tests/api/api_test" 2>&1 | tee "$log" | grep -E '^(not ok|[0-9]+ passed)'
	local rc=${PIPESTATUS[0]}
	add_counts "api $2" "$log" "$rc"
}
note "API tests"
run_api "$BUILD" release
note "API tests against the ASan+UBSan server"
LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp" ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ECAT_SLOW=1 run_api "$ASAN_BUILD" asan

note "fuzz corpora replayed"
for h in "$FUZZ_BUILD"/tests/fuzz/fuzz_*; do
	[ -f "$h" ] && [ -x "$h" ] || continue
	name=$(basename "$h")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	[ -d "$corpus" ] || continue
	if find "$corpus" -type f -print0 | xargs -0 -r "$h" >tests/artifacts/$name.log 2>&1; then
		echo "$name: $(find "$corpus" -type f | wc -l) inputs replayed"
		count "$name" 0
	else
		tail -20 tests/artifacts/$name.log
		count "$name" 1
	fi
done

if [ -f tests/e2e/run.sh ]; then
	note "browser tests (headless Chromium)"
	log=tests/artifacts/e2e.log
	tests/e2e/run.sh "$BUILD" 2>&1 | tee "$log" | grep -E '^(not ok|# (pass|fail)|[0-9]+ passed)'
	rc=${PIPESTATUS[0]}
	add_counts e2e "$log" "$rc"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failed suites: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
