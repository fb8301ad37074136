// Explorer: search -> focus a node -> its neighbourhood (fcose); click for details, double-click
// to expand; filters for frameworks shown and hops.
import * as API from './api.js';
import {
  h, $, replace, clear, busy, showError, announce, emptyState, loadingBlock, fwBadge, fwShort, fwColour,
  levelBadge, statusBadge, designationBadge, kindLabel, relLabel, evidenceValidity, today, plural, debounce, gapNote, dateChanged, sourceChip, ISO_DATE,
} from './ui.js';
import { createCy, nodeData, edgeData, runLayout, fitGraph, attachTooltip, describeEdgeRows, describeNodeRows, levelFill } from './graph.js';
import { hashFor, replaceHash, go, parseHash, staleCheck } from './router.js';
import { pathList, nodeLink } from './paths.js';

const state = {
  cy: null,
  focus: null, // the key (uid or id) in the address
  loadSeq: 0, // numbers graph loads: only the latest hides the overlay
  title: null, // the title of the graph on screen (nodes), put back when a load is retired
  depth: 1,
  hops: 1,
  asOf: null, // evidence date the coverage levels apply (null: dates not applied)
  frameworks: [], // all framework ids
  hidden: new Set(), // frameworks not shown
  levels: null,
  loadedKey: null,
  selectedKey: null,
  searchAbort: null,
  query: '',
  detailsSeq: 0,
};

export async function init() {
  // the only request first: a start that fails here (store down) has set nothing up, and the next
  // visit runs init() again from scratch
  const fws = await busy(API.frameworks());
  state.cy = createCy($('#explorer-graph'));
  attachTooltip(state.cy, $('#graph-tooltip'), describeEdgeRows, describeNodeRows);
  state.cy.on('tap', 'node', (evt) => selectNode(evt.target));
  state.cy.on('dbltap', 'node', (evt) => expand(evt.target));

  const input = $('#search-input');
  const run = debounce(() => doSearch(input.value), 180);
  input.addEventListener('input', run);
  input.addEventListener('keydown', (e) => {
    const first = $('#search-results .result');
    if (e.key === 'ArrowDown' && first) { e.preventDefault(); first.focus(); }
    if (e.key === 'Enter') {
      e.preventDefault();
      if (first) first.click();
      else doSearch(input.value);
    }
    if (e.key === 'Escape') { input.value = ''; doSearch(''); }
  });
  $('#search-results').addEventListener('keydown', (e) => {
    const items = Array.from(document.querySelectorAll('#search-results .result'));
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i < items.length - 1) { e.preventDefault(); items[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? items[i - 1] : input).focus(); }
  });

  // links in the details panel were drawn with the state of that moment: a click goes with the state of now
  // (the search typed since, say); the href stays for opening in a new tab
  $('#details-panel').addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="#/explorer"]');
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const focus = parseHash(a.getAttribute('href')).params.get('focus');
    if (!focus) return;
    e.preventDefault();
    navigate({ focus, sel: null });
  });
  $('#depth-select').addEventListener('change', (e) => navigate({ depth: e.target.value }));
  $('#explorer-hops').addEventListener('change', (e) => navigate({ hops: e.target.value }));
  $('#explorer-asof').addEventListener('change', (e) => dateChanged(e.target, (v) => navigate({ asOf: v })));
  $('#explorer-fit').addEventListener('click', () => fitGraph(state.cy));
  $('#explorer-relayout').addEventListener('click', () => runLayout(state.cy, { randomize: true }).then(() => fitGraph(state.cy)));

  if (window.matchMedia('(max-width: 820px)').matches) $('#explorer-filters').open = false;
  state.frameworks = fws.map((f) => f.id);
  const box = replace($('#framework-checks'));
  for (const f of fws) {
    const id = `fw-check-${f.id}`;
    const cb = h('input', { type: 'checkbox', id, value: f.id, checked: true });
    cb.addEventListener('change', () => {
      if (cb.checked) state.hidden.delete(f.id); else state.hidden.add(f.id);
      applyFilter();
      replaceHash('explorer', currentParams());
    });
    box.appendChild(h('div', { class: 'check' }, cb,
      h('label', { for: id },
        h('span', { class: 'fw-swatch', style: { background: fwColour(f.id) }, 'aria-hidden': 'true' }),
        fwShort(f.id), ' ', h('span', { class: 'muted' }, `(${f.requirementCount})`))));
  }
  if (!fws.length) box.appendChild(h('p', { class: 'muted' }, 'No framework in this store yet.'));
  examples(fws);
}

/** Starting points offered while nothing is focused, taken from what this store holds. */
function examples(fws) {
  const el = $('#explorer-examples');
  const first = fws.find((f) => f.requirementCount > 0);
  if (!first) {
    replace(el, 'This store holds no framework yet: import one (POST /api/import with the token), or load the built-in SOC 2 and HIPAA catalogues (POST /api/dataset/reload with the token).');
    return;
  }
  const known = new Set(fws.map((f) => f.id));
  const picks = [];
  if (known.has('hipaa-security')) picks.push(['hipaa-security:164.312(a)(1)', '164.312(a)(1) Access Control']);
  if (known.has('soc2-tsc-2017')) picks.push(['soc2-tsc-2017:CC6.1', 'CC6.1']);
  if (!picks.length) picks.push([first.id, first.name || first.id]);
  const links = picks.map(([key, text]) => h('a', { href: hashFor('explorer', { focus: key }) }, text));
  replace(el, 'Type in the search box, or start from ', ...links.flatMap((a, i) => (i ? [' or ', a] : [a])), '.');
}

/** Links inside the Explorer focus their node and keep the search, filters and hops. */
const LINK = { href: (key) => hashFor('explorer', currentParams({ focus: key, sel: null })) };

function currentParams(over) {
  const p = {
    focus: state.focus,
    depth: state.depth !== 1 ? state.depth : null,
    hops: state.hops !== 1 ? state.hops : null,
    asOf: state.asOf,
    fw: state.hidden.size ? state.frameworks.filter((f) => !state.hidden.has(f)) : null,
    sel: state.selectedKey && state.selectedKey !== state.focus ? state.selectedKey : null,
    q: state.query || null,
  };
  return Object.assign(p, over || {});
}

function navigate(over) {
  go('explorer', currentParams(over));
}

export function hide() {
  $('#graph-tooltip').hidden = true;
}

export async function show(params) {
  const focus = params.get('focus') || null;
  // a link may carry the search (#/explorer?q=164.312): the box shows it with its results
  const q = (params.get('q') || '').trim();
  if (q !== state.query) {
    state.query = q;
    $('#search-input').value = q;
    runSearch(q);
  }
  const depth = clampInt(params.get('depth'), 1, 3, 1);
  const hops = clampInt(params.get('hops'), 0, 4, 1);
  const asOfParam = params.get('asOf');
  const asOf = asOfParam && ISO_DATE.test(asOfParam) ? asOfParam : null;
  const fw = params.get('fw');
  state.hidden = new Set(fw ? state.frameworks.filter((f) => !fw.split(',').includes(f)) : []);
  for (const cb of document.querySelectorAll('#framework-checks input')) cb.checked = !state.hidden.has(cb.value);
  $('#depth-select').value = String(depth);
  $('#explorer-hops').value = String(hops);
  if (document.activeElement !== $('#explorer-asof')) $('#explorer-asof').value = asOf || '';
  state.cy.resize();

  const hopsChanged = hops !== state.hops || asOf !== state.asOf;
  state.hops = hops;
  state.asOf = asOf;
  state.depth = depth;
  state.focus = focus;
  const key = `${focus}|${depth}`;
  if (!focus) {
    retireLoads();
    state.cy.elements().remove();
    state.loadedKey = null;
    $('#explorer-empty').hidden = false;
    $('#explorer-title').textContent = 'Search for a requirement or control to begin.';
    renderNodeList();
    renderDetailsEmpty();
    document.body.dataset.explorerFocus = '';
    $('#search-input').focus({ preventScroll: true });
    return;
  }
  $('#explorer-empty').hidden = true;
  const stale = staleCheck();
  if (state.loadedKey !== key) {
    if (!await loadGraph(focus, depth)) return;
    state.loadedKey = key;
  } else {
    retireLoads();
    if (hopsChanged) await paintLevels();
  }
  if (stale()) return;
  applyFilter();
  const sel = params.get('sel') || focus;
  const node = findByKey(sel) || findByKey(focus);
  if (node) await selectNode(node, { keepHash: true });
}

function clampInt(v, lo, hi, dflt) {
  const n = Number.parseInt(v, 10);
  if (Number.isNaN(n)) return dflt;
  return Math.max(lo, Math.min(hi, n));
}

// ---- search --------------------------------------------------------------------------------

/** A search typed in the box: it goes into the address too, so a copied link repeats it. */
function doSearch(text) {
  const q = text.trim();
  // a debounced search can fire after another view took over: the address is that view's then
  if (parseHash(location.hash).view !== 'explorer') return undefined;
  if (q !== state.query) {
    state.query = q;
    replaceHash('explorer', currentParams());
  }
  return runSearch(q);
}

async function runSearch(q) {
  const out = $('#search-results');
  if (state.searchAbort) state.searchAbort.abort();
  if (!q) { clear(out); return; }
  const ctrl = new AbortController();
  state.searchAbort = ctrl;
  replace(out, h('p', { class: 'muted searching' }, 'Searching…'));
  try {
    const res = await API.search(q, ctrl.signal);
    if (ctrl.signal.aborted) return;
    renderResults(res.results || [], q);
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(out);
    showError(e, 'Search');
  }
}

function renderResults(results, q) {
  const out = $('#search-results');
  if (!results.length) {
    replace(out, h('p', { class: 'muted' }, `No match for “${q}”.`));
    announce(`No match for ${q}`);
    return;
  }
  const list = h('ul', { class: 'results-list', 'aria-label': `Search results for ${q}` });
  for (const r of results) {
    const a = h('a', {
      class: 'result',
      href: LINK.href(r.key),
      dataset: { key: r.key, type: r.type },
    },
    h('span', { class: 'result-head' },
      r.type === 'requirement' ? fwBadge(r.framework) : h('span', { class: `type-badge type-${r.type}` }, r.type),
      h('span', { class: 'result-id' }, r.id || r.key),
      r.type === 'control' ? statusBadge(r.status) : designationBadge(r.designation),
      r.kind ? h('span', { class: 'result-kind' }, kindLabel(r.kind)) : null),
    h('span', { class: 'result-name' }, r.name || ''));
    list.appendChild(h('li', null, a));
  }
  replace(out, h('p', { class: 'muted result-count' }, plural(results.length, 'result')), list);
  announce(`${plural(results.length, 'result')} for ${q}`);
}

// ---- graph ---------------------------------------------------------------------------------

function findByKey(key) {
  if (!key) return null;
  const n = state.cy.nodes().filter((x) => x.data('key') === key);
  return n.length ? n[0] : null;
}

/** Turns /api/graph edges ({id, type, source, target, properties}) into flat edge data for Cytoscape. */
function normaliseEdges(nodes, edges) {
  const ids = new Set(nodes.map((n) => n.id));
  return edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => {
    const props = e.properties || {};
    return {
      id: e.id,
      type: e.type,
      source: e.source,
      target: e.target,
      relationship: props.relationship,
      strength: props.strength,
      note: props.note,
      publication: e.type === 'MAPS_TO' ? props.source : null,
    };
  });
}

/**
 * A route that draws from what is loaded already (or nothing) retires any load still on its way:
 * the overlay goes and the title is that of the graph on screen again.
 */
function retireLoads() {
  state.loadSeq++;
  const overlay = $('#explorer-loading');
  // only a load in flight (its overlay up) changed the title: then it goes back to the graph's own
  if (!overlay.hidden && state.title && state.focus) replace($('#explorer-title'), ...state.title.map((n) => n.cloneNode(true)));
  overlay.hidden = true;
}

/** Keeps the title of the graph on screen, to put back when a load is retired. */
function keepTitle() {
  state.title = Array.from($('#explorer-title').childNodes, (n) => n.cloneNode(true));
}

/** Draws the neighbourhood of `focus`; false (nothing drawn) when a newer load, or a route that retired it, came first. */
async function loadGraph(focus, depth) {
  const load = ++state.loadSeq;
  const stale = () => load !== state.loadSeq;
  const overlay = $('#explorer-loading');
  overlay.hidden = false;
  $('#explorer-title').textContent = `Loading the neighbourhood of ${focus}…`;
  try {
    const g = await busy(API.graph(focus, depth, state.hops, state.asOf), 'Loading graph');
    // requirement nodes are filled by coverage level: taken from the node when the API sends it,
    // else from the levels map (one cached request)
    const needLevels = g.nodes.some((n) => n.type === 'requirement' && !n.level);
    state.levels = needLevels ? await busy(API.levels(state.hops, state.asOf)) : state.levels;
    if (stale()) return false;
    const edges = normaliseEdges(g.nodes, g.edges);
    const cy = state.cy;
    cy.elements().remove();
    cy.add(g.nodes.map((n) => ({ group: 'nodes', data: nodeData(n, levelOf(n)) })));
    cy.add(edges.map((e) => ({ group: 'edges', data: edgeData(e) })));
    const f = cy.getElementById(g.focus);
    f.addClass('focus');
    applyFilter();
    await runLayout(cy, { randomize: true, fit: false });
    fitGraph(cy);
    const fd = f.data();
    replace($('#explorer-title'),
      h('strong', null, fd.label), ' ', h('span', { class: 'muted' }, fd.name), ' · ',
      plural(g.nodes.length, 'node'), ', ', plural(edges.length, 'edge'),
      g.truncated ? h('span', { class: 'warn-pill', title: 'The server capped the number of edges' }, 'truncated') : null);
    keepTitle();
    document.body.dataset.explorerFocus = fd.key;
    document.body.dataset.explorerNodes = String(g.nodes.length);
    announce(`Showing ${plural(g.nodes.length, 'node')} around ${fd.key}`);
    return true;
  } catch (e) {
    if (stale()) return false;
    // nothing is on screen now: a later visit to the previous focus loads it again
    state.loadedKey = null;
    state.title = null;
    state.cy.elements().remove();
    $('#explorer-title').textContent = `Could not load ${focus}.`;
    renderNodeList();
    throw e;
  } finally {
    if (!stale()) overlay.hidden = true;
  }
}

function levelOf(n) {
  if (n.type !== 'requirement') return '';
  if (n.level) return n.level; // if the API ever sends it
  return state.levels ? (state.levels.get(n.key) || 'none') : '';
}

async function paintLevels() {
  const asked = `${state.hops}|${state.asOf}`;
  const levels = await busy(API.levels(state.hops, state.asOf), 'Recomputing coverage');
  // a newer hops or date was chosen while this one was on its way: its own paint follows
  if (asked !== `${state.hops}|${state.asOf}`) return;
  state.levels = levels;
  state.cy.nodes('[type = "requirement"]').forEach((n) => {
    const level = state.levels.get(n.data('key')) || 'none';
    n.data('level', level);
    n.data('fill', levelFill(level));
  });
  if (state.selectedKey) {
    const n = findByKey(state.selectedKey);
    if (n) await selectNode(n, { keepHash: true });
  }
}

function applyFilter() {
  const cy = state.cy;
  let cut = 0;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const fw = n.data('framework');
      const hide = fw && state.hidden.has(fw) && !n.hasClass('focus');
      if (hide) n.addClass('hidden-fw'); else n.removeClass('hidden-fw');
    });
    // nodes the hidden frameworks cut off from the focus go too: no island floats without its link
    cy.nodes().removeClass('cut-off');
    const focus = cy.nodes('.focus');
    if (state.hidden.size && focus.length) {
      const reached = new Set([focus.id()]);
      const queue = [focus[0]];
      while (queue.length) {
        const n = queue.shift();
        n.connectedEdges().forEach((e) => {
          const other = e.source().id() === n.id() ? e.target() : e.source();
          if (!other.hasClass('hidden-fw') && !reached.has(other.id())) {
            reached.add(other.id());
            queue.push(other);
          }
        });
      }
      cy.nodes().forEach((n) => {
        if (!n.hasClass('hidden-fw') && !reached.has(n.id())) { n.addClass('cut-off'); cut++; }
      });
    }
  });
  const total = cy.nodes().length;
  const shown = cy.nodes().filter((n) => !n.hasClass('hidden-fw') && !n.hasClass('cut-off')).length;
  $('#explorer-filter-note').textContent = state.focus && shown < total
    ? `· ${shown} of ${total} shown (frameworks filtered${cut ? `; ${cut} only reached through them hidden too` : ''})` : '';
  // the note can wrap the title onto a second line, which makes the graph's box shorter: measured
  // again before the next fit, so no node is fitted below the box's edge
  cy.resize();
  renderNodeList();
}

async function expand(node) {
  const key = node.data('key');
  try {
    const g = await busy(API.graph(key, 1, state.hops, state.asOf), `Expanding ${key}`);
    if (!state.levels && g.nodes.some((n) => n.type === 'requirement' && !n.level)) state.levels = await busy(API.levels(state.hops, state.asOf));
    const cy = state.cy;
    const known = new Set(cy.nodes().map((n) => n.id()));
    const allNodes = g.nodes.concat(cy.nodes().map((n) => ({ id: n.id() })));
    const edges = normaliseEdges(allNodes, g.edges);
    const pos = node.position();
    const added = g.nodes.filter((n) => !known.has(n.id));
    cy.add(added.map((n) => ({ group: 'nodes', data: nodeData(n, levelOf(n)), position: { x: pos.x + (Math.random() - 0.5) * 40, y: pos.y + (Math.random() - 0.5) * 40 } })));
    cy.add(edges.filter((e) => cy.getElementById(e.id).empty()).map((e) => ({ group: 'edges', data: edgeData(e) })));
    applyFilter();
    await runLayout(cy, { randomize: false, fit: false });
    fitGraph(cy);
    announce(`Added ${plural(added.length, 'node')} around ${key}`);
    replace($('#explorer-title'), h('strong', null, 'Expanded ', node.data('label')), ' ', h('span', { class: 'muted' }, node.data('name')), ' · ',
      plural(cy.nodes().length, 'node'), ', ', plural(cy.edges().length, 'edge'));
    keepTitle();
    document.body.dataset.explorerNodes = String(cy.nodes().length);
  } catch (e) {
    showError(e, `Expanding ${key}`);
  }
}

function renderNodeList() {
  const ul = replace($('#node-list-items'));
  const nodes = state.cy ? state.cy.nodes(':visible').sort((a, b) => a.data('type').localeCompare(b.data('type')) || String(a.data('key')).localeCompare(String(b.data('key')))) : [];
  $('#node-count').textContent = String(nodes.length);
  nodes.forEach((n) => {
    const d = n.data();
    const b = h('button', { type: 'button', class: 'btn btn-link node-item', dataset: { key: d.key, gaps: String(d.gaps || 0) } },
      h('span', { class: `type-badge type-${d.type}` }, d.type), ' ', d.label, ' ', h('span', { class: 'muted' }, d.name),
      d.gaps ? h('span', { class: 'gap-flag' }, d.gaps === 1 ? 'gap noted' : `${d.gaps} gaps noted`) : null);
    b.addEventListener('click', () => selectNode(n));
    b.addEventListener('dblclick', () => expand(n));
    ul.appendChild(h('li', null, b));
  });
}

// ---- details panel -------------------------------------------------------------------------

function renderDetailsEmpty() {
  state.selectedKey = null;
  replace($('#details-panel'), h('div', { class: 'details-empty' },
    h('p', { class: 'empty-title' }, 'Details'),
    h('p', null, 'Select a node in the graph to see its summary, mappings, controls, policies and evidence.')));
}

async function selectNode(node, opts) {
  const o = opts || {};
  const cy = state.cy;
  cy.$(':selected').unselect();
  node.select();
  const d = node.data();
  state.selectedKey = d.key;
  if (!o.keepHash) replaceHash('explorer', currentParams());
  const seq = ++state.detailsSeq;
  const panel = $('#details-panel');
  replace(panel, loadingBlock(`Loading ${d.key}…`));
  panel.dataset.key = '';
  try {
    let content;
    if (d.type === 'requirement') content = await requirementDetails(d);
    else if (d.type === 'control') content = await controlDetails(d);
    else if (d.type === 'policy') content = await policyDetails(node);
    else if (d.type === 'evidence') content = await evidenceDetails(node);
    else content = await frameworkDetails(d);
    if (seq !== state.detailsSeq) return;
    replace(panel, content);
    panel.dataset.key = d.key;
    panel.dataset.type = d.type;
  } catch (e) {
    if (seq !== state.detailsSeq) return;
    replace(panel, emptyState('Could not load the details', e.describe ? e.describe() : String(e)));
    showError(e, `Details of ${d.key}`);
  }
}

function panelHead(d, title, sub, extra) {
  const actions = h('div', { class: 'panel-actions' });
  if (d.key !== state.focus) {
    actions.appendChild(h('a', { class: 'btn btn-small', href: LINK.href(d.key) }, 'Focus here'));
  }
  const node = findByKey(d.key);
  if (node) {
    const b = h('button', { type: 'button', class: 'btn btn-small' }, 'Expand');
    b.addEventListener('click', () => expand(node));
    actions.appendChild(b);
  }
  if (extra) actions.appendChild(extra);
  return h('header', { class: 'panel-head' },
    h('div', { class: 'panel-kicker' }, ...sub),
    h('h2', { class: 'panel-title' }, title),
    actions);
}

function section(title, ...body) {
  return h('section', { class: 'panel-section' }, h('h3', null, title), ...body);
}

function kv(pairs) {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.appendChild(h('dt', null, k));
    dl.appendChild(h('dd', null, v));
  }
  return dl;
}

function reqLink(uid, framework, id, name) {
  return h('a', { class: 'req-link', href: LINK.href(uid), title: name || '' },
    fwBadge(framework), ' ', h('span', { class: 'mono' }, id));
}

function mappingTable(rows, caption) {
  if (!rows.length) return h('p', { class: 'muted' }, 'None.');
  const t = h('table', { class: 'data-table compact' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Requirement'), h('th', { scope: 'col' }, 'Relationship'),
      h('th', { scope: 'col' }, 'Strength'), h('th', { scope: 'col' }, 'Source'))));
  const tb = h('tbody');
  for (const m of rows) {
    tb.appendChild(h('tr', { title: m.note || '' },
      h('td', null, reqLink(m.uid, m.framework, m.id, m.name), h('div', { class: 'cell-sub' }, m.name || '')),
      h('td', null, h('span', { class: `rel rel-${m.relationship}` }, relLabel(m.relationship))),
      h('td', { class: 'num' }, m.strength === null || m.strength === undefined ? '—' : String(m.strength)),
      h('td', null, sourceChip(m.source), m.note ? h('div', { class: 'cell-sub' }, m.note) : null)));
  }
  t.appendChild(tb);
  return h('div', { class: 'table-scroll' }, t);
}

function policyList(policies) {
  if (!policies.length) return h('p', { class: 'muted' }, 'No policy governs it.');
  return h('ul', { class: 'plain-list' }, policies.map((p) => h('li', { class: 'policy-item' },
    h('span', { class: 'id-chip mono' }, p.id), ' ', p.title || '',
    h('div', { class: 'cell-sub' }, [p.version ? `v${p.version}` : null, p.approvedOn ? `approved ${p.approvedOn}` : null,
      p.reviewEveryMonths ? `review every ${p.reviewEveryMonths} months` : null, p.owner ? `owner ${p.owner}` : null].filter(Boolean).join(' · ')))));
}

function evidenceList(evidence) {
  if (!evidence.length) return h('p', { class: 'muted' }, 'No evidence on file.');
  const on = today();
  return h('ul', { class: 'plain-list evidence-list' }, evidence.map((e) => {
    const v = evidenceValidity(e, on);
    return h('li', { class: 'evidence-item' },
      h('span', { class: `valid-pill ${v.ok ? 'valid' : 'invalid'}` }, v.ok ? 'valid' : 'not valid'),
      ' ', h('span', { class: 'mono' }, e.id), ' ', e.title || '',
      h('div', { class: 'cell-sub' }, [e.kind, e.collectedOn ? `collected ${e.collectedOn}` : null,
        e.validFrom ? `valid from ${e.validFrom}` : null, v.label].filter(Boolean).join(' · ')),
      e.uri ? h('div', { class: 'cell-sub mono' }, e.uri) : null);
  }));
}

/**
 * Which rule gives the level (the answer's levelFrom): a parent can be full by its parts while every
 * path to it is partial, and the paths alone would not say why.
 */
function levelBasis(cov) {
  const from = cov.levelFrom;
  if (!from || !cov.level || cov.level === 'none') return null;
  const why = [];
  if (from.direct === cov.level) why.push('a control satisfies it at that level');
  if (from.rollUp === cov.level && from.children) {
    const c = from.children;
    const all = c.full + c.partial + c.none;
    why.push(cov.level === 'full'
      ? `all ${plural(all, 'part')} ${all === 1 ? 'is' : 'are'} full`
      : `${c.full + c.partial} of its ${plural(all, 'part')} ${c.full + c.partial === 1 ? 'is' : 'are'} covered (${c.full} full, ${c.partial} partial)`);
  }
  if (from.crosswalk === cov.level) why.push('a crosswalk mapping carries it');
  if (!why.length) return null;
  return h('p', { class: 'level-basis', id: 'level-basis' }, levelBadge(cov.level), ' because ', why.join(', and '), '.');
}

async function requirementDetails(d) {
  const r = await API.requirement(d.key, state.hops, state.asOf);
  const req = r.requirement;
  const cov = r.coverage || {};
  const controlDetails = await Promise.all((r.controls || []).map((c) => API.control(c.id).catch(() => null)));
  const out = h('div', { class: 'panel' });
  out.appendChild(panelHead(d, `${req.id} ${req.name || ''}`, [fwBadge(req.framework), ' ', kindLabel(req.kind), ' ',
    designationBadge(req.designation), ' ', levelBadge(cov.level)]));
  if (req.summary) out.appendChild(h('p', { class: 'summary' }, req.summary));
  out.appendChild(kv([
    ['Framework', fwShort(req.framework)],
    ['Designation', req.designation && req.designation !== 'none' ? req.designation : null],
    ['Part of', r.parentUid ? reqLink(r.parentUid, req.framework, r.parent, r.parentName) : null],
    ['Coverage', cov.level ? h('span', { dataset: { coverageLevel: cov.level } }, levelBadge(cov.level), ` with ${cov.hops} crosswalk hop${cov.hops === 1 ? '' : 's'}`,
      h('div', { class: 'cell-sub', id: 'coverage-asof-note' }, state.asOf
        ? `counting only controls with evidence valid on ${state.asOf}`
        : 'evidence dates not applied: every operating control counts (set “Evidence as of” in the filters to apply them)')) : null],
  ]));
  if (r.children && r.children.length) {
    out.appendChild(section(`Contains (${r.children.length})`, h('ul', { class: 'plain-list child-list' },
      r.children.map((c) => h('li', null, reqLink(c.uid, req.framework, c.id, c.name), ' ', c.name || '', ' ', designationBadge(c.designation))))));
  }
  // how it is covered
  const support = cov.support || [];
  out.appendChild(section('How it is covered',
    levelBasis(cov),
    support.length
      ? h('p', null, `${plural(support.length, 'control')} ${support.length === 1 ? 'supports' : 'support'} it: `, ...support.map((c) => nodeLink(c, LINK)))
      : h('p', { class: 'callout callout-none' }, 'No operating control reaches this requirement.'),
    support.length === 1 ? h('p', { class: 'callout callout-warn' }, `Single point of failure: only ${support[0]} holds it.`) : null,
    pathList(cov.paths || [], { limit: 5, empty: 'No supporting path.', href: LINK.href }),
    cov.pathsTruncated ? h('p', { class: 'muted' }, `${plural((cov.paths || []).length, 'path')} found before the search stopped; there may be more.`) : null));
  // direct controls with policies and evidence
  const ctlBlocks = (r.controls || []).map((c, i) => {
    const cd = controlDetails[i];
    return h('div', { class: 'control-block' },
      h('div', { class: 'control-line' }, nodeLink(c.id, LINK), ' ', c.name || '', ' ', statusBadge(c.status),
        h('span', { class: 'muted' }, ` · satisfies ${c.strength || 'full'}`)),
      c.note ? h('div', { class: 'cell-sub' }, c.note) : null,
      cd ? h('div', { class: 'control-sub' },
        h('h4', null, 'Policies'), policyList(cd.policies || []),
        h('h4', null, 'Evidence'), evidenceList(cd.evidence || [])) : null);
  });
  out.appendChild(section(`Controls satisfying it directly (${ctlBlocks.length})`,
    ctlBlocks.length ? ctlBlocks : h('p', { class: 'muted' }, 'None directly; coverage, if any, comes through the hierarchy or the crosswalk.')));
  out.appendChild(section(`Maps to (${(r.mapsTo || []).length})`, mappingTable(r.mapsTo || [], 'Mappings from this requirement')));
  out.appendChild(section(`Mapped from (${(r.mappedFrom || []).length})`, mappingTable(r.mappedFrom || [], 'Mappings to this requirement')));
  if (r.gaps && r.gaps.length) {
    out.appendChild(section(`Gap notes (${r.gaps.length})`, h('ul', { class: 'plain-list' }, r.gaps.map((g) => h('li', { class: 'gap-item' }, gapNote(g))))));
  }
  return out;
}

async function controlDetails(d) {
  const c = await API.control(d.key);
  const ctl = c.control;
  const out = h('div', { class: 'panel' });
  const sim = h('a', { class: 'btn btn-small btn-danger', href: hashFor('impact', { fail: ctl.id, hops: state.hops, asOf: state.asOf }) }, 'Simulate failure');
  out.appendChild(panelHead(d, `${ctl.id} ${ctl.name || ''}`, [h('span', { class: 'type-badge type-control' }, 'control'), ' ', statusBadge(ctl.status)], sim));
  if (ctl.description) out.appendChild(h('p', { class: 'summary' }, ctl.description));
  out.appendChild(kv([['Owner', ctl.owner], ['Status', ctl.status ? ctl.status.replace(/_/g, ' ') : null], ['Frequency', ctl.frequency]]));
  const sats = c.satisfies || [];
  out.appendChild(section(`Satisfies (${sats.length})`, sats.length ? h('ul', { class: 'plain-list' }, sats.map((s) => h('li', null,
    reqLink(s.uid, s.framework, s.id, s.name), ' ', s.name || '', ' ', designationBadge(s.designation),
    h('span', { class: 'muted' }, ` · ${s.strength || 'full'}`), s.note ? h('div', { class: 'cell-sub' }, s.note) : null))) : h('p', { class: 'muted' }, 'Nothing directly.')));
  out.appendChild(section(`Policies (${(c.policies || []).length})`, policyList(c.policies || [])));
  out.appendChild(section(`Evidence (${(c.evidence || []).length})`, evidenceList(c.evidence || [])));
  return out;
}

function neighbourControls(node, edgeType) {
  return node.connectedEdges(`[type = "${edgeType}"]`).connectedNodes('[type = "control"]').map((n) => n.data('key'));
}

async function policyDetails(node) {
  const d = node.data();
  const ctlIds = neighbourControls(node, 'GOVERNS');
  const details = await Promise.all(ctlIds.map((id) => API.control(id)));
  let pol = null;
  for (const c of details) for (const p of c.policies || []) if (p.id === d.key) pol = p;
  const out = h('div', { class: 'panel' });
  out.appendChild(panelHead(d, `${d.key} ${d.name || ''}`, [h('span', { class: 'type-badge type-policy' }, 'policy')]));
  if (pol) out.appendChild(kv([['Title', pol.title], ['Version', pol.version], ['Approved on', pol.approvedOn],
    ['Review every', pol.reviewEveryMonths ? `${pol.reviewEveryMonths} months` : null], ['Owner', pol.owner]]));
  out.appendChild(section(`Governs (${ctlIds.length} in view)`, ctlIds.length
    ? h('ul', { class: 'plain-list' }, details.map((c) => h('li', null, nodeLink(c.control.id, LINK), ' ', c.control.name || '', ' ', statusBadge(c.control.status))))
    : h('p', { class: 'muted' }, 'Expand the node to load the controls it governs.')));
  return out;
}

async function evidenceDetails(node) {
  const d = node.data();
  const ctlIds = neighbourControls(node, 'SUPPORTS');
  const details = await Promise.all(ctlIds.map((id) => API.control(id)));
  let ev = null;
  for (const c of details) for (const e of c.evidence || []) if (e.id === d.key) ev = e;
  const out = h('div', { class: 'panel' });
  out.appendChild(panelHead(d, `${d.key} ${d.name || ''}`, [h('span', { class: 'type-badge type-evidence' }, 'evidence')]));
  if (ev) {
    const v = evidenceValidity(ev, today());
    out.appendChild(kv([['Kind', ev.kind], ['Collected on', ev.collectedOn], ['Valid from', ev.validFrom || ev.collectedOn],
      ['Valid until', ev.validUntil || 'does not expire'], ['Today', h('span', { class: `valid-pill ${v.ok ? 'valid' : 'invalid'}` }, v.ok ? 'valid' : v.label)],
      ['Location', ev.uri ? h('span', { class: 'mono' }, ev.uri) : null], ['SHA-256', ev.sha256 ? h('span', { class: 'mono hash' }, ev.sha256) : null]]));
  }
  out.appendChild(section('Supports', ctlIds.length
    ? h('ul', { class: 'plain-list' }, details.map((c) => h('li', null, nodeLink(c.control.id, LINK), ' ', c.control.name || '', ' ', statusBadge(c.control.status))))
    : h('p', { class: 'muted' }, 'Expand the node to load the control it supports.')));
  return out;
}

async function frameworkDetails(d) {
  const fws = await API.frameworks();
  const f = fws.find((x) => x.id === d.key) || {};
  const out = h('div', { class: 'panel' });
  out.appendChild(panelHead(d, f.name || d.key, [h('span', { class: 'type-badge type-framework' }, 'framework')]));
  out.appendChild(kv([['Id', f.id], ['Version', f.version], ['Publisher', f.publisher], ['Kind', f.kind], ['Requirements', f.requirementCount]]));
  if (f.byKind) {
    out.appendChild(section('Requirements by kind', kv(Object.entries(f.byKind).map(([k, n]) => [kindLabel(k), String(n)]))));
  }
  out.appendChild(h('p', null, h('a', { href: hashFor('coverage', { framework: f.id }) }, 'Coverage of this framework →')));
  return out;
}

