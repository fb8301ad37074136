// Crosswalk matrix: SOC 2 series x HIPAA sections (criterion x standard on drill-down) as a heat
// map of mapping counts and strength; a cell opens its rows with relationship and source; CSV.
// State in the address: #/matrix?from=&to=&row=CC6&col=164.312&cell=CC6|164.312
import * as API from './api.js';
import { h, $, replace, busy, emptyState, loadingBlock, fwShort, relLabel, plural, announce, gapNote, sourceChip } from './ui.js';
import { go, hashFor, staleCheck } from './router.js';
import { toCsv, download } from './csv.js';

const state = { frameworks: [], from: 'soc2-tsc-2017', to: 'hipaa-security', row: null, col: null, cell: null, data: null };

export async function init() {
  const fws = await busy(API.frameworks());
  state.frameworks = fws.map((f) => f.id);
  const fsel = replace($('#matrix-from'));
  const tsel = replace($('#matrix-to'));
  for (const f of fws) {
    fsel.appendChild(h('option', { value: f.id }, fwShort(f.id)));
    tsel.appendChild(h('option', { value: f.id }, fwShort(f.id)));
  }
  fsel.addEventListener('change', () => go('matrix', { from: fsel.value, to: tsel.value === fsel.value ? state.from : tsel.value }));
  tsel.addEventListener('change', () => go('matrix', { from: fsel.value === tsel.value ? state.to : fsel.value, to: tsel.value }));
  $('#matrix-up').addEventListener('click', () => go('matrix', { from: state.from, to: state.to }));
  $('#matrix-csv-all').addEventListener('click', () => {
    if (!state.data) return;
    download(`crosswalk-${state.from}-to-${state.to}.csv`, csvOf(state.data.rows));
    announce(`Downloaded ${plural(state.data.rows.length, 'row')}`);
  });
}

// ---- tree index -----------------------------------------------------------------------------

/** id -> {node, parent id, depth}, preorder list, and whether the framework has 'series'. */
function indexTree(tree) {
  const byId = new Map();
  const order = [];
  let hasSeries = false;
  const walk = (n, parent, depth) => {
    byId.set(n.id, { node: n, parent, depth });
    order.push(n.id);
    if (n.kind === 'series') hasSeries = true;
    for (const c of n.children || []) walk(c, n.id, depth + 1);
  };
  for (const r of tree.requirements || []) walk(r, null, 0);
  return { byId, order, hasSeries };
}

/** The gap notes on a requirement that concern the other framework (against it, or against none named). */
function gapsOf(ix, id, other) {
  const n = ix.byId.get(id);
  return n ? (n.node.gaps || []).filter((g) => !g.against || g.against === other) : [];
}

/** Such gap notes on a requirement and everything under it, as [id, note] pairs. */
function gapsUnder(ix, id, other) {
  const out = [];
  const walk = (n) => {
    for (const g of gapsOf(ix, n.id, other)) out.push([n.id, g]);
    for (const c of n.children || []) walk(c);
  };
  const n = ix.byId.get(id);
  if (n) walk(n.node);
  return out;
}

/** A header's flag for the gap notes a source recorded on it (or, in the overview, under it). */
function gapFlag(notes) {
  if (!notes.length) return null;
  const title = notes.map(([id, g]) => `${id}: ${g.note || 'recorded gap'} (${g.source})`).join('\n');
  return h('span', { class: 'gap-flag', title, dataset: { gaps: String(notes.length) } }, notes.length === 1 ? 'gap noted' : `${notes.length} gaps noted`);
}

function ancestors(ix, id) {
  const out = [];
  let cur = id;
  while (cur !== null && cur !== undefined && ix.byId.has(cur)) {
    out.push(cur);
    cur = ix.byId.get(cur).parent;
  }
  return out; // self first, root last
}

/** The overview group of a requirement: its SOC 2 series, else its top-level ancestor. */
function coarseOf(ix, id) {
  const chain = ancestors(ix, id);
  if (!chain.length) return id;
  if (ix.hasSeries) {
    const s = chain.find((x) => ix.byId.get(x).node.kind === 'series');
    if (s) return s;
  }
  return chain[chain.length - 1];
}

/** Inside group g: the child of g on the way to id, or g itself for a row mapped at g's level. */
function fineOf(ix, id, g) {
  const chain = ancestors(ix, id);
  const i = chain.indexOf(g);
  if (i <= 0) return g;
  return chain[i - 1];
}

/**
 * The overview axis: every group (series, or top-level requirement when there are no series),
 * plus any higher node that carries mappings itself. SOC 2's Security (CC) series come first.
 */
function coarseAxis(ix, used) {
  const groups = ix.order.filter((id) => {
    if (coarseOf(ix, id) !== id) return false;
    if (!ix.hasSeries || ix.byId.get(id).node.kind === 'series') return true;
    const hasSeriesBelow = (n) => (n.children || []).some((c) => c.kind === 'series' || hasSeriesBelow(c));
    return !hasSeriesBelow(ix.byId.get(id).node) || used.has(id);
  });
  const rootOf = (id) => { const a = ancestors(ix, id); return a[a.length - 1]; };
  const rank = (id) => (rootOf(id) === 'security' ? 0 : 1);
  return groups.map((id, i) => [id, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map((x) => x[0]);
}

function fineAxis(ix, g) {
  const n = ix.byId.get(g);
  return [g].concat((n ? n.node.children || [] : []).map((c) => c.id));
}

// ---- view -------------------------------------------------------------------------------------

export async function show(p) {
  const ids = state.frameworks;
  const from = p.get('from');
  const to = p.get('to');
  const wrap = $('#matrix-table-wrap');
  if (ids.length < 2) {
    replace(wrap, emptyState('No crosswalk to show', `The matrix needs two frameworks; this store holds ${plural(ids.length, 'framework')}. Import another catalogue and its crosswalk (POST /api/import with the token), or load the built-in SOC 2 and HIPAA catalogues (POST /api/dataset/reload with the token).`));
    replace($('#matrix-rows'));
    wrap.dataset.state = 'empty';
    return;
  }
  const pick = (wanted, not) => (ids.includes(wanted) && wanted !== not ? wanted : ids.find((i) => i !== not));
  state.from = ids.includes(from) ? from : pick('soc2-tsc-2017', null);
  state.to = ids.includes(to) && to !== state.from ? to : pick(state.from === 'hipaa-security' ? 'soc2-tsc-2017' : 'hipaa-security', state.from);
  state.row = p.get('row');
  state.col = p.get('col');
  state.cell = p.get('cell');
  $('#matrix-from').value = state.from;
  $('#matrix-to').value = state.to;
  wrap.dataset.state = 'loading';
  replace(wrap, loadingBlock('Loading the crosswalk…'));
  replace($('#matrix-rows'));
  delete $('#matrix-rows').dataset.cell;
  let cw; let ft; let tt;
  const stale = staleCheck();
  try {
    [cw, ft, tt] = await busy(Promise.all([API.crosswalk(state.from, state.to), API.tree(state.from), API.tree(state.to)]), 'Loading the crosswalk');
  } catch (e) {
    if (stale()) return;
    replace(wrap, emptyState('The crosswalk could not be loaded', e.describe ? e.describe() : String(e)));
    wrap.dataset.state = 'error';
    throw e;
  }
  if (stale()) return;
  state.data = cw;
  if (!cw.rows.length) {
    replace($('#matrix-caption'));
    $('#matrix-up').hidden = true;
    replace(wrap, emptyState(`No crosswalk between ${fwShort(state.from)} and ${fwShort(state.to)}`,
      'No mapping row links these two frameworks. Choose another pair above, or import a crosswalk between them (POST /api/import with the token).'));
    wrap.dataset.state = 'empty';
    return;
  }
  const fx = indexTree(ft);
  const tx = indexTree(tt);
  const drilled = state.row && state.col && fx.byId.has(state.row) && tx.byId.has(state.col);
  $('#matrix-up').hidden = !drilled;

  // place every row in a cell
  const cells = new Map();
  for (const r of cw.rows) {
    let a = coarseOf(fx, r.fromId);
    let b = coarseOf(tx, r.toId);
    if (drilled) {
      if (a !== state.row || b !== state.col) continue;
      a = fineOf(fx, r.fromId, state.row);
      b = fineOf(tx, r.toId, state.col);
    }
    const k = `${a}|${b}`;
    if (!cells.has(k)) cells.set(k, []);
    cells.get(k).push(r);
  }
  const usedA = new Set([...cells.keys()].map((k) => k.split('|')[0]));
  const usedB = new Set([...cells.keys()].map((k) => k.split('|')[1]));
  const rows = drilled ? fineAxis(fx, state.row).filter((x) => x !== state.row || usedA.has(x)) : coarseAxis(fx, usedA);
  const cols = drilled ? fineAxis(tx, state.col).filter((x) => x !== state.col || usedB.has(x)) : coarseAxis(tx, usedB);
  let max = 0;
  for (const v of cells.values()) max = Math.max(max, v.length);

  const caption = drilled
    ? h('span', null, 'Drill-down: ', h('strong', null, state.row), ` ${name(fx, state.row)} × `, h('strong', null, state.col), ` ${name(tx, state.col)}`)
    : h('span', null, `${fwShort(state.from)} ${fx.hasSeries ? 'series' : 'sections'} × ${fwShort(state.to)} ${tx.hasSeries ? 'series' : 'sections'}`);
  // the counts and sources of the rows this table places (a drill-down's block, not the whole crosswalk)
  const placed = [...cells.values()].flat();
  const bySource = {};
  for (const r of placed) bySource[r.source] = (bySource[r.source] || 0) + 1;
  const counted = drilled ? `${placed.length.toLocaleString('en')} of ${plural(cw.count, 'mapping row')}` : plural(placed.length, 'mapping row');
  replace($('#matrix-caption'),
    h('div', null, caption, h('span', { class: 'muted' }, ` · ${counted} from ${plural(Object.keys(bySource).length, 'source')}`)),
    h('div', { class: 'sources' }, Object.entries(bySource).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([s, n]) => sourceChip(s, `${s} (${n})`))),
    heatLegend(max));

  const table = h('table', { class: 'matrix', id: 'matrix-table', dataset: { level: drilled ? 'fine' : 'coarse' } });
  table.appendChild(h('caption', { class: 'visually-hidden' }, `Mapping counts, rows ${fwShort(state.from)}, columns ${fwShort(state.to)}`));
  const head = h('tr', null, h('th', { scope: 'col', class: 'corner' }, h('span', { class: 'corner-from' }, fwShort(state.from)), ' \\ ', h('span', { class: 'corner-to' }, fwShort(state.to))));
  for (const c of cols) {
    // the section-level column of a drill-down holds only the section's own notes; every other header, all under it
    const notes = drilled && c === state.col ? gapsOf(tx, c, state.from).map((g) => [c, g]) : gapsUnder(tx, c, state.from);
    head.appendChild(h('th', { scope: 'col', class: 'col-head', title: name(tx, c), dataset: { col: c } },
      h('span', { class: 'mono' }, c), h('span', { class: 'head-sub' }, drilled && c === state.col ? '(section level)' : name(tx, c)), gapFlag(notes)));
  }
  table.appendChild(h('thead', null, head));
  const tb = h('tbody');
  for (const r of rows) {
    const notes = drilled && r === state.row ? gapsOf(fx, r, state.to).map((g) => [r, g]) : gapsUnder(fx, r, state.to);
    const tr = h('tr', null, h('th', { scope: 'row', class: 'row-head', title: name(fx, r), dataset: { row: r } },
      h('span', { class: 'mono' }, r), h('span', { class: 'head-sub' }, drilled && r === state.row ? '(series level)' : name(fx, r)), gapFlag(notes)));
    for (const c of cols) {
      const list = cells.get(`${r}|${c}`) || [];
      tr.appendChild(cellTd(r, c, list, max, drilled));
    }
    tb.appendChild(tr);
  }
  table.appendChild(tb);
  replace(wrap, table);
  wrap.dataset.state = 'done';
  wrap.dataset.cells = String(cells.size);

  if (!state.cell) {
    replace($('#matrix-rows'), h('div', { class: 'card matrix-hint' },
      h('p', { class: 'empty-title' }, 'Choose a cell'),
      h('p', null, drilled
        ? 'Each cell lists the mapping rows between a criterion and a standard, with relationship, strength and source.'
        : 'Each cell lists its mapping rows with relationship, strength and source; from there you can drill down to criteria × standards.')),
    gapsCard(fx, tx));
  }
  if (state.cell) {
    const [a, b] = state.cell.split('|');
    const list = cells.get(`${a}|${b}`) || [];
    const btn = table.querySelector(`button[data-row="${cssEsc(a)}"][data-col="${cssEsc(b)}"]`);
    if (btn) btn.setAttribute('aria-pressed', 'true');
    renderRows(a, b, list, fx, tx, drilled);
    if (window.matchMedia('(max-width: 1100px)').matches) $('#matrix-rows').scrollIntoView({ block: 'start' });
  }
}

function cssEsc(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}

function name(ix, id) {
  const n = ix.byId.get(id);
  return n ? n.node.name || '' : '';
}

function heatLegend(max) {
  const steps = [1, Math.max(1, Math.round(max / 3)), Math.max(1, Math.round((2 * max) / 3)), max].filter((v, i, a) => a.indexOf(v) === i);
  return h('div', { class: 'heat-legend', 'aria-hidden': 'true' }, 'Fewer ',
    steps.map((n) => h('span', { class: 'heat-swatch', style: heatStyle(n, max, 8) }, String(n))), ' more mappings · the small number is the average strength (0–10)');
}

function heatStyle(count, max, strength) {
  const t = max ? count / max : 0;
  const s = strength === null || Number.isNaN(strength) ? 6 : strength;
  // hue from amber-ish (weak) to teal (strong); lightness from count, never below 58% so the dark
  // ink keeps a contrast of at least 6:1 on every cell (white on mid-tones fell to 1.9:1)
  const hue = 35 + (s / 10) * 140;
  const light = 96 - t * 38;
  return { background: `hsl(${hue.toFixed(0)}, 55%, ${light.toFixed(0)}%)`, color: '#1d2733' };
}

function cellTd(r, c, list, max, drilled) {
  if (!list.length) return h('td', { class: 'cell empty' }, h('span', { class: 'visually-hidden' }, 'no mapping'));
  const strengths = list.map((x) => x.strength).filter((x) => x !== null && x !== undefined);
  const avg = strengths.length ? strengths.reduce((a, b) => a + b, 0) / strengths.length : null;
  const rels = {};
  for (const x of list) rels[x.relationship] = (rels[x.relationship] || 0) + 1;
  const relText = Object.entries(rels).map(([k, n]) => `${n} ${relLabel(k)}`).join(', ');
  const label = `${r} × ${c}: ${plural(list.length, 'mapping')}${avg !== null ? `, average strength ${avg.toFixed(1)}` : ''} (${relText})`;
  const btn = h('button', {
    type: 'button', class: 'cell-btn', style: heatStyle(list.length, max, avg), title: label, 'aria-label': label,
    'aria-pressed': 'false', dataset: { row: r, col: c, count: String(list.length) },
  }, h('span', { class: 'cell-count' }, String(list.length)), avg !== null ? h('span', { class: 'cell-strength' }, avg.toFixed(1)) : null);
  btn.addEventListener('click', () => go('matrix', { from: state.from, to: state.to, row: drilled ? state.row : null, col: drilled ? state.col : null, cell: `${r}|${c}` }));
  return h('td', { class: 'cell' }, btn);
}

/** Every gap note either side records against the other: requirements a source says have no counterpart. */
function gapsCard(fx, tx) {
  const notes = [];
  for (const [ix, fw, other] of [[fx, state.from, state.to], [tx, state.to, state.from]]) {
    for (const id of ix.order) for (const g of gapsOf(ix, id, other)) notes.push({ uid: `${fw}:${id}`, id, fw, g, name: name(ix, id) });
  }
  if (!notes.length) return null;
  return h('section', { class: 'card matrix-gaps', id: 'matrix-gaps', 'aria-labelledby': 'matrix-gaps-h' },
    h('h2', { id: 'matrix-gaps-h' }, `Recorded gaps (${notes.length})`),
    h('p', { class: 'help' }, `Requirements a source records as having no counterpart between ${fwShort(state.from)} and ${fwShort(state.to)}; their headers are flagged in the matrix.`),
    h('ul', { class: 'plain-list gap-list', dataset: { list: 'gaps' } }, notes.map((n) => h('li', { dataset: { uid: n.uid } },
      h('a', { class: 'mono', href: hashFor('explorer', { focus: n.uid }) }, n.id), ' ', h('span', { class: 'muted' }, fwShort(n.fw)), ' ', n.name || '',
      gapNote(n.g)))));
}

function renderRows(a, b, list, fx, tx, drilled) {
  const box = $('#matrix-rows');
  if (!list.length) {
    replace(box, emptyState(`No mapping between ${a} and ${b}`));
    return;
  }
  const drill = !drilled
    ? h('a', { class: 'btn btn-small', href: hashFor('matrix', { from: state.from, to: state.to, row: a, col: b }) }, `Drill down: ${a} criteria × ${b} standards`)
    : null;
  const csvBtn = h('button', { type: 'button', class: 'btn btn-small', id: 'matrix-csv-cell' }, 'Download these rows (CSV)');
  csvBtn.addEventListener('click', () => {
    download(`crosswalk-${state.from}-${a}-to-${state.to}-${b}.csv`.replace(/[^A-Za-z0-9._-]+/g, '_'), csvOf(list));
    announce(`Downloaded ${plural(list.length, 'row')}`);
  });
  const t = h('table', { class: 'data-table', id: 'matrix-rows-table', dataset: { cell: `${a}|${b}`, count: String(list.length) } },
    h('caption', null, `${plural(list.length, 'mapping row')}: ${a} ${name(fx, a)} × ${b} ${name(tx, b)}`),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, `${fwShort(state.from)} → ${fwShort(state.to)}`),
      h('th', { scope: 'col', class: 'num' }, 'Strength'), h('th', { scope: 'col' }, 'Source and note'))));
  const tb = h('tbody');
  for (const r of list) {
    tb.appendChild(h('tr', { class: 'xw-row', dataset: { from: r.fromId, to: r.toId, source: r.source, relationship: r.relationship } },
      h('td', { class: 'xw-map' },
        h('div', { class: 'xw-line' },
          h('a', { class: 'mono', href: hashFor('explorer', { focus: `${state.from}:${r.fromId}` }), title: r.fromName || '' }, r.fromId),
          h('span', { class: `rel rel-${r.relationship}` }, relLabel(r.relationship)),
          h('a', { class: 'mono', href: hashFor('explorer', { focus: `${state.to}:${r.toId}` }), title: r.toName || '' }, r.toId)),
        h('div', { class: 'cell-sub' }, `${r.fromName || ''} → ${r.toName || ''}`)),
      h('td', { class: 'num' }, r.strength === null || r.strength === undefined ? '—' : String(r.strength)),
      h('td', { class: 'note-cell' }, sourceChip(r.source, null, 'xw-source'),
        r.note ? h('div', { class: 'cell-sub' }, r.note) : null,
        h('div', { class: 'cell-sub' }, `${recorded(r.storedDirection)}${r.rationale ? ` · ${r.rationale}` : ''}`),
        // a gap note on either end: another source says this requirement has no counterpart
        gapsOf(fx, r.fromId, state.to).concat(gapsOf(tx, r.toId, state.from)).map(gapNote))));
  }
  t.appendChild(tb);
  replace(box, h('div', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', null, `${a} × ${b}`), h('div', { class: 'panel-actions' }, drill, csvBtn)),
    h('div', { class: 'table-scroll' }, t)));
  box.dataset.cell = `${a}|${b}`;
}

function csvOf(rows) {
  const out = [['from_framework', 'from_id', 'from_name', 'relationship', 'to_framework', 'to_id', 'to_name', 'strength', 'rationale', 'source', 'note', 'stored_direction']];
  for (const r of rows) {
    out.push([state.from, r.fromId, r.fromName, r.relationship, state.to, r.toId, r.toName, r.strength, r.rationale, r.source, r.note, r.storedDirection]);
  }
  return toCsv(out);
}

/** "recorded HIPAA Security → SOC 2": the direction the source wrote the mapping in (the table reads it from the chosen side). */
function recorded(direction) {
  const ends = String(direction || '').split(' -> ');
  return ends.length === 2 ? `recorded ${fwShort(ends[0])} → ${fwShort(ends[1])}` : `recorded ${direction || ''}`;
}
