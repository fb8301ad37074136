// crossmap web UI: hash router and shell. Each view lives in its own module and exposes
// init() (once) and show(params) (every time its route is visited); when show() resolves the
// body gets data-ready="<view>", which end-to-end tests wait for.
import { api, sources } from './api.js';
import { parseHash, nextGeneration } from './router.js';
import { $, $$, clearError, showError, announce, loadSourcesWith } from './ui.js';
import * as explorer from './explorer.js';
import * as impact from './impact.js';
import * as coverage from './coverage.js';
import * as matrix from './matrix.js';
import * as cypher from './cypher.js';

const VIEWS = { explorer, impact, coverage, matrix, cypher };
const TITLES = {
  explorer: 'Explorer',
  impact: 'Impact',
  coverage: 'Coverage',
  matrix: 'Crosswalk matrix',
  cypher: 'Cypher console',
};
const initialised = new Set();
const starting = new Map();
let current = null;
let sequence = 0;

async function route() {
  const { view, params } = parseHash(location.hash);
  const seq = ++sequence;
  nextGeneration();
  document.body.dataset.ready = '';
  document.body.dataset.view = view;
  for (const v of $$('.view')) v.hidden = v.dataset.view !== view;
  for (const a of $$('.tab')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${TITLES[view]} · crossmap`;
  clearError();
  if (current !== view && current && VIEWS[current].hide) VIEWS[current].hide();
  current = view;
  const mod = VIEWS[view];
  try {
    // a view counts as initialised only once init() succeeded: after a failed start (store down,
    // 503) the next visit tries again instead of showing a half-built view
    if (!initialised.has(view)) {
      if (!starting.has(view)) starting.set(view, mod.init().finally(() => starting.delete(view)));
      await starting.get(view);
      initialised.add(view);
      // another route may have come while init() ran: it shows its own address, this one is stale
      if (seq !== sequence) return;
    }
    await mod.show(params);
  } catch (e) {
    showError(e);
  }
  if (seq === sequence) {
    document.body.dataset.ready = view;
    announce(`${TITLES[view]} ready`);
  }
}

async function health() {
  const el = $('#store-status');
  try {
    const h = await api.get('/api/health');
    el.classList.add('ok');
    const c = h.counts || {};
    $('.store-text', el).textContent = `${c.requirements ?? '?'} requirements · ${c.controls ?? '?'} controls`;
    el.title = h.store || 'graph store';
  } catch (e) {
    el.classList.add('down');
    $('.store-text', el).textContent = 'store unavailable';
    showError(e, 'Health check');
  }
}

function start() {
  $('#error-close').addEventListener('click', clearError);
  window.addEventListener('hashchange', route);
  health();
  // what each mapping source key names, fetched on the first hover over one
  loadSourcesWith(sources);
  route();
}

start();
