/*
 * Drafts of open forms, kept in localStorage per user and per form, so what
 * was typed survives an expired session, a reload or a closed tab.  A draft
 * is cleared once its form has been saved, and all of a user's drafts when
 * the user logs out.
 */
const PREFIX = 'ecat.draft.';
let owner = null;

/* Whose drafts are read and written (the logged-in user's id); kept when a session expires. */
export function setDraftOwner(userId) {
  owner = userId;
}

function key(form) {
  return owner ? `${PREFIX}${owner}.${form}` : null;
}

export function loadDraft(form) {
  const k = key(form);
  if (!k) return null;
  try {
    const v = localStorage.getItem(k);
    return v ? JSON.parse(v) : null;
  } catch {
    return null;
  }
}

export function saveDraft(form, values) {
  const k = key(form);
  if (!k) return;
  try {
    localStorage.setItem(k, JSON.stringify(values));
  } catch {
    /* storage full or off: the form still works, without a draft */
  }
}

export function clearDraft(form) {
  const k = key(form);
  if (k) localStorage.removeItem(k);
}

export function clearAllDrafts(userId) {
  const p = `${PREFIX}${userId}.`;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k && k.startsWith(p)) localStorage.removeItem(k);
  }
}
