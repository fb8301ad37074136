// Impact: mark controls failed (checkboxes or clicks in the graph) and see, per framework, the
// requirements that lose coverage (red) or are degraded (amber), the paths that no longer hold,
// and totals before -> after. The scenario lives in the address: #/impact?fail=A,B&hops=1&asOf=
import * as API from './api.js';
import {
  h, $, replace, busy, announce, dateChanged, gapNote, emptyState, loadingBlock, fwShort, fwBadge, fwColour, designationBadge,
  statusBadge, levelBadge, kindLabel, plural, isUid, splitUid, FW_ORDER, orderFrameworks,
} from './ui.js';
import { createCy, fitGraph, attachTooltip, describeEdgeRows, describeNodeRows } from './graph.js';
import { hashFor, go, staleCheck } from './router.js';
import { pathList, nodeLink } from './paths.js';

const state = { controls: [], fail: [], hops: 1, asOf: '', cy: null, lastKey: null };

export async function init() {
  const cs = await busy(API.controls(), 'Loading controls');
  state.controls = cs;
  const list = replace($('#impact-controls'));
  if (!cs.length) list.appendChild(h('p', { class: 'muted' }, 'No controls in this store yet.'));
  for (const c of cs) {
    const id = `fail-${c.id}`;
    const cb = h('input', { type: 'checkbox', id, value: c.id, dataset: { control: c.id } });
    cb.addEventListener('change', () => toggle(c.id, cb.checked));
    const inactive = c.status !== 'operating';
    list.appendChild(h('div', { class: 'control-row', dataset: { search: `${c.id} ${c.name || ''} ${c.owner || ''}`.toLowerCase() } },
      cb,
      h('label', { for: id },
        h('span', { class: 'ctl-id mono' }, c.id), ' ',
        h('span', { class: 'ctl-name' }, c.name || ''),
        inactive ? h('span', { class: 'ctl-note' }, statusBadge(c.status), ' already not effective') : null)));
  }
  $('#impact-filter').addEventListener('input', (e) => {
    const q = e.target.value.trim().toLowerCase();
    for (const row of document.querySelectorAll('#impact-controls .control-row')) {
      row.hidden = q !== '' && !row.dataset.search.includes(q);
    }
  });
  $('#impact-hops').addEventListener('change', (e) => navigate({ hops: e.target.value }));
  $('#impact-asof').addEventListener('change', (e) => dateChanged(e.target, (v) => navigate({ asOf: v })));
  $('#impact-clear').addEventListener('click', () => navigate({ fail: [] }));
  $('#impact-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      announce('Link copied');
      $('#impact-copy').textContent = 'Link copied';
    } catch (e) {
      announce('Copy the address bar to share this scenario');
      $('#impact-copy').textContent = 'Copy the address bar';
    }
    window.setTimeout(() => { $('#impact-copy').textContent = 'Copy link'; }, 2000);
  });

  state.cy = createCy($('#impact-graph'));
  attachTooltip(state.cy, $('#impact-tooltip'), describeEdgeRows, describeNodeRows);
  state.cy.on('tap', 'node[type = "control"]', (evt) => {
    const id = evt.target.data('key');
    toggle(id, !state.fail.includes(id));
  });
}

function params(over) {
  return Object.assign({ fail: state.fail, hops: state.hops, asOf: state.asOf || null }, over || {});
}

function navigate(over) {
  go('impact', params(over));
}

function toggle(id, on) {
  const set = new Set(state.fail);
  if (on) set.add(id); else set.delete(id);
  const order = state.controls.map((c) => c.id);
  navigate({ fail: order.filter((x) => set.has(x)).concat([...set].filter((x) => !order.includes(x))) });
}

export function hide() {
  $('#impact-tooltip').hidden = true;
}

export async function show(p) {
  state.fail = (p.get('fail') || '').split(',').map((s) => s.trim()).filter(Boolean);
  const hopsN = Number.parseInt(p.get('hops'), 10);
  state.hops = Number.isNaN(hopsN) ? 1 : Math.max(0, Math.min(4, hopsN));
  state.asOf = p.get('asOf') || '';
  $('#impact-hops').value = String(state.hops);
  $('#impact-asof').value = state.asOf;
  for (const cb of document.querySelectorAll('#impact-controls input[type=checkbox]')) cb.checked = state.fail.includes(cb.value);
  $('#impact-selected-count').textContent = state.fail.length ? `(${state.fail.length} selected)` : '';
  const summary = $('#impact-summary');
  const fwBox = $('#impact-frameworks');
  summary.dataset.state = 'loading';
  summary.dataset.fail = state.fail.join(',');
  if (!state.fail.length) {
    const ex = state.controls.find((c) => c.status === 'operating') || state.controls[0];
    replace(summary, state.controls.length
      ? emptyState('No control marked as failed',
        'Tick one or more controls on the left — for example ',
        h('a', { href: hashFor('impact', { fail: ex.id, hops: state.hops }) }, `${ex.id}${ex.name ? ` (${ex.name})` : ''}`),
        '. The scenario is kept in the address bar, so the link reproduces it.')
      : emptyState('No controls in this store', 'Impact analysis fails controls; import a control set (POST /api/import with the token, or bin/crossmap import FILE while the server is stopped).'));
    replace(fwBox);
    $('#impact-graph-wrap').hidden = true;
    state.cy.elements().remove();
    summary.dataset.state = 'done';
    return;
  }
  replace(summary, loadingBlock(`Computing the impact of ${state.fail.join(', ')}…`));
  let res;
  const stale = staleCheck();
  try {
    res = await busy(API.impact(state.fail, state.hops, state.asOf || null), 'Computing impact');
  } catch (e) {
    if (stale()) return;
    replace(summary, emptyState('The impact could not be computed', e.describe ? e.describe() : String(e)));
    replace(fwBox);
    $('#impact-graph-wrap').hidden = true;
    summary.dataset.state = 'error';
    throw e;
  }
  if (stale()) return;
  renderSummary(res);
  renderFrameworks(res);
  await renderGraph(res);
  summary.dataset.state = 'done';
  announce(`${plural(res.lostCount, 'requirement')} ${res.lostCount === 1 ? 'loses' : 'lose'} coverage, ${res.degradedCount} degraded`);
}

function renderSummary(res) {
  const names = new Map(state.controls.map((c) => [c.id, c.name]));
  const rows = orderFrameworks(res.frameworks).map((f) => h('tr', { dataset: { framework: f.framework } },
    h('th', { scope: 'row' }, fwBadge(f.framework)),
    h('td', { class: 'num' }, countsText(f.before)),
    h('td', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
    h('td', { class: 'num' }, countsText(f.after)),
    h('td', { class: 'num lost-num' + (f.lostCount ? ' has' : '') }, String(f.lostCount)),
    h('td', { class: 'num degraded-num' + (f.degradedCount ? ' has' : '') }, String(f.degradedCount))));
  replace($('#impact-summary'),
    h('div', { class: 'impact-headline' },
      h('div', { class: 'failed-set' }, h('span', { class: 'muted' }, 'Failed: '),
        ...res.fail.map((id) => h('span', { class: 'chip chip-failed', title: names.get(id) || '' }, id, ' ', h('span', { class: 'chip-sub' }, names.get(id) || ''))),
        h('span', { class: 'muted' }, ` · ${res.hops} crosswalk hop${res.hops === 1 ? '' : 's'}${res.asOf ? ` · evidence as of ${res.asOf}` : ''}`)),
      h('div', { class: 'stat-row' },
        h('div', { class: 'stat stat-lost', id: 'impact-lost-count', dataset: { count: String(res.lostCount) } },
          h('span', { class: 'stat-num' }, String(res.lostCount)), h('span', { class: 'stat-label' }, res.lostCount === 1 ? 'loses coverage' : 'lose coverage')),
        h('div', { class: 'stat stat-degraded', id: 'impact-degraded-count', dataset: { count: String(res.degradedCount) } },
          h('span', { class: 'stat-num' }, String(res.degradedCount)), h('span', { class: 'stat-label' }, 'degraded full → partial')))),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table totals-table' },
      h('caption', null, 'Requirements covered before → after (full / partial / none)'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Framework'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'to')),
        h('th', { scope: 'col' }, 'After'), h('th', { scope: 'col' }, 'Lost'), h('th', { scope: 'col' }, 'Degraded'))),
      h('tbody', null, rows),
      res.unchangedFrameworks
        ? h('tfoot', null, h('tr', null, h('td', { colspan: '6', class: 'muted', id: 'impact-unchanged' },
          `${plural(res.unchangedFrameworks, 'other framework')} unchanged; all frameworks: ${res.totals.before.full} / ${res.totals.before.partial} / ${res.totals.before.none} → ${res.totals.after.full} / ${res.totals.after.partial} / ${res.totals.after.none}`)))
        : null)));
}

function countsText(c) {
  return h('span', { class: 'counts' },
    h('span', { class: 'c-full', title: 'full' }, String(c.full)), ' / ',
    h('span', { class: 'c-partial', title: 'partial' }, String(c.partial)), ' / ',
    h('span', { class: 'c-none', title: 'none' }, String(c.none)));
}

function stackBar(c, label) {
  const seg = (cls, n, pct) => (n ? h('span', { class: `seg ${cls}`, style: { width: `${pct}%` }, title: `${n} ${cls}` }) : null);
  return h('div', { class: 'bar-row' },
    h('span', { class: 'bar-label' }, label),
    h('div', { class: 'stackbar', role: 'img', 'aria-label': `${label}: ${c.full} full, ${c.partial} partial, ${c.none} none of ${c.count}` },
      seg('full', c.full, c.fullPct), seg('partial', c.partial, c.partialPct), seg('none', c.none, c.nonePct)),
    h('span', { class: 'bar-num' }, `${c.fullPct}% full`));
}

function changeItem(item, kind, failed) {
  return h('li', { class: `${kind}-item change-item`, dataset: { uid: item.uid, id: item.id } },
    h('div', { class: 'change-head' },
      nodeLink(item.uid, { cls: kind === 'lost' ? 'chip-lost' : 'chip-degraded' }),
      h('span', { class: 'change-name' }, item.name || ''),
      designationBadge(item.designation),
      h('span', { class: 'muted change-kind' }, kindLabel(item.kind)),
      h('span', { class: 'change-levels' }, levelBadge(item.before), ' → ', levelBadge(item.after))),
    (item.gaps || []).map(gapNote),
    item.detailOmitted
      ? h('p', { class: 'cell-sub muted' }, 'Paths not computed for this one: an answer details the first changed requirements only; choose fewer frameworks to see it.')
      : h('details', { class: 'change-paths' },
      h('summary', null, kind === 'lost'
        ? `Why: ${item.lostPathsTruncated ? 'at least ' : ''}${plural(item.lostPaths.length, 'path')} no longer hold${item.lostPaths.length === 1 ? 's' : ''}`
        : `Why: ${item.lostPathsTruncated ? 'at least ' : ''}${plural(item.lostPaths.length, 'path')} lost, ${item.holdingPathsTruncated ? 'at least ' : ''}${item.holdingPaths.length} still hold${item.holdingPaths.length === 1 ? 's' : ''}`),
      h('h4', null, 'Paths that no longer hold'),
      pathList(item.lostPaths, { failed, limit: 5, cls: 'path-lost' }),
      kind === 'degraded' ? h('h4', null, 'Paths that still hold') : null,
      kind === 'degraded' ? pathList(item.holdingPaths, { limit: 5, cls: 'path-holding', empty: 'None.' }) : null,
      item.supportAfter && item.supportAfter.length
        ? h('p', { class: 'cell-sub' }, 'Still supported by: ', ...item.supportAfter.map((c) => nodeLink(c)))
        : null));
}

function renderFrameworks(res) {
  const failed = new Set(res.fail);
  const box = replace($('#impact-frameworks'));
  const unchanged = [];
  if (res.itemsTruncated || res.lostCount + res.degradedCount > res.detailLimit) {
    box.appendChild(h('p', { class: 'callout callout-warn', id: 'impact-truncated' },
      `${(res.lostCount + res.degradedCount).toLocaleString('en')} requirements change: the lists below ${res.itemsTruncated ? 'stop part-way (the counts are exact) and ' : ''}`
      + `show paths for the first ${res.detailLimit}. Choose fewer frameworks for the rest.`));
  }
  for (const f of orderFrameworks(res.frameworks)) {
    if (!f.lostCount && !f.degradedCount) { unchanged.push(f); continue; }
    const card = h('section', { class: 'card fw-card', dataset: { framework: f.framework }, style: { '--fw': fwColour(f.framework) }, 'aria-label': `Impact on ${fwShort(f.framework)}` },
      h('header', { class: 'card-head' },
        h('h2', null, fwShort(f.framework)),
        h('span', { class: 'muted' }, `${f.before.count} requirements`),
        h('span', { class: 'pill pill-lost' }, `${f.lostCount} lost`),
        h('span', { class: 'pill pill-degraded' }, `${f.degradedCount} degraded`)),
      h('div', { class: 'bars' }, stackBar(f.before, 'Before'), stackBar(f.after, 'After')));
    if (f.lost.length) {
      card.appendChild(h('h3', { class: 'list-title lost-title' }, `Lose coverage (${f.lostCount})`));
      card.appendChild(h('ul', { class: 'change-list lost-list' }, f.lost.map((x) => changeItem(x, 'lost', failed))));
    }
    if (f.degraded.length) {
      card.appendChild(h('h3', { class: 'list-title degraded-title' }, `Degraded from full to partial (${f.degradedCount})`));
      card.appendChild(h('ul', { class: 'change-list degraded-list' }, f.degraded.map((x) => changeItem(x, 'degraded', failed))));
    }
    box.appendChild(card);
  }
  if (unchanged.length) {
    box.appendChild(h('p', { class: 'muted unchanged' }, 'No change in ',
      unchanged.map((f) => fwShort(f.framework)).join(', '), '.'));
  }
  // a control that was not effective already (failed, not implemented, or without evidence valid on the
  // date) supports nothing: failing it changes nothing, and the answer says why
  const inactive = res.alreadyIneffective || [];
  const inactiveText = inactive.map((c) => `${c.id} (${c.reason})`).join(', ');
  if (!res.lostCount && !res.degradedCount) {
    box.insertBefore(inactive.length === res.fail.length
      ? emptyState('Nothing changes', `${inactiveText} ${inactive.length === 1 ? 'is' : 'are'} not effective already, so ${inactive.length === 1 ? 'it supports' : 'they support'} nothing: the coverage shown already counts without ${inactive.length === 1 ? 'it' : 'them'}.`)
      : emptyState('Nothing loses coverage', 'Every requirement these controls support is still held by another path at the same level.'
        + (inactive.length ? ` (${inactiveText} ${inactive.length === 1 ? 'is' : 'are'} not effective already.)` : '')), box.firstChild);
    const totals = $('#impact-summary .table-scroll');
    if (inactive.length === res.fail.length && totals) totals.remove(); // before = after: the table would be headers only
  } else if (inactive.length) {
    box.insertBefore(h('p', { class: 'callout', id: 'impact-inactive' }, `${inactiveText} ${inactive.length === 1 ? 'is' : 'are'} not effective already and change${inactive.length === 1 ? 's' : ''} nothing here; the losses come from the others.`), box.firstChild);
  }
}

// ---- graph of the lost and degraded paths --------------------------------------------------

async function renderGraph(res) {
  const wrap = $('#impact-graph-wrap');
  const cy = state.cy;
  const failed = new Set(res.fail);
  const nodes = new Map();
  const edges = new Map();
  const names = new Map(state.controls.map((c) => [c.id, c]));
  const MAX = 160;
  const left = new Set(); // what did not fit: the lists below still hold it
  const addNode = (key, extra) => {
    if (!nodes.has(key)) {
      if (nodes.size >= MAX) { left.add(key); return false; }
      const isReq = isUid(key);
      const sp = splitUid(key);
      const c = names.get(key);
      nodes.set(key, {
        id: 'n:' + key, key, type: isReq ? 'requirement' : 'control', label: isReq ? sp.id : key,
        name: isReq ? '' : (c ? c.name : ''), framework: isReq ? sp.framework : '', status: c ? c.status : '',
        border: isReq ? fwColour(sp.framework) : '', fill: '#ffffff', level: '', cls: new Set(),
      });
    }
    const n = nodes.get(key);
    if (extra) {
      if (extra.name) n.name = extra.name;
      if (extra.cls) n.cls.add(extra.cls);
      if (extra.level) n.level = extra.level;
    }
    return true;
  };
  const addPath = (p, cls) => {
    if (!addNode(p.steps.length ? p.steps[0].from : p.control)) return;
    for (const s of p.steps) {
      if (!addNode(s.from) || !addNode(s.to)) return;
      const id = `e:${s.type}:${s.from}>${s.to}:${s.source || ''}`;
      if (!edges.has(id)) {
        edges.set(id, {
          id, source: 'n:' + s.from, target: 'n:' + s.to, type: s.type, relationship: s.relationship || '',
          strength: null, publication: s.source || '', note: s.note || '', satStrength: s.type === 'SATISFIES' ? s.level : '',
          width: s.type === 'MAPS_TO' ? 2.5 : 1.8, cls: new Set(),
        });
      }
      edges.get(id).cls.add(cls);
    }
  };
  for (const f of orderFrameworks(res.frameworks)) {
    for (const x of f.lost) {
      addNode(x.uid, { name: x.name, cls: 'lost', level: `${x.before} → ${x.after}` });
      (x.lostPaths || []).forEach((p) => addPath(p, 'lost'));
    }
    for (const x of f.degraded) {
      addNode(x.uid, { name: x.name, cls: 'degraded', level: `${x.before} → ${x.after}` });
      (x.lostPaths || []).forEach((p) => addPath(p, 'lost'));
      if (FW_ORDER.includes(f.framework)) (x.holdingPaths || []).slice(0, 4).forEach((p) => addPath(p, 'holding'));
    }
  }
  for (const id of failed) if (addNode(id)) nodes.get(id).cls.add('failed');
  // nothing lost or degraded: the failed controls alone make no picture (the answer below says why)
  if (!nodes.size || !(res.lostCount + res.degradedCount)) { wrap.hidden = true; return; }
  wrap.hidden = false;
  $('#impact-graph-note').textContent = left.size
    ? `The graph stops at ${nodes.size} nodes so that it stays readable; ${plural(left.size, 'more requirement or control', 'more requirements and controls')} on these paths are in the lists below.`
    : '';
  cy.resize();
  cy.elements().remove();
  const plain = (o) => { const c = Object.assign({}, o); delete c.cls; return c; };
  cy.add([...nodes.values()].map((n) => ({ group: 'nodes', data: plain(n), classes: [...n.cls].join(' ') })));
  cy.add([...edges.values()].map((e) => ({
    group: 'edges', data: plain(e),
    classes: e.cls.has('lost') ? 'lost' : 'holding',
  })));
  cy.nodes().forEach((n) => {
    if (n.data('type') === 'control' && !n.hasClass('failed')) n.addClass('holding');
  });
  const roots = cy.nodes('[type = "control"]');
  await new Promise((resolve) => {
    const layout = cy.layout({
      name: 'breadthfirst', directed: true, roots, spacingFactor: 0.9, avoidOverlap: true, nodeDimensionsIncludeLabels: true,
      animate: false, padding: 24,
    });
    layout.one('layoutstop', resolve);
    layout.run();
  });
  // rows of at most 10 nodes, fewer in a narrow box (about 80 px a node), so the fitted graph stays legible
  wrapWideLevels(cy, Math.max(3, Math.min(10, Math.floor(cy.width() / 80))));
  fitGraph(cy, 24);
  wrap.dataset.nodes = String(cy.nodes().length);
}

/**
 * The breadth-first layout puts each level on one line, so one failed control with thirty lost
 * requirements draws a strip too wide to read once fitted. Levels of more than `perRow` nodes are
 * folded into rows of at most `perRow` (left-to-right order kept), and the levels below move down.
 */
function wrapWideLevels(cy, perRow) {
  const levels = new Map();
  cy.nodes().forEach((n) => {
    const y = Math.round(n.position('y'));
    if (!levels.has(y)) levels.set(y, []);
    levels.get(y).push(n);
  });
  const ys = [...levels.keys()].sort((a, b) => a - b);
  const gap = ys.length > 1 ? (ys[ys.length - 1] - ys[0]) / (ys.length - 1) : 80;
  const rowGap = Math.max(40, gap * 0.7);
  let shift = 0;
  for (const y of ys) {
    const row = levels.get(y).sort((a, b) => a.position('x') - b.position('x'));
    if (row.length <= perRow) {
      row.forEach((n) => n.position('y', y + shift));
      continue;
    }
    const xs = row.map((n) => n.position('x'));
    const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
    const step = Math.max(...row.map((n) => n.boundingBox({ includeLabels: true }).w)) + 14;
    row.forEach((n, i) => {
      const r = Math.floor(i / perRow);
      const inRow = Math.min(perRow, row.length - r * perRow);
      n.position({ x: centre + ((i % perRow) - (inRow - 1) / 2) * step, y: y + shift + r * rowGap });
    });
    shift += (Math.ceil(row.length / perRow) - 1) * rowGap;
  }
}

