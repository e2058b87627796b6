#!/usr/bin/env bash
# Assemble the served web tree: web/ plus the vendored front-end packages.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
rm -rf "$out"
mkdir -p "$out"
if [ -d web ] && [ -n "$(ls -A web 2>/dev/null)" ]; then
	cp -r web/. "$out/"
fi
if [ -f scripts/vendor-web.sh ]; then
	scripts/vendor-web.sh "$out/vendor"
fi
