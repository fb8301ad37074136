// Small DOM helpers shared by the views. Text always goes in through textContent / attributes,
// never through innerHTML, so data from the graph cannot inject markup.

/**
 * h('div', {class: 'x', onclick: fn, dataset: {a: 1}}, 'text', childNode, [more, children])
 * Attributes whose value is null, undefined or false are left out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style' && typeof v === 'object') {
        for (const [sk, sv] of Object.entries(v)) {
          if (sk.startsWith('--')) el.style.setProperty(sk, sv);
          else el.style[sk] = sv;
        }
      }
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// ---- status, busy and error banner ------------------------------------------------------------

let busyCount = 0;

/** Tells screen readers (politely) what happened. */
export function announce(text) {
  const live = document.getElementById('live-status');
  live.textContent = '';
  // a fresh text node so the same message is announced again
  window.setTimeout(() => { live.textContent = text; }, 30);
}

export async function busy(promise, label) {
  busyCount++;
  document.body.dataset.busy = String(busyCount);
  if (label) announce(label);
  try {
    return await promise;
  } finally {
    busyCount--;
    document.body.dataset.busy = String(busyCount);
  }
}

/** Shows an API error verbatim ("403 forbidden: ...") in the banner at the top. */
export function showError(err, context) {
  if (err && err.name === 'AbortError') return;
  const banner = document.getElementById('error-banner');
  const msg = document.getElementById('error-message');
  const text = err && typeof err.describe === 'function' ? err.describe() : String(err && err.message ? err.message : err);
  msg.textContent = context ? `${context} — ${text}` : text;
  banner.hidden = false;
  document.body.dataset.error = text;
}

export function clearError() {
  document.getElementById('error-banner').hidden = true;
  delete document.body.dataset.error;
}

export function loadingBlock(text) {
  return h('div', { class: 'loading-block', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text || 'Loading…');
}

export function emptyState(title, ...body) {
  return h('div', { class: 'empty-state' }, h('p', { class: 'empty-title' }, title), body.length ? h('p', null, ...body) : null);
}

// ---- vocabulary --------------------------------------------------------------------------------

const FW_SHORT = {
  'soc2-tsc-2017': 'SOC 2',
  'hipaa-security': 'HIPAA Security',
  'hipaa-privacy-breach': 'HIPAA Privacy/Breach',
  'nist-sp800-53r5': 'NIST 800-53 r5',
  'nist-csf-1.1': 'NIST CSF 1.1',
  'nist-csf-2.0': 'NIST CSF 2.0',
};

export function fwShort(id) {
  return FW_SHORT[id] || id || '';
}

/** The two regimes first, then their HIPAA neighbour; every other framework after them by id. */
export const FW_ORDER = ['soc2-tsc-2017', 'hipaa-security', 'hipaa-privacy-breach'];

/** Framework entries ({framework, ...}) in FW_ORDER, then by id. */
export function orderFrameworks(fws) {
  const rank = (f) => { const i = FW_ORDER.indexOf(f.framework); return i < 0 ? FW_ORDER.length : i; };
  return fws.slice().sort((a, b) => rank(a) - rank(b) || a.framework.localeCompare(b.framework));
}

/** A stable colour per framework (used for borders and badges). */
const FW_COLOURS = {
  'soc2-tsc-2017': '#2f5fb3',
  'hipaa-security': '#0f7b6c',
  'hipaa-privacy-breach': '#55701b',
  'nist-sp800-53r5': '#8a4fb3',
  'nist-csf-1.1': '#7d5a50',
  'nist-csf-2.0': '#a83f6d',
};
const EXTRA = ['#4a6b8a', '#7a6a2a', '#3f7f9f', '#9f3f3f'];
export function fwColour(id) {
  if (FW_COLOURS[id]) return FW_COLOURS[id];
  let hsh = 0;
  for (const ch of String(id)) hsh = (hsh * 31 + ch.charCodeAt(0)) >>> 0;
  return EXTRA[hsh % EXTRA.length];
}

export const REL_LABEL = {
  equal: 'equal',
  subset_of: 'subset of',
  superset_of: 'superset of',
  intersects_with: 'intersects with',
  no_relationship: 'no relationship',
};
export function relLabel(r) {
  return REL_LABEL[r] || r || '';
}

export function fwBadge(fw) {
  return h('span', { class: 'fw-badge', style: { '--fw': fwColour(fw) }, title: fw }, fwShort(fw));
}

export function levelBadge(level) {
  if (!level) return null;
  return h('span', { class: `lvl-badge lvl-${level}` }, level);
}

export function statusBadge(status) {
  if (!status) return null;
  return h('span', { class: `status-badge st-${status}` }, status.replace(/_/g, ' '));
}

export function designationBadge(d) {
  if (!d || d === 'none') return null;
  return h('span', { class: `desig-badge desig-${d}` }, d);
}

export function kindLabel(k) {
  return k ? k.replace(/_/g, ' ') : '';
}

/** 'hipaa-security:164.312(b)' -> {framework, id}. */
export function splitUid(uid) {
  const i = String(uid).indexOf(':');
  return i < 0 ? { framework: null, id: uid } : { framework: uid.slice(0, i), id: uid.slice(i + 1) };
}

export function isUid(s) {
  return /^[a-z0-9.-]+:/.test(String(s));
}

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Evidence validity on a date (ISO strings compare as dates). */
export function evidenceValidity(ev, on) {
  const from = ev.validFrom || ev.collectedOn;
  if (from && on < from) return { ok: false, label: 'not yet valid' };
  if (ev.validUntil && on > ev.validUntil) return { ok: false, label: 'expired ' + ev.validUntil };
  return { ok: true, label: ev.validUntil ? 'valid until ' + ev.validUntil : 'does not expire' };
}

/** A recorded gap note: no counterpart in another framework, says its source. */
export function gapNote(g) {
  return h('div', { class: 'gap-note' }, g.against ? `No counterpart in ${fwShort(g.against)}: ` : 'Recorded gap: ', g.note || '', ' ',
    sourceChip(g.source));
}

// ---- mapping sources: what each key names, as the reference's SOURCES.md says (GET /api/sources, read once)

const sourceInfo = new Map();

export function setSources(list) {
  for (const s of list || []) if (s.publication) sourceInfo.set(s.key, s);
}

/** The publication a source key names, its direction and licence; the key alone when it is not described. */
export function sourceTitle(key) {
  const s = sourceInfo.get(key);
  return s ? [s.publication, s.direction, s.licence ? `licence: ${s.licence}` : null].filter(Boolean).join(' · ') : `source: ${key}`;
}

/** A source key that says, on hover, what it names (looked up at hover: the list may arrive after it is drawn). */
export function sourceChip(key, text, cls) {
  return h('span', { class: 'source' + (cls ? ` ${cls}` : ''), title: sourceTitle(key), dataset: { source: key || '' },
    onmouseenter: (e) => {
      const el = e.currentTarget;
      el.title = sourceTitle(key);
      if (sourcesWanted) sourcesWanted().then(() => { el.title = sourceTitle(key); }).catch(() => {});
    } }, text || key);
}

/** Asked on the first hover over a source (a scan of every crosswalk edge: not worth it on every page load). */
let sourcesWanted = null;
export function loadSourcesWith(fetcher) {
  let once = null;
  sourcesWanted = () => {
    if (!once) once = fetcher().then((r) => setSources(r.sources)).catch((e) => { once = null; throw e; });
    return once;
  };
}

/** Whether SOURCES.md describes this key (an imported crosswalk's own keys are not). */
export function sourceDescribed(key) {
  return sourceInfo.has(key);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : (many || one + 's')}`;
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    window.clearTimeout(t);
    t = window.setTimeout(() => fn(...args), ms);
  };
}

const dateActions = new WeakMap();

/**
 * A date input's change, acted on once typing pauses and only for a whole date (or an emptied
 * field): Chrome reports each keystroke of the year (0002, 0020, 0202, 2026) as a new valid date,
 * and each would otherwise be a request and a history entry.
 */
/** An ISO date as the API takes it (yyyy-mm-dd, a year from 1000). */
export const ISO_DATE = /^[1-9]\d{3}-\d{2}-\d{2}$/;

export function dateChanged(input, act) {
  if (!dateActions.has(input)) {
    dateActions.set(input, debounce((then) => {
      const v = input.value;
      if (v === '' || ISO_DATE.test(v)) then(v || null);
    }, 350));
  }
  dateActions.get(input)(act);
}
