// Hash routes: '#/<view>?k=v&...'. Views read their state from the address, so a copied link
// reproduces what was on screen.

export const VIEW_NAMES = ['explorer', 'impact', 'coverage', 'matrix', 'cypher'];

/** '#/impact?fail=AC-01,CR-02&hops=1' -> {view: 'impact', params: URLSearchParams} */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const name = (q < 0 ? raw : raw.slice(0, q)) || 'explorer';
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { view: VIEW_NAMES.includes(name) ? name : 'explorer', params };
}

export function hashFor(view, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  // commas and colons are safe in a fragment and keep links readable
  const s = q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%28/g, '(').replace(/%29/g, ')');
  return `#/${view}${s ? '?' + s : ''}`;
}

/** Changes the address without re-running the route (the view already shows that state). */
export function replaceHash(view, params) {
  const target = hashFor(view, params);
  if (location.hash !== target) history.replaceState(null, '', target);
}

/** Navigates (adds a history entry, runs the route). */
export function go(view, params) {
  location.hash = hashFor(view, params);
}

let generation = 0;

/** Called by the shell once per route: answers fetched for an earlier route are then stale. */
export function nextGeneration() {
  return ++generation;
}

/**
 * Returns a function that tells whether the route current when it was made has been replaced
 * since: a view awaiting the API checks it before drawing, so a slow answer to an earlier
 * address (tick A, then B) never overwrites the newer one.
 */
export function staleCheck() {
  const g = generation;
  return () => g !== generation;
}
