// The JSON API client: every call goes through here, so errors always have one shape
// ({status, error, message, details?}) and can be shown verbatim.
import { h } from './ui.js';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || null;
  }

  /** The error as the API words it, e.g. "403 forbidden: write queries are not allowed". */
  describe() {
    const head = this.status ? `${this.status} ${this.code || ''}`.trim() : (this.code || 'error');
    return `${head}: ${this.message}`;
  }
}

// A server started with --token-for-reads answers 401 to reads without the token, and the Cypher
// console needs it unless the server was started with --open-console: the UI asks for it once, keeps
// it for this tab only (sessionStorage) and sends it as a bearer token from then on.
const TOKEN_KEY = 'crossmap-token';

function savedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (e) {
    return null;
  }
}

function askForToken(message, path) {
  const open = document.getElementById('token-dialog');
  if (open) return;
  const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', required: true });
  const problem = h('p', { class: 'token-problem', role: 'alert' });
  const save = (e) => {
    const value = input.value.trim();
    // a bearer token is printable ASCII; anything else (a pasted zero-width space) would break every request
    if (!/^[\x21-\x7e]+$/.test(value)) {
      e.preventDefault();
      problem.textContent = 'A token is printable ASCII without spaces; check what was pasted.';
      return;
    }
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch (err) {
      e.preventDefault();
      problem.textContent = 'This browser does not let the page keep the token (site storage is blocked); allow it and try again.';
      return;
    }
    location.reload();
  };
  const dialog = h('dialog', { id: 'token-dialog', 'aria-labelledby': 'token-title' },
    h('form', { method: 'dialog', onsubmit: save },
      h('h2', { id: 'token-title' }, 'Access token needed'),
      h('p', null, (savedToken() ? `The token given was refused (${message || 'forbidden'}). ` : ''),
        path === '/api/cypher'
          ? 'The Cypher console needs this server\'s access token: one query can keep the server busy, so only its operators run them. '
          : 'This server asks for its access token for every page, reads included. ',
        'Whoever runs crossmap has it: the file named token in its data directory (or CROSSMAP_TOKEN). This tab keeps it until it closes.'),
      h('label', { for: 'token-input' }, 'Token'),
      input,
      problem,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Use token'),
        h('button', { type: 'button', class: 'btn', id: 'token-cancel', onclick: () => dialog.close() }, 'Cancel'))));
  // closed without a token (Escape): gone, so the next refused request asks again
  dialog.addEventListener('close', () => { if (document.body.contains(dialog)) dialog.remove(); });
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}

async function request(method, path, body, signal) {
  const init = { method, headers: { Accept: 'application/json' }, signal };
  const token = savedToken();
  if (token) init.headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'the server did not answer (' + (e && e.message ? e.message : e) + ')');
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, text.slice(0, 300));
      throw new ApiError(res.status, 'bad_response', 'the server answered with something that is not JSON');
    }
  }
  if (!res.ok) {
    // 401: no token sent; 403 "forbidden": the token this tab sent is not the server's
    if (res.status === 401 || (res.status === 403 && token && json && json.error === 'forbidden')) askForToken(json && json.message, path);
    if (json && typeof json === 'object' && json.message) {
      throw new ApiError(json.status || res.status, json.error || 'http_' + res.status, json.message, json.details);
    }
    throw new ApiError(res.status, 'http_' + res.status, res.statusText || 'request failed');
  }
  return json;
}

export const api = {
  get: (path, signal) => request('GET', path, undefined, signal),
  post: (path, body, signal) => request('POST', path, body, signal),
};

const enc = encodeURIComponent;

// ---- cached reads ---------------------------------------------------------------------------

let frameworksPromise = null;
/** GET /api/frameworks, cached for the page's life (frameworks change only by import). */
export function frameworks() {
  if (!frameworksPromise) {
    frameworksPromise = api.get('/api/frameworks').catch((e) => { frameworksPromise = null; throw e; });
  }
  return frameworksPromise;
}

/** GET /api/sources: the mapping sources the graph cites, with what SOURCES.md says each is. */
export function sources() {
  return api.get('/api/sources');
}

let controlsPromise = null;
export function controls() {
  if (!controlsPromise) {
    controlsPromise = api.get('/api/controls').catch((e) => { controlsPromise = null; throw e; });
  }
  return controlsPromise;
}

const treeCache = new Map();
export function tree(fw) {
  if (!treeCache.has(fw)) {
    const p = api.get(`/api/frameworks/${enc(fw)}/requirements`).catch((e) => { treeCache.delete(fw); throw e; });
    treeCache.set(fw, p);
  }
  return treeCache.get(fw);
}

const controlCache = new Map();
export function control(id) {
  if (!controlCache.has(id)) {
    const p = api.get(`/api/controls/${enc(id)}`).catch((e) => { controlCache.delete(id); throw e; });
    controlCache.set(id, p);
  }
  return controlCache.get(id);
}

export function requirement(uid, hops, asOf) {
  const q = new URLSearchParams();
  if (hops !== undefined && hops !== null) q.set('hops', hops);
  if (asOf) q.set('asOf', asOf);
  const qs = q.toString();
  return api.get(`/api/requirements/${enc(uid)}${qs ? '?' + qs : ''}`);
}

export function search(q, signal) {
  return api.get(`/api/search?q=${enc(q)}&limit=20`, signal);
}

/** Nodes and edges around a node; hops/asOf are passed along for the coverage level of requirement nodes. */
export function graph(focus, depth, hops, asOf) {
  const q = new URLSearchParams({ focus, depth: String(depth) });
  if (hops !== undefined && hops !== null) q.set('hops', String(hops));
  if (asOf) q.set('asOf', asOf);
  return api.get(`/api/graph?${q.toString()}`);
}

export function crosswalk(from, to) {
  return api.get(`/api/crosswalk?from=${enc(from)}&to=${enc(to)}`);
}

export function impact(fail, hops, asOf, frameworkIds) {
  const body = { fail, hops, asOf: asOf || null };
  if (frameworkIds && frameworkIds.length) body.frameworks = frameworkIds;
  return api.post('/api/impact', body);
}

export function coverage(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  return api.get('/api/coverage?' + q.toString());
}

export function spof(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  return api.get('/api/single-points-of-failure?' + q.toString());
}

export function cypher(query, params) {
  return api.post('/api/cypher', { query, params });
}

/**
 * Every requirement's level from one engine, uncached: 'java' (crossmap's engine) or 'cypher' (the
 * coverage rules as Cypher statements, run by the database), for checking one against the other.
 */
export function levelsFrom(engine, hops, asOf) {
  const q = new URLSearchParams({ hops: String(hops), engine });
  if (asOf) q.set('asOf', asOf);
  return api.get(`/api/coverage/levels?${q}`);
}

// ---- coverage levels of every requirement ----------------------------------------------------

const levelCache = new Map();
/**
 * A Map uid -> 'full' | 'partial' | 'none' for every requirement, at the given hops / asOf,
 * from GET /api/coverage/levels; one request per (hops, asOf), cached.
 */
export function levels(hops, asOf) {
  const key = `${hops}|${asOf || ''}`;
  if (!levelCache.has(key)) {
    // each answer holds every requirement's level: keep the last few (hops values, a date or two), not every date tried
    while (levelCache.size >= 6) levelCache.delete(levelCache.keys().next().value);
    const q = new URLSearchParams({ hops: String(hops) });
    if (asOf) q.set('asOf', asOf);
    const p = api.get(`/api/coverage/levels?${q}`)
      .then((res) => new Map(Object.entries(res.levels)))
      .catch((e) => { levelCache.delete(key); throw e; });
    levelCache.set(key, p);
  }
  return levelCache.get(key);
}
