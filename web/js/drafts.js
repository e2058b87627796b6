/*
 * Drafts of open forms, per user and per form, so that what was typed
 * survives an expired session.  Ordinary forms keep theirs in localStorage,
 * so a draft also survives a reload or a closed tab.  Forms about victims'
 * cases (memory = true) keep theirs only in this page's memory, never in the
 * browser's storage: the draft comes back after a new log-in within the same
 * page, and is gone when the page is closed or reloaded.  A draft is cleared
 * once its form has been saved, and all of a user's drafts when the user
 * logs out.
 */
const PREFIX = 'ecat.draft.';
let owner = null;
const inMemory = new Map();

/* Whose drafts are read and written (the logged-in user's id); kept when a session expires. */
export function setDraftOwner(userId) {
  owner = userId;
}

function key(form) {
  return owner ? `${PREFIX}${owner}.${form}` : null;
}

export function loadDraft(form, memory = false) {
  const k = key(form);
  if (!k) return null;
  if (memory) return inMemory.has(k) ? JSON.parse(inMemory.get(k)) : null;
  try {
    const v = localStorage.getItem(k);
    return v ? JSON.parse(v) : null;
  } catch {
    return null;
  }
}

export function saveDraft(form, values, memory = false) {
  const k = key(form);
  if (!k) return;
  if (memory) {
    inMemory.set(k, JSON.stringify(values));
    return;
  }
  try {
    localStorage.setItem(k, JSON.stringify(values));
  } catch {
    /* storage full or off: the form still works, without a draft */
  }
}

export function clearDraft(form, memory = false) {
  const k = key(form);
  if (!k) return;
  if (memory) inMemory.delete(k);
  else localStorage.removeItem(k);
}

export function clearAllDrafts(userId) {
  const p = `${PREFIX}${userId}.`;
  for (const k of [...inMemory.keys()]) if (k.startsWith(p)) inMemory.delete(k);
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k && k.startsWith(p)) localStorage.removeItem(k);
  }
}
