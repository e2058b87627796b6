#!/usr/bin/env bash
# Static analysis of src/ with clang-tidy and cppcheck; exits non-zero on any finding.
#
#   scripts/lint.sh BUILD        (BUILD holds compile_commands.json; default build)
#
# Both tools read the compile database meson writes, narrowed to the files under src/
# (not tests/, bench/ or the generated sources in BUILD), so they see the same -I and
# -D flags as the compiler.  clang-tidy runs one process per file, LINT_JOBS at a time
# (default: one per core); cppcheck runs beside it.  Configuration: .clang-tidy,
# tools/cppcheck/jansson.cfg and tools/cppcheck/suppressions.txt.  Each tool's output
# is kept in BUILD/lint/.  The last line is "N passed, N failed", one count per tool.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
root=$PWD
build=${1:-build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
jobs=${LINT_JOBS:-$(nproc 2>/dev/null || echo 2)}
clang_tidy=${CLANG_TIDY:-clang-tidy}
cppcheck=${CPPCHECK:-cppcheck}
out=$build/lint
start=$(date +%s.%N)

if [ ! -f "$build/compile_commands.json" ]; then
	echo "lint: $build/compile_commands.json is missing; run: meson setup $build && ninja -C $build" >&2
	echo "0 passed, 2 failed"
	exit 1
fi
rm -rf "$out/tidy"
mkdir -p "$out/tidy"

# The compile database of src/ alone, with absolute file names.
python3 - "$build/compile_commands.json" "$out/compile_commands.json" "$root/src/" <<'EOF'
import json, os, sys
entries = []
for e in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    if path.startswith(sys.argv[3]):
        entries.append(dict(e, file=path))
json.dump(entries, open(sys.argv[2], "w"), indent=1)
EOF
mapfile -t files < <(python3 -c 'import json, sys; print("\n".join(e["file"] for e in json.load(open(sys.argv[1]))))' "$out/compile_commands.json")

unlisted=$(git ls-files 'src/*.c' 2>/dev/null | while read -r f; do
	printf '%s\n' "${files[@]}" | grep -qxF "$root/$f" || echo "$f"
done)
[ -z "$unlisted" ] || echo "lint: not in the compile database, so not checked: ${unlisted//$'\n'/ }"

# Findings as "path:line:col: severity: message [check]", path relative to the
# repository, each once (a finding in a header is reported by every file including it).
findings() { # log files...
	grep -hE '^[^ ]+:[0-9]+:[0-9]+: [a-z]+: .*\[[^]]+\]$' "$@" 2>/dev/null |
		python3 -c '
import os, sys
root, build = sys.argv[1:3]
seen = set()
for line in sys.stdin:
    path, rest = line.rstrip("\n").split(":", 1)
    # clang-tidy names the file as the compile command does, relative to the build.
    path = os.path.relpath(os.path.normpath(os.path.join(build, path)), root)
    seen.add(path + ":" + rest.replace(",-warnings-as-errors]", "]"))
def key(line):
    f = line.split(":", 2)
    return (f[0], int(f[1]), line)
for line in sorted(seen, key=key):
    print(line)
' "$root" "$build"
}
by_check() { # findings file
	sed -E 's/.*\[([^]]+)\]$/\1/' "$1" | sort | uniq -c | sort -rn | awk '{ printf "  %4d %s\n", $1, $2 }'
}

# cppcheck, in the background (it is quick; clang-tidy takes the cores).
cppcheck_rc=127
if command -v "$cppcheck" >/dev/null; then
	"$cppcheck" --project="$out/compile_commands.json" \
		--library=posix,gnu,sqlite3,zlib,tools/cppcheck/jansson.cfg \
		--enable=warning,style,performance,portability \
		--suppressions-list=tools/cppcheck/suppressions.txt --inline-suppr \
		--error-exitcode=1 --quiet \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
		>"$out/cppcheck.log" 2>&1 &
	cppcheck_pid=$!
fi

# clang-tidy: one process per file.  clang-tidy 14 carries analyzer state from one
# file to the next within a process (a false clang-analyzer-valist.Uninitialized
# on the second file), so files are never batched.
tidy_rc=127
if command -v "$clang_tidy" >/dev/null; then
	tidy_one() { # clang-tidy outdir dbdir file root
		local log
		log=$2/tidy/$(echo "${4#"$5"/}" | tr / _).log
		"$1" -p "$3" --quiet "$4" >"$log" 2>&1
		echo $? >"$log.rc"
	}
	export -f tidy_one
	printf '%s\n' "${files[@]}" |
		xargs -P "$jobs" -I{} bash -c 'tidy_one "$@"' _ "$clang_tidy" "$out" "$out" {} "$root"
	tidy_rc=0
	for rc in "$out"/tidy/*.rc; do
		[ "$(cat "$rc")" -eq 0 ] && continue
		tidy_rc=1
		# A failure with no finding (a crash, an unreadable file) is named on its own.
		grep -qE '^[^ ]+:[0-9]+:[0-9]+: [a-z]+: .*\[[^]]+\]$' "${rc%.rc}" ||
			echo "clang-tidy failed on ${rc%.rc} without a finding" >&2
	done
	findings "$out"/tidy/*.log >"$out/clang-tidy.txt"
else
	: >"$out/clang-tidy.txt"
fi

if [ -n "${cppcheck_pid:-}" ]; then
	wait "$cppcheck_pid"
	cppcheck_rc=$?
	findings "$out/cppcheck.log" >"$out/cppcheck.txt"
else
	: >"$out/cppcheck.txt"
fi

passed=0
failed=0
report() { # tool rc findings-file log-hint
	local n
	n=$(wc -l <"$3")
	echo
	if [ "$2" -eq 127 ]; then
		echo "$1: not installed (scripts/install-deps.sh --test)"
		failed=$((failed + 1))
		return
	fi
	echo "$1: ${#files[@]} files, $n findings"
	if [ "$n" -gt 0 ]; then
		by_check "$3"
		sed 's/^/    /' "$3"
	fi
	if [ "$n" -gt 0 ] || [ "$2" -ne 0 ]; then
		[ "$n" -eq 0 ] && echo "  $1 failed without a finding; see $4"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}
echo "== lint (src/: clang-tidy, cppcheck)"
report clang-tidy "$tidy_rc" "$out/clang-tidy.txt" "$out/tidy/"
report cppcheck "$cppcheck_rc" "$out/cppcheck.txt" "$out/cppcheck.log"
echo
python3 -c 'import sys; print("lint took %.1f s (%s jobs)" % (float(sys.argv[1]) - float(sys.argv[2]), sys.argv[3]))' \
	"$(date +%s.%N)" "$start" "$jobs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
