#!/bin/sh
# Derive data/lithuania-outline.txt (the PDF report's map outline) from the
# npm package world-atlas (Natural Earth 1:50m, public domain).
# Usage: scripts/vendor-report-map.sh [NODE_MODULES_DIR]
set -eu
nm=$(cd "${1:-node_modules}" && pwd)
cd "$(dirname "$0")/.."
node - "$nm" data/lithuania-outline.txt <<'JS'
const fs = require('fs'), path = require('path');
const [nm, outPath] = process.argv.slice(2);
const topo = require(path.resolve(nm, 'topojson-client'));
const atlas = JSON.parse(fs.readFileSync(path.join(nm, 'world-atlas/countries-50m.json'), 'utf8'));
const f = topo.feature(atlas, atlas.objects.countries).features.find((x) => x.id === '440');
const out = ['# Lithuania\'s border for the PDF report map.',
  '# Source: Natural Earth 1:50m via the npm package world-atlas (countries-50m.json), public domain.',
  '# Made by scripts/vendor-report-map.sh. Each ring: a line "ring", then "lon lat" lines.'];
const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
for (const p of polys)
  for (const r of p) {
    out.push('ring');
    for (const [x, y] of r) out.push(x.toFixed(4) + ' ' + y.toFixed(4));
  }
fs.writeFileSync(outPath, out.join('\n') + '\n');
JS
