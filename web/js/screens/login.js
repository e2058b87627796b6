/*
 * Logging in.  The one-time code field stays hidden until the server answers
 * that this user needs one (two-factor login); then the same form sends it.
 */
import { html, useState, useRef, useEffect } from '../vendor.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { Input, useForm, errorText } from '../ui.js';

/* Whether an answer to a log-in asks for the one-time code. */
function wantsCode(e) {
  return e instanceof ApiError && (e.code === 'totp_required' || e.code === 'two_factor_required'
    || Object.prototype.hasOwnProperty.call(e.fields, 'totp'));
}

export function LoginScreen({ expired, onLoggedIn }) {
  const [needCode, setNeedCode] = useState(false);
  const [message, setMessage] = useState(null);
  const codeRef = useRef(null);
  const f = useForm({
    form: null,
    initial: { login: '', password: '', totp: '' },
    required: ['login', 'password'],
    submit: async (v) => {
      setMessage(null);
      const body = { login: v.login.trim(), password: v.password };
      if (needCode) body.totp = v.totp.trim();
      let s;
      try {
        s = await api('POST', '/session', body, { anonymous: true });
      } catch (e) {
        if (wantsCode(e) && !needCode) {
          setNeedCode(true);
          setMessage(t('login.code_needed'));
          return;
        }
        if (e instanceof ApiError && e.status === 401) {
          setMessage(needCode ? t('login.failed_code') : t('login.failed'));
          return;
        }
        if (e instanceof ApiError && e.status === 429) {
          setMessage(t('error.rate_limited'));
          return;
        }
        if (e instanceof ApiError && e.status === 422) throw e;
        setMessage(errorText(e));
        return;
      }
      f.set('password', '');
      onLoggedIn(s);
    },
  });

  useEffect(() => {
    if (needCode && codeRef.current) codeRef.current.focus();
  }, [needCode]);

  return html`<section class="login" aria-labelledby="login-title">
    <h1 id="login-title" tabindex="-1">${t('login.title')}</h1>
    <p class="lead">${t('app.tagline')}</p>
    ${expired ? html`<div class="notice info" role="status">${t('login.expired')}</div>` : null}
    ${message ? html`<div class="notice error" role="alert">${message}</div>` : null}
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate>
      <${Input} f=${f} name="login" label=${t('login.login')} autocomplete="username" required autocapitalize="none" spellcheck=${false} />
      <${Input} f=${f} name="password" label=${t('login.password')} type="password" autocomplete="current-password" required />
      ${needCode ? html`<div class="field">
        <label for="login-totp">${t('login.code')}</label>
        <input id="login-totp" ref=${codeRef} name="totp" inputmode="numeric" autocomplete="one-time-code"
          maxlength="11" aria-describedby="login-totp-hint" value=${f.values.totp}
          onInput=${(e) => f.set('totp', e.currentTarget.value)} />
        <span id="login-totp-hint" class="hint">${t('login.code_hint')}</span>
      </div>` : null}
      <div class="actions">
        <button type="submit" disabled=${f.busy}>${f.busy ? t('login.busy') : t('login.submit')}</button>
      </div>
    </form>
  </section>`;
}
