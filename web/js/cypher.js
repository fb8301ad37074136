// Cypher console: read-only queries with JSON parameters; results as a table and, when nodes or
// relationships come back, as a graph. Errors are shown exactly as the API words them.
import * as API from './api.js';
import { h, $, replace, busy, announce, emptyState, loadingBlock, plural } from './ui.js';
import { createCy, nodeData, edgeData, runLayout, fitGraph, attachTooltip, describeEdgeRows, describeNodeRows } from './graph.js';
import { replaceHash, hashFor } from './router.js';

const EXAMPLES = [
  {
    title: 'HIPAA Security sections',
    query: "MATCH (r:Requirement {framework: $fw})\nWHERE r.kind = 'section'\nRETURN r.id AS id, r.name AS name\nORDER BY id",
    params: { fw: 'hipaa-security' },
  },
  {
    title: 'Mappings of one requirement (graph)',
    query: 'MATCH p = (a:Requirement {uid: $uid})-[m:MAPS_TO]-(b:Requirement)\nRETURN p\nLIMIT 25',
    params: { uid: 'soc2-tsc-2017:CC6.1' },
  },
  {
    title: 'What a control satisfies (graph)',
    query: 'MATCH (c:Control {id: $id})-[s:SATISFIES]->(r:Requirement)\nRETURN c, s, r',
    params: { id: 'AC-01' },
  },
  {
    title: 'Crosswalk rows per source',
    query: 'MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)\nRETURN m.source AS source, a.framework AS from, b.framework AS to, count(*) AS rows\nORDER BY rows DESC',
    params: {},
  },
  {
    title: 'Controls not operating',
    query: "MATCH (c:Control)\nWHERE c.status <> 'operating'\nRETURN c.id AS id, c.name AS name, c.status AS status, c.owner AS owner\nORDER BY id",
    params: {},
  },
  {
    title: 'Policies and the controls they govern',
    query: 'MATCH (p:Policy)-[g:GOVERNS]->(c:Control)\nRETURN p, g, c',
    params: {},
  },
];

const state = { cy: null, last: null, result: null, graphDirty: false, lastRunKey: null, runSeq: 0 };

export async function init() {
  const sel = replace($('#cypher-examples'));
  sel.appendChild(h('option', { value: '' }, 'Choose an example…'));
  EXAMPLES.forEach((ex, i) => sel.appendChild(h('option', { value: String(i) }, ex.title)));
  sel.addEventListener('change', () => {
    const ex = EXAMPLES[Number(sel.value)];
    if (!ex) return;
    $('#cypher-query').value = ex.query;
    $('#cypher-params').value = JSON.stringify(ex.params, null, 2);
    sel.value = '';
    $('#cypher-query').focus();
  });
  $('#cypher-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  for (const id of ['#cypher-query', '#cypher-params']) {
    $(id).addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        run();
      }
    });
  }
  if (!$('#cypher-query').value) {
    $('#cypher-query').value = EXAMPLES[0].query;
    $('#cypher-params').value = JSON.stringify(EXAMPLES[0].params, null, 2);
  }
}

export async function show(p) {
  const q = p.get('q');
  const params = p.get('params');
  if (q !== null) {
    $('#cypher-query').value = q;
    $('#cypher-params').value = params || '{}';
    const key = `${q}\u0000${params || '{}'}`;
    if (key !== state.lastRunKey) await run({ fromRoute: true });
  }
  if (state.cy) state.cy.resize();
}

export function hide() {
  const tip = document.getElementById('cypher-tooltip');
  if (tip) tip.hidden = true;
}

function showConsoleError(text, heading) {
  const box = $('#cypher-error');
  replace(box, h('strong', null, `${heading || 'Query refused'}: `), h('span', { class: 'cypher-error-text' }, text));
  box.hidden = false;
}

async function run(opts) {
  const o = opts || {};
  const query = $('#cypher-query').value;
  const paramsText = $('#cypher-params').value.trim() || '{}';
  const errBox = $('#cypher-error');
  errBox.hidden = true;
  const out = $('#cypher-result');
  out.dataset.state = 'loading';
  let params;
  try {
    params = JSON.parse(paramsText);
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new Error('the parameters must be a JSON object, e.g. {"fw": "hipaa-security"}');
  } catch (e) {
    showConsoleError(`they are not valid JSON: ${e.message} (nothing was sent)`, 'Parameters');
    out.dataset.state = 'error';
    $('#cypher-params').focus();
    return;
  }
  if (!query.trim()) {
    showConsoleError('write a query first.', 'Nothing to run');
    out.dataset.state = 'error';
    return;
  }
  state.lastRunKey = `${query}\u0000${paramsText}`;
  if (!o.fromRoute) replaceHash('cypher', { q: query, params: paramsText === '{}' ? null : paramsText });
  replace(out, loadingBlock('Running…'));
  $('#cypher-run').disabled = true;
  // Ctrl+Enter, or a route, can start a run while one is on its way: only the latest is drawn
  const seq = ++state.runSeq;
  try {
    const res = await busy(API.cypher(query, params), 'Running query');
    if (seq !== state.runSeq) return;
    state.result = res;
    renderResult(res);
    out.dataset.state = 'done';
    out.dataset.rows = String(res.rowCount);
    announce(`${plural(res.rowCount, 'row')} in ${res.millis} ms`);
  } catch (e) {
    if (seq !== state.runSeq) return;
    if (e.status === 401) {
      // no token yet: the API layer has opened the token dialog; giving the token reloads the page,
      // which runs the query in the link again. Not an error of the query's.
      replace(out, emptyState('Waiting for the access token',
        'The console runs queries for whoever holds this server\'s access token. Give it in the dialog and the query runs; press Run to be asked again.'));
      out.dataset.state = 'token';
      return;
    }
    const text = e.describe ? e.describe() : String(e);
    showConsoleError(text);
    if (e.details) {
      $('#cypher-error').appendChild(h('pre', { class: 'error-details' }, typeof e.details === 'string' ? e.details : JSON.stringify(e.details, null, 2)));
    }
    replace(out, emptyState('No result', 'The query was not run to completion; see the message above.'));
    out.dataset.state = 'error';
    out.dataset.errorStatus = String(e.status || '');
  } finally {
    if (seq === state.runSeq) $('#cypher-run').disabled = false;
  }
}

// ---- result rendering ----------------------------------------------------------------------

function isNode(v) { return v && typeof v === 'object' && v._type === 'node'; }
function isRel(v) { return v && typeof v === 'object' && v._type === 'relationship'; }
function isPath(v) { return v && typeof v === 'object' && v._type === 'path'; }

function nodeKey(n) {
  const p = n.properties || {};
  return p.uid || p.id || p.title || p.name || n.id;
}

function explorerHref(n) {
  const p = n.properties || {};
  const labels = n.labels || [];
  if (labels.includes('Requirement') && p.uid) return hashFor('explorer', { focus: p.uid });
  if ((labels.includes('Control') || labels.includes('Policy') || labels.includes('Evidence') || labels.includes('Framework')) && p.id) return hashFor('explorer', { focus: p.id });
  return null;
}

function renderValue(v) {
  if (v === null || v === undefined) return h('span', { class: 'null' }, 'null');
  if (isNode(v)) {
    const href = explorerHref(v);
    const text = `(:${(v.labels || []).join(':')} ${nodeKey(v)})`;
    return href
      ? h('a', { class: 'cell-node', href, title: JSON.stringify(v.properties || {}, null, 1) }, text)
      : h('span', { class: 'cell-node', title: JSON.stringify(v.properties || {}, null, 1) }, text);
  }
  if (isRel(v)) {
    const props = v.properties || {};
    const bits = Object.entries(props).filter(([k]) => k !== 'key').map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`);
    return h('span', { class: 'cell-rel', title: JSON.stringify(props, null, 1) }, `[:${v.type}${bits.length ? ' {' + bits.slice(0, 3).join(', ') + (bits.length > 3 ? ', …' : '') + '}' : ''}]`);
  }
  if (isPath(v)) {
    const parts = [];
    (v.nodes || []).forEach((n, i) => {
      if (i > 0) {
        const r = (v.relationships || [])[i - 1];
        parts.push(h('span', { class: 'cell-rel' }, r ? ` -[:${r.type}]- ` : ' — '));
      }
      parts.push(renderValue(n));
    });
    return h('span', { class: 'cell-path' }, ...parts);
  }
  if (Array.isArray(v)) {
    if (v.some((x) => x && typeof x === 'object' && x._type)) {
      const parts = [h('span', { class: 'muted' }, '[')];
      v.forEach((x, i) => { if (i) parts.push(', '); parts.push(renderValue(x)); });
      parts.push(h('span', { class: 'muted' }, ']'));
      return h('span', null, ...parts);
    }
    return h('code', { class: 'cell-json' }, JSON.stringify(v));
  }
  if (typeof v === 'object') return h('code', { class: 'cell-json' }, JSON.stringify(v));
  if (typeof v === 'number') return h('span', { class: 'num-val' }, String(v));
  if (typeof v === 'boolean') return h('span', { class: 'bool-val' }, String(v));
  return h('span', null, String(v));
}

function collectGraph(res) {
  const nodes = new Map();
  const rels = new Map();
  const visit = (v) => {
    if (!v || typeof v !== 'object') return;
    if (isNode(v)) nodes.set(v.id, v);
    else if (isRel(v)) rels.set(v.id, v);
    else if (isPath(v)) { (v.nodes || []).forEach(visit); (v.relationships || []).forEach(visit); }
    else if (Array.isArray(v)) v.forEach(visit);
    else Object.values(v).forEach(visit);
  };
  res.rows.forEach((row) => row.forEach(visit));
  return { nodes, rels };
}

function renderResult(res) {
  const out = $('#cypher-result');
  const g = collectGraph(res);
  const meta = h('div', { class: 'result-meta' },
    h('span', { id: 'cypher-rowcount', dataset: { count: String(res.rowCount) } }, plural(res.rowCount, 'row')),
    h('span', { class: 'muted' }, ` · ${res.millis} ms`),
    res.truncated ? h('span', { class: 'warn-pill', title: 'The server capped the number of rows' }, 'truncated') : null,
    g.nodes.size ? h('span', { class: 'muted' }, ` · ${plural(g.nodes.size, 'node')}, ${plural(g.rels.size, 'relationship')}`) : null);

  const tabTable = h('button', { type: 'button', role: 'tab', id: 'cypher-tab-table', 'aria-selected': 'true', 'aria-controls': 'cypher-panel-table', class: 'tab-btn' }, 'Table');
  const tabGraph = h('button', { type: 'button', role: 'tab', id: 'cypher-tab-graph', 'aria-selected': 'false', 'aria-controls': 'cypher-panel-graph', class: 'tab-btn', disabled: !g.nodes.size, tabindex: '-1' }, 'Graph');
  const tabs = h('div', { class: 'tab-list', role: 'tablist', 'aria-label': 'Result as' }, tabTable, tabGraph);

  let tablePanel;
  if (!res.rowCount) {
    tablePanel = h('div', { id: 'cypher-panel-table', role: 'tabpanel', 'aria-labelledby': 'cypher-tab-table' }, emptyState('No rows', 'The query ran and returned nothing.'));
  } else {
    const t = h('table', { class: 'data-table result-table', id: 'cypher-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, '#'), res.columns.map((c) => h('th', { scope: 'col' }, c)))));
    const tb = h('tbody');
    res.rows.forEach((row, i) => tb.appendChild(h('tr', null, h('td', { class: 'num muted' }, String(i + 1)), row.map((v) => h('td', null, renderValue(v))))));
    t.appendChild(tb);
    tablePanel = h('div', { id: 'cypher-panel-table', role: 'tabpanel', 'aria-labelledby': 'cypher-tab-table', class: 'table-scroll tall' }, t);
  }
  const graphBox = h('div', { class: 'graph', id: 'cypher-graph', role: 'img', 'aria-label': 'Result graph' });
  const tip = h('div', { class: 'tooltip', id: 'cypher-tooltip', role: 'tooltip', hidden: true });
  const graphPanel = h('div', { id: 'cypher-panel-graph', role: 'tabpanel', 'aria-labelledby': 'cypher-tab-graph', hidden: true, class: 'graph-wrap' }, graphBox, tip);

  const select = (which) => {
    const isGraph = which === 'graph';
    tabTable.setAttribute('aria-selected', String(!isGraph));
    tabGraph.setAttribute('aria-selected', String(isGraph));
    tabTable.tabIndex = isGraph ? -1 : 0;
    tabGraph.tabIndex = isGraph ? 0 : -1;
    tablePanel.hidden = isGraph;
    graphPanel.hidden = !isGraph;
    if (isGraph) drawGraph(graphBox, tip, g);
  };
  tabTable.addEventListener('click', () => select('table'));
  tabGraph.addEventListener('click', () => select('graph'));
  tabs.addEventListener('keydown', (e) => {
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && g.nodes.size) {
      e.preventDefault();
      const toGraph = tabTable.getAttribute('aria-selected') === 'true';
      select(toGraph ? 'graph' : 'table');
      (toGraph ? tabGraph : tabTable).focus();
    }
  });
  if (state.cy) { state.cy.destroy(); state.cy = null; }
  replace(out, meta, tabs, tablePanel, graphPanel);
}

function typeOf(n) {
  const l = (n.labels || [])[0] || '';
  const t = l.toLowerCase();
  return ['requirement', 'control', 'policy', 'evidence', 'framework'].includes(t) ? t : 'other';
}

async function drawGraph(box, tip, g) {
  if (state.cy) { state.cy.resize(); fitGraph(state.cy); return; }
  const cy = createCy(box);
  state.cy = cy;
  attachTooltip(cy, tip, describeEdgeRows, describeNodeRows);
  let levels = null;
  if ([...g.nodes.values()].some((n) => typeOf(n) === 'requirement')) {
    try { levels = await API.levels(1, null); } catch (e) { levels = null; }
    // a newer result may have replaced this graph while the levels were on their way
    if (state.cy !== cy) return;
  }
  cy.add([...g.nodes.values()].map((n) => {
    const p = n.properties || {};
    const type = typeOf(n);
    const data = nodeData({
      id: n.id, type, key: p.uid || p.id || '', name: p.name || p.title || '', framework: p.framework,
      kind: p.kind, designation: p.designation, status: p.status,
    }, type === 'requirement' && levels ? (levels.get(p.uid) || 'none') : '');
    if (type === 'other') data.label = `${(n.labels || [])[0] || 'node'} ${nodeKey(n)}`;
    return { group: 'nodes', data };
  }));
  const edges = [...g.rels.values()].filter((r) => g.nodes.has(r.start) && g.nodes.has(r.end));
  cy.add(edges.map((r) => {
    const p = r.properties || {};
    return { group: 'edges', data: edgeData({ id: r.id, type: r.type, source: r.start, target: r.end, relationship: p.relationship, strength: p.strength, publication: p.source, note: p.note }) };
  }));
  box.dataset.nodes = String(cy.nodes().length);
  box.dataset.edges = String(cy.edges().length);
  await runLayout(cy, { randomize: true, fit: false });
  if (state.cy !== cy) return;
  fitGraph(cy);
  box.dataset.ready = 'true';
}
