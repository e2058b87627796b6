#!/usr/bin/env bash
# Install what ecat needs on Debian, only what is missing; safe to run again.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh --test   also what the test suites need
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(meson ninja-build pkg-config gcc python3 libmicrohttpd-dev libsqlite3-dev
	libjansson-dev libsodium-dev libinih-dev libcsv-dev zlib1g-dev libseccomp-dev liboath-dev libqrencode-dev libmagic-dev
	libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core sqlite3
	nodejs npm) # node and npm assemble the web interface from the lock file
test_pkgs=(clang libclang-rt-14-dev clang-format clang-tidy cppcheck libcmocka-dev
	libcurl4-openssl-dev gdal-bin chromium python3-yaml python3-openpyxl poppler-utils)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
	want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		# node and npm may come from elsewhere than Debian; accept them when on PATH.
		case "$p" in
		nodejs) command -v node >/dev/null && continue ;;
		npm) command -v npm >/dev/null && continue ;;
		esac
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	sudo_cmd=""
	[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -qq
	$sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end packages, from the committed lock file only.
if [ -f package-lock.json ]; then
	stamp=node_modules/.ecat-lock-stamp
	if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
		echo "installing front-end packages (npm ci)"
		npm ci --no-audit --no-fund --loglevel=error
		cp package-lock.json "$stamp"
	fi
fi
