/*
 * The front-end packages, from the versioned folders scripts/vendor-web.sh
 * fills (served as immutable).  Change a version here and in package.json
 * together; the vendoring script refuses a mismatch.
 */
import { h } from '/vendor/preact-11.2.0/preact.mjs';
import htm from '/vendor/htm-3.1.1/htm.mjs';

export { h, render, Fragment } from '/vendor/preact-11.2.0/preact.mjs';
export {
  useState,
  useEffect,
  useRef,
  useMemo,
  useCallback,
  useId,
} from '/vendor/preact-11.2.0/hooks.mjs';

/* Tagged templates that build preact elements: text is always text. */
export const html = htm.bind(h);

/* Loaded only by the screens that need them (classic scripts, globals L and uPlot). */
export const LEAFLET = {
  js: '/vendor/leaflet-1.9.4/leaflet.js',
  css: '/vendor/leaflet-1.9.4/leaflet.css',
};
export const UPLOT = {
  js: '/vendor/uplot-1.6.32/uPlot.iife.min.js',
  css: '/vendor/uplot-1.6.32/uPlot.min.css',
};
export const OUTLINE = '/vendor/world-atlas-2.0.2/outline.geojson';
