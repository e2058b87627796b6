#!/usr/bin/env bash
# Copy the front-end packages the interface uses from node_modules into
# versioned folders under OUT (served as /vendor/NAME-VERSION/..., cached as
# immutable), and derive the offline map outline from world-atlas.
#   scripts/vendor-web.sh OUT
# The page imports them through web/js/vendor.js, whose paths must name the
# installed versions; this script stops when they do not.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
nm=node_modules
if [ ! -d "$nm" ]; then
	echo "vendor-web: $nm is missing; run scripts/install-deps.sh (npm ci) first" >&2
	exit 1
fi

version() { node -p "require('./$nm/$1/package.json').version"; }

mkdir -p "$out"
declare -A dirs
for pkg in preact htm leaflet uplot world-atlas; do
	dirs[$pkg]="$out/$pkg-$(version "$pkg")"
	# Every vendored path the page names must be the installed version.
	if ! grep -q "/vendor/$pkg-$(version "$pkg")/" web/js/vendor.js; then
		echo "vendor-web: web/js/vendor.js does not name $pkg-$(version "$pkg")" >&2
		exit 1
	fi
	mkdir -p "${dirs[$pkg]}"
done

# preact and its hooks: the hooks module imports the bare name "preact",
# which a browser without an import map cannot resolve; point it at the file.
cp "$nm/preact/dist/preact.mjs" "${dirs[preact]}/preact.mjs"
sed 's#from"preact"#from"./preact.mjs"#g' "$nm/preact/hooks/dist/hooks.mjs" >"${dirs[preact]}/hooks.mjs"
if grep -q 'from"preact"' "${dirs[preact]}/hooks.mjs"; then
	echo "vendor-web: could not rewrite the preact import of hooks.mjs" >&2
	exit 1
fi
cp "$nm/preact/LICENSE" "${dirs[preact]}/LICENSE.txt"

cp "$nm/htm/dist/htm.mjs" "${dirs[htm]}/htm.mjs"
cp "$nm/htm/LICENSE" "${dirs[htm]}/LICENSE.txt"

cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "${dirs[leaflet]}/"
cp -r "$nm/leaflet/dist/images" "${dirs[leaflet]}/"
cp "$nm/leaflet/LICENSE" "${dirs[leaflet]}/LICENSE.txt"

cp "$nm/uplot/dist/uPlot.iife.min.js" "$nm/uplot/dist/uPlot.min.css" "${dirs[uplot]}/"
cp "$nm/uplot/LICENSE" "${dirs[uplot]}/LICENSE.txt"

# The offline outline: Lithuania and the partners' countries as GeoJSON,
# coordinates rounded to about 100 m, drawn when there are no map tiles.
node - "$nm" "${dirs[world-atlas]}/outline.geojson" <<'JS'
const [nm, outFile] = process.argv.slice(2);
const fs = require('fs');
const path = require('path');
const topo = require(path.resolve(nm, 'topojson-client'));
const atlas = JSON.parse(fs.readFileSync(path.join(nm, 'world-atlas/countries-50m.json'), 'utf8'));
// ISO 3166-1 numeric codes as world-atlas names them.
const wanted = { '440': 'LT', '826': 'GB', '380': 'IT' };
const round = (c) => (typeof c[0] === 'number'
  ? [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000]
  : c.map(round));
const all = topo.feature(atlas, atlas.objects.countries).features;
const features = all.filter((f) => wanted[f.id]).map((f) => ({
  type: 'Feature',
  id: wanted[f.id],
  properties: { country: wanted[f.id] },
  geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
}));
if (features.length !== Object.keys(wanted).length) {
  console.error('vendor-web: world-atlas lacks one of ' + Object.values(wanted).join(', '));
  process.exit(1);
}
fs.writeFileSync(outFile, JSON.stringify({ type: 'FeatureCollection', features }));
JS
cp "$nm/world-atlas/LICENSE" "${dirs[world-atlas]}/LICENSE.txt"
