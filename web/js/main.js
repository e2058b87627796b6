/*
 * The web interface of ecat: session, language, navigation and the screen of
 * the current route.  Screens are modules of their own, loaded when first
 * shown, so the first page carries only what it needs.
 */
import { html, render, useState, useEffect, useRef } from './vendor.js';
import { t, loadLocale, browserLocale, storedLocale, rememberLocale, LOCALES, locale } from './i18n.js';
import { api, setCsrfToken, onUnauthorized, onBusy, put } from './api.js';
import { currentRoute, navigate } from './router.js';
import { can } from './roles.js';
import { setDraftOwner, clearAllDrafts } from './drafts.js';
import { Loading, Alert } from './ui.js';
import { LoginScreen } from './screens/login.js';
import { TotpRequired } from './screens/totp.js';

/* Route table: first path part → screen module, the action it needs, and its nav label. */
const SCREENS = {
  dashboard: { load: () => import('./screens/dashboard.js'), action: 'dashboard.read', nav: 'nav.dashboard' },
  map: { load: () => import('./screens/map.js'), action: 'dashboard.read', nav: 'nav.map' },
  cases: { load: () => import('./screens/cases.js'), action: 'case.read', nav: 'nav.cases' },
  referrals: { load: () => import('./screens/referrals.js'), action: 'case.read', nav: 'nav.referrals' },
  notifications: { load: () => import('./screens/notifications.js'), action: 'case.manage', nav: 'nav.notifications' },
  organisations: { load: () => import('./screens/organisations.js'), action: 'organisation.read', nav: 'nav.organisations' },
  activities: { load: () => import('./screens/activities.js'), action: 'activity.read', nav: 'nav.activities' },
  materials: { load: () => import('./screens/materials.js'), action: 'activity.read', nav: 'material.nav' },
  distributions: { load: () => import('./screens/distributions.js'), action: 'activity.read', nav: 'distribution.nav' },
  agreements: { load: () => import('./screens/agreements.js'), action: 'engagement.read', nav: 'agreement.nav' },
  projects: { load: () => import('./screens/projects.js'), action: 'project.read', nav: 'nav.projects' },
  pipeline: { load: () => import('./screens/pipeline.js'), action: 'engagement.read', nav: 'pipeline.nav' },
  users: { load: () => import('./screens/users.js'), action: 'user.read', nav: 'nav.users' },
  import: { load: () => import('./screens/import.js'), action: 'import', nav: 'nav.import' },
  statistics: { load: () => import('./screens/statistics.js'), action: 'case.statistics', nav: 'nav.statistics' },
  account: { load: () => import('./screens/account.js'), action: null, nav: null },
};

function homeFor(user) {
  for (const [name, s] of Object.entries(SCREENS)) {
    if (s.nav && can(user, s.action)) return `/${name}`;
  }
  return '/account';
}

function LanguagePicker({ value, onChange, id }) {
  return html`<div class="lang">
    <label for=${id}>${t('nav.language')}</label>
    <select id=${id} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${LOCALES.map((l) => html`<option value=${l} selected=${l === value} lang=${l}>${t(`language.${l}`)}</option>`)}
    </select>
  </div>`;
}

function Header({ user, route, lang, setLang, logout }) {
  const first = route.parts[0] || '';
  return html`<header class="top">
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); const m = document.getElementById('main'); if (m) m.focus(); }}>${t('nav.skip')}</a>
    <div class="brand"><a href="#/">${t('app.name')}</a></div>
    <nav class="main-nav" aria-label=${t('nav.main')}>
      <ul>
        ${Object.entries(SCREENS).filter(([, s]) => s.nav && can(user, s.action)).map(([name, s]) => html`<li>
          <a href=${`#/${name}`} aria-current=${first === name ? 'page' : undefined}>${t(s.nav)}</a></li>`)}
      </ul>
    </nav>
    <div class="who">
      <${LanguagePicker} id="lang-top" value=${lang} onChange=${setLang} />
      <a href="#/account" class="account" aria-current=${first === 'account' ? 'page' : undefined}>${user.display_name || user.login}</a>
      <button type="button" class="secondary" onClick=${logout}>${t('nav.logout')}</button>
    </div>
  </header>`;
}

/* The screen of the route, loaded on demand. */
function Screen({ route, user, session, setUser }) {
  const name = route.parts[0];
  const spec = SCREENS[name];
  const [mod, setMod] = useState(null);
  const [failed, setFailed] = useState(null);
  useEffect(() => {
    let live = true;
    setMod(null);
    setFailed(null);
    if (spec && (!spec.action || can(user, spec.action))) {
      spec.load().then((m) => live && setMod(() => m.default), (e) => live && setFailed(e));
    }
    return () => { live = false; };
  }, [name]);
  if (!spec) return html`<h1 tabindex="-1">${t('error.no_page')}</h1><p><a href="#/">${t('nav.home')}</a></p>`;
  if (spec.action && !can(user, spec.action)) return html`<h1 tabindex="-1">${t('error.forbidden')}</h1>`;
  if (failed) return html`<${Alert}>${t('error.network')}<//>`;
  if (!mod) return html`<${Loading} />`;
  const Comp = mod;
  return html`<${Comp} route=${route} user=${user} session=${session} setUser=${setUser} />`;
}

function App() {
  const [lang, setLangState] = useState(locale());
  const [session, setSession] = useState(undefined); /* undefined: asking; null: logged out */
  const [route, setRoute] = useState(currentRoute());
  const [expired, setExpired] = useState(false);
  const [busyWait, setBusyWait] = useState(0);
  const mainRef = useRef(null);
  const lastPath = useRef(null);

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    onBusy(setBusyWait);
    onUnauthorized(() => {
      setCsrfToken(null);
      setSession((s) => {
        if (s) setExpired(true);
        return null;
      });
    });
    api('GET', '/session', undefined, { anonymous: true }).then(
      (s) => begin(s),
      () => setSession(null),
    );
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  /* Move focus to the new screen's heading, as a page load would. */
  useEffect(() => {
    if (!session || lastPath.current === route.path) return;
    const first = lastPath.current === null;
    lastPath.current = route.path;
    if (first) {
      document.title = t('app.name');
      return;
    }
    const tryFocus = (n) => {
      const h = mainRef.current && mainRef.current.querySelector('h1');
      if (h) {
        if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
        h.focus();
        document.title = `${h.textContent.trim()} – ${t('app.name')}`;
      } else if (n > 0) setTimeout(() => tryFocus(n - 1), 100);
    };
    tryFocus(20);
  }, [route.path, session]);

  /* "/" is the first screen the user's role may see. */
  useEffect(() => {
    if (session && route.path === '/') navigate(homeFor(session.user), null, true);
  }, [route.path, session]);

  async function begin(s) {
    setCsrfToken(s.csrf_token);
    setDraftOwner(s.user.id);
    const wanted = s.user.locale || storedLocale() || browserLocale();
    if (wanted !== locale()) {
      await loadLocale(wanted);
      setLangState(wanted);
    }
    setExpired(false);
    setSession(s);
    if (!location.hash || location.hash === '#/' || location.hash === '#/login') {
      navigate(homeFor(s.user), null, true);
    }
  }

  async function setLang(l) {
    await loadLocale(l);
    rememberLocale(l);
    setLangState(l);
    if (session) {
      try {
        const r = await put('/session/locale', { locale: l });
        if (r && r.user) setSession((s) => (s ? { ...s, user: r.user } : s));
      } catch {
        /* the choice still holds in this browser */
      }
    }
  }

  async function logout() {
    const id = session && session.user.id;
    try {
      await api('DELETE', '/session', undefined, { anonymous: true });
    } catch {
      /* logged out on this side whatever the server says */
    }
    if (id) clearAllDrafts(id);
    setDraftOwner(null);
    setCsrfToken(null);
    setSession(null);
    setExpired(false);
    navigate('/', null, true);
  }

  if (session === undefined) return html`<${Loading} />`;
  if (!session) {
    return html`<main id="main" class="login-page" tabindex="-1">
      <${LanguagePicker} id="lang-login" value=${lang} onChange=${setLang} />
      <${LoginScreen} expired=${expired} onLoggedIn=${(s) => begin(s)} />
    </main>`;
  }
  /* The server holds this session to setting up two-factor login; so does the interface. */
  if (session.totp_enrolment_required) {
    return html`<main id="main" class="login-page" tabindex="-1">
      <${LanguagePicker} id="lang-login" value=${lang} onChange=${setLang} />
      <${TotpRequired} session=${session} logout=${logout}
        onDone=${(user) => setSession((s) => ({ ...s, user, totp_enrolment_required: false, totp_reset: false }))} />
    </main>`;
  }
  if (route.path === '/') return null; /* the effect above moves to the user's first screen */
  return html`<${Header} user=${session.user} route=${route} lang=${lang} setLang=${setLang} logout=${logout} />
    <main id="main" ref=${mainRef} tabindex="-1">
      ${session.totp_reset ? html`<div class="notice info" role="status">${t('totp.was_reset')}</div>` : null}
      ${busyWait ? html`<div class="notice info busy-notice" role="status">${t('common.busy_retrying', { s: busyWait })}</div>` : null}
      <${Screen} key=${`${lang}:${route.parts[0]}`} route=${route} user=${session.user} session=${session}
        setUser=${(user) => setSession((s) => ({ ...s, user }))} />
    </main>`;
}

async function start() {
  const l = storedLocale() || browserLocale();
  try {
    await loadLocale(l);
  } catch {
    await loadLocale('en');
  }
  const root = document.getElementById('app');
  root.textContent = '';
  render(html`<${App} />`, root);
}

start();
