/*
 * The map of institutions: one point per organisation, coloured by kind,
 * with a legend; a popup with its name, visits and head-counts (built from
 * DOM nodes, text as text); filters by project, kind, dates and visited.
 * Without configured tiles, or when tiles fail, a bundled outline of
 * Lithuania and the partners' countries is drawn under the points.
 */
import { html, useEffect, useRef, useState } from '../vendor.js';
import { LEAFLET, OUTLINE } from '../vendor.js';
import { t, label, fmtNumber, fmtDate, countryName } from '../i18n.js';
import { get, query } from '../api.js';
import { replaceQuery } from '../router.js';
import { ORG_KINDS, AUDIENCES, KIND_COLOURS } from '../enums.js';
import { useAsync, loadAssets, Alert, errorText, Loading } from '../ui.js';
import { pickProject } from './dashboard.js';

let outlineData = null;
async function outline() {
  if (!outlineData) {
    const r = await fetch(OUTLINE);
    if (!r.ok) throw new Error('outline');
    outlineData = await r.json();
  }
  return outlineData;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/* The popup of one point: DOM nodes only, every value set as text. */
function popupNode(p) {
  const box = el('div', 'popup');
  const title = el('a', 'popup-title', p.name);
  title.href = `#/organisations/${encodeURIComponent(p.id)}`;
  box.appendChild(title);
  const where = [label('kind', p.kind), p.municipality, countryName(p.country)].filter(Boolean).join(' · ');
  box.appendChild(el('p', 'popup-where', where));
  const dl = el('dl', 'popup-figures');
  const row = (k, v) => {
    dl.appendChild(el('dt', null, k));
    dl.appendChild(el('dd', null, v));
  };
  row(t('map.visits'), fmtNumber(p.activities || 0));
  for (const a of AUDIENCES) if (p[a]) row(label('audience', a), fmtNumber(p[a]));
  if (p.last_activity) row(t('map.last_visit'), fmtDate(p.last_activity));
  box.appendChild(dl);
  return box;
}

function legendControl(L, kinds) {
  const c = L.control({ position: 'bottomright' });
  c.onAdd = () => {
    const box = el('div', 'legend');
    box.appendChild(el('h2', 'legend-title', t('map.legend')));
    const ul = el('ul');
    for (const k of kinds) {
      const li = el('li');
      const dot = el('span', 'dot');
      dot.style.backgroundColor = KIND_COLOURS[k] || KIND_COLOURS.other;
      li.appendChild(dot);
      li.appendChild(el('span', null, label('kind', k)));
      ul.appendChild(li);
    }
    box.appendChild(ul);
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return c;
}

function MapView({ geo, tileUrl }) {
  const box = useRef(null);
  const [problem, setProblem] = useState(null);
  const [offline, setOffline] = useState(!tileUrl);
  useEffect(() => {
    let map = null;
    let live = true;
    loadAssets(LEAFLET.js, LEAFLET.css).then(async () => {
      if (!live || !box.current) return;
      const L = window.L;
      map = L.map(box.current, { attributionControl: false, zoomControl: false, zoomSnap: 0.5, keyboard: true });
      map.getContainer().setAttribute('aria-label', t('map.title'));
      L.control.zoom({ zoomInTitle: t('map.zoom_in'), zoomOutTitle: t('map.zoom_out') }).addTo(map);
      map.on('popupopen', (e) => {
        const close = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
        if (close) {
          close.setAttribute('aria-label', t('map.close_popup'));
          close.setAttribute('title', t('map.close_popup'));
        }
      });
      let outlineLayer = null;
      const showOutline = async () => {
        if (outlineLayer || !map) return;
        try {
          const data = await outline();
          if (!map) return;
          outlineLayer = L.geoJSON(data, {
            interactive: false,
            style: { color: '#5a6b7b', weight: 1, fillColor: '#e8eef3', fillOpacity: 1, className: 'ecat-outline' },
          }).addTo(map);
          outlineLayer.bringToBack();
          setOffline(true);
        } catch {
          setProblem(t('map.no_outline'));
        }
      };
      if (tileUrl) {
        let failures = 0;
        const tiles = L.tileLayer(tileUrl, { maxZoom: 18, crossOrigin: false });
        tiles.on('tileerror', () => {
          failures += 1;
          if (failures === 1) showOutline();
        });
        tiles.addTo(map);
      } else {
        await showOutline();
      }
      if (!map) return;
      const kinds = [];
      const points = L.featureGroup();
      for (const f of geo.features || []) {
        if (!f.geometry || f.geometry.type !== 'Point') continue;
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties || {};
        if (!kinds.includes(p.kind)) kinds.push(p.kind);
        const colour = KIND_COLOURS[p.kind] || KIND_COLOURS.other;
        const radius = 5 + Math.min(9, Math.sqrt(p.activities || 0) * 2);
        L.circleMarker([lat, lon], {
          radius, color: '#ffffff', weight: 1.5, fillColor: colour, fillOpacity: 0.9,
          className: 'ecat-marker',
        }).bindPopup(() => popupNode(p)).addTo(points);
      }
      points.addTo(map);
      if (points.getLayers().length) map.fitBounds(points.getBounds().pad(0.15), { maxZoom: 10 });
      else map.setView([55.2, 23.9], 7);
      kinds.sort((a, b) => ORG_KINDS.indexOf(a) - ORG_KINDS.indexOf(b));
      if (kinds.length) legendControl(L, kinds).addTo(map);
    }, () => live && setProblem(t('error.network')));
    return () => {
      live = false;
      if (map) map.remove();
      map = null;
    };
  }, [geo, tileUrl]);
  return html`<div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    <div class="map" ref=${box}></div>
    ${offline ? html`<p class="hint">${t('map.offline')}</p>` : null}
  </div>`;
}

export default function MapScreen({ route }) {
  const q = route.query;
  const [filters, setFilters] = useState({
    project: q.project || '', kind: q.kind || '', from: q.from || '', to: q.to || '',
    visited: q.visited === undefined ? true : q.visited === 'true',
  });
  const projects = useAsync(() => get('/projects', { limit: 500 }), []);
  const config = useAsync(() => get('/config/web').catch(() => ({ tile_url: null })), []);
  const projectId = filters.project || (projects.data && projects.data.items.length
    ? String(pickProject(projects.data.items, null).id) : '');
  const params = { visited: filters.visited ? 'true' : '', project: projectId, kind: filters.kind, from: filters.from, to: filters.to };
  const geo = useAsync(() => (projects.data || projects.error
    ? get(`/map/organisations.geojson`, params) : new Promise(() => {})), [query(params), !!(projects.data || projects.error)]);

  useEffect(() => {
    replaceQuery({ ...filters, visited: filters.visited ? 'true' : 'false' });
  }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value }));
  const features = geo.data && geo.data.features ? geo.data.features : [];
  return html`<div class="map-screen">
    <h1>${t('map.title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <div class="field"><label for="map-project">${t('dashboard.project')}</label>
        <select id="map-project" onChange=${set('project')}>
          <option value="" selected=${!filters.project}>${t('common.all_projects')}</option>
          ${(projects.data ? projects.data.items : []).map((p) => html`<option value=${p.id} selected=${String(p.id) === projectId}>${p.code}</option>`)}
        </select></div>
      <div class="field"><label for="map-kind">${t('org.kind')}</label>
        <select id="map-kind" onChange=${set('kind')}>
          <option value="" selected=${!filters.kind}>${t('common.all')}</option>
          ${ORG_KINDS.map((k) => html`<option value=${k} selected=${filters.kind === k}>${label('kind', k)}</option>`)}
        </select></div>
      <div class="field"><label for="map-from">${t('common.from')}</label>
        <input id="map-from" type="date" value=${filters.from} onChange=${set('from')} /></div>
      <div class="field"><label for="map-to">${t('common.to')}</label>
        <input id="map-to" type="date" value=${filters.to} onChange=${set('to')} /></div>
      <div class="field check"><input id="map-visited" type="checkbox" checked=${filters.visited} onChange=${set('visited')} />
        <label for="map-visited">${t('map.only_visited')}</label></div>
    </form>
    ${geo.error ? html`<${Alert}>${errorText(geo.error)}<//>` : null}
    ${!geo.data || !config.data ? html`<${Loading} />` : html`
      <p class="map-count" role="status">${t('map.count', { n: fmtNumber(features.length) })}
        ${geo.data.missing_coordinates ? html` ${t('map.missing', { n: fmtNumber(geo.data.missing_coordinates) })}` : null}</p>
      <${MapView} geo=${geo.data} tileUrl=${config.data.tile_url || ''} />
      <details class="table-details">
        <summary>${t('map.as_list')}</summary>
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">${t('org.name')}</th><th scope="col">${t('org.kind')}</th>
            <th scope="col">${t('org.municipality')}</th><th scope="col" class="num">${t('map.visits')}</th>
            <th scope="col" class="num">${label('audience', 'youths')}</th><th scope="col" class="num">${label('audience', 'specialists')}</th></tr></thead>
          <tbody>${features.map((f) => html`<tr>
            <th scope="row"><a href=${`#/organisations/${f.properties.id}`}>${f.properties.name}</a></th>
            <td>${label('kind', f.properties.kind)}</td><td>${f.properties.municipality || countryName(f.properties.country)}</td>
            <td class="num">${fmtNumber(f.properties.activities)}</td><td class="num">${fmtNumber(f.properties.youths)}</td>
            <td class="num">${fmtNumber(f.properties.specialists)}</td></tr>`)}</tbody>
        </table></div>
      </details>`}
  </div>`;
}
