/*
 * Choosing an organisation by typing part of its name: an ARIA combobox over
 * GET /api/v1/organisations?q=..., usable with the keyboard (arrows, Enter,
 * Escape) and by touch.
 */
import { html, useState, useEffect, useRef } from './vendor.js';
import { t, label } from './i18n.js';
import { get } from './api.js';
import { fid } from './ui.js';

/*
 * f, name: the form and the field holding the organisation id;
 * nameField: a form field keeping the chosen name (so a draft shows it again).
 */
export function OrgPicker({ f, name, nameField, labelText, required, hint, params }) {
  const id = fid(f, name);
  const listId = `${id}-list`;
  const error = f.errors[name];
  f.labels.current[name] = labelText;
  const [text, setText] = useState(f.values[nameField] || '');
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searching, setSearching] = useState(false);
  const timer = useRef(null);
  const seq = useRef(0);

  const typing = useRef(false);

  /* Follow the form when it changes the choice (a restored draft, a reset), not while typing. */
  useEffect(() => {
    if (typing.current) {
      typing.current = false;
      return;
    }
    setText(f.values[nameField] || '');
  }, [f.values[name]]);

  function search(q) {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const n = ++seq.current;
      setSearching(true);
      try {
        const r = await get('/organisations', { q: q.trim(), limit: 20, ...(params || {}) });
        if (n === seq.current) {
          setItems(r.items);
          setActive(r.items.length ? 0 : -1);
          setOpen(true);
        }
      } catch {
        if (n === seq.current) setItems([]);
      } finally {
        if (n === seq.current) setSearching(false);
      }
    }, 200);
  }

  function choose(o) {
    f.set(name, o.id);
    f.set(nameField, o.name);
    setText(o.name);
    setOpen(false);
  }

  function onInput(e) {
    const v = e.currentTarget.value;
    setText(v);
    if (f.values[name]) {
      typing.current = true;
      f.set(name, '');
      f.set(nameField, '');
    }
    search(v);
  }

  function onKeyDown(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) search(text);
      else setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        choose(items[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      }
    }
  }

  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-err` : null, `${id}-status`].filter(Boolean).join(' ');
  return html`<div class="field wide picker">
    <label for=${id}>${labelText}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <input id=${id} type="text" role="combobox" autocomplete="off" value=${text}
      aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'} aria-controls=${listId}
      aria-activedescendant=${open && active >= 0 ? `${listId}-${active}` : undefined}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}
      aria-required=${required ? 'true' : undefined}
      placeholder=${t('picker.placeholder')}
      onInput=${onInput} onKeyDown=${onKeyDown} onFocus=${() => { if (!f.values[name]) search(text); }}
      onBlur=${() => setTimeout(() => setOpen(false), 200)} />
    <ul id=${listId} role="listbox" aria-label=${labelText} class=${`options${open ? ' open' : ''}`} hidden=${!open}>
      ${items.map((o, i) => html`<li id=${`${listId}-${i}`} role="option" aria-selected=${i === active ? 'true' : 'false'}
        class=${i === active ? 'active' : ''} onMouseDown=${(e) => { e.preventDefault(); choose(o); }}>
        <span class="opt-name">${o.name}</span>
        <span class="opt-meta">${[label('kind', o.kind), o.municipality || o.country].filter(Boolean).join(' · ')}</span>
      </li>`)}
    </ul>
    <p class="visually-hidden" id=${`${id}-status`} aria-live="polite">${searching ? t('common.loading')
      : open ? t('picker.results', { n: items.length }) : f.values[name] ? t('picker.chosen', { name: text }) : ''}</p>
    ${error ? html`<p class="field-error" id=${`${id}-err`}>${error}</p>` : null}
  </div>`;
}
