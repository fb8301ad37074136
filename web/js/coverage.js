// Coverage: per framework and per section/category bars (full / partial / none), HIPAA required
// vs addressable apart, single points of failure, and gaps against another framework with their
// sources. State in the address: #/coverage?framework=&against=&hops=&asOf=
import * as API from './api.js';
import {
  h, $, replace, busy, showError, emptyState, dateChanged, gapNote, loadingBlock, fwShort, fwColour, designationBadge, kindLabel, plural,
  orderFrameworks,
} from './ui.js';
import { go, hashFor, staleCheck } from './router.js';
import { nodeLink } from './paths.js';

const DEFAULT_AGAINST = { 'soc2-tsc-2017': 'hipaa-security', 'hipaa-security': 'soc2-tsc-2017', 'hipaa-privacy-breach': 'soc2-tsc-2017' };
const state = { frameworks: [], framework: 'hipaa-security', against: 'soc2-tsc-2017', hops: 1, asOf: '' };

export async function init() {
  const fws = await busy(API.frameworks());
  state.frameworks = fws;
  const fsel = replace($('#coverage-framework'));
  const asel = replace($('#coverage-against'));
  asel.appendChild(h('option', { value: '' }, '(none)'));
  for (const f of fws) {
    fsel.appendChild(h('option', { value: f.id }, fwShort(f.id)));
    asel.appendChild(h('option', { value: f.id }, fwShort(f.id)));
  }
  fsel.addEventListener('change', () => {
    const fw = fsel.value;
    let against = asel.value;
    if (!against || against === fw) against = DEFAULT_AGAINST[fw] || '';
    navigate({ framework: fw, against });
  });
  asel.addEventListener('change', () => navigate({ against: asel.value || 'none' }));
  $('#coverage-hops').addEventListener('change', (e) => navigate({ hops: e.target.value }));
  $('#coverage-asof').addEventListener('change', (e) => dateChanged(e.target, (v) => navigate({ asOf: v })));
  // the form only holds the filters: Enter in the date field must not submit (and reload) the page
  $('#coverage-form').addEventListener('submit', (e) => e.preventDefault());
  $('#coverage-asof-clear').addEventListener('click', () => navigate({ asOf: null }));
}

function navigate(over) {
  go('coverage', Object.assign({ framework: state.framework, against: state.against || 'none', hops: state.hops, asOf: state.asOf || null }, over));
}

export async function show(p) {
  const ids = state.frameworks.map((f) => f.id);
  const fw = p.get('framework');
  state.framework = ids.includes(fw) ? fw : (ids.includes('hipaa-security') ? 'hipaa-security' : ids[0]);
  const ag = p.get('against');
  state.against = ag === 'none' ? '' : (ids.includes(ag) && ag !== state.framework ? ag : (DEFAULT_AGAINST[state.framework] || ''));
  const hopsN = Number.parseInt(p.get('hops'), 10);
  state.hops = Number.isNaN(hopsN) ? 1 : Math.max(0, Math.min(4, hopsN));
  state.asOf = p.get('asOf') || '';
  $('#coverage-framework').value = state.framework;
  $('#coverage-against').value = state.against;
  $('#coverage-hops').value = String(state.hops);
  $('#coverage-asof').value = state.asOf;
  $('#coverage-asof-clear').disabled = !state.asOf;

  const body = $('#coverage-body');
  if (!ids.length) {
    replace(body, emptyState('No frameworks yet', 'This store holds no framework. Import one (POST /api/import with the token, or bin/crossmap import FILE while the server is stopped), or load the built-in SOC 2 and HIPAA catalogues (POST /api/dataset/reload with the token).'));
    body.dataset.state = 'empty';
    return;
  }
  body.dataset.state = 'loading';
  replace(body, loadingBlock('Computing coverage…'));
  const common = { hops: state.hops, asOf: state.asOf };
  const stale = staleCheck();
  const settled = await busy(Promise.allSettled([
    API.coverage(common),
    API.coverage(Object.assign({ framework: state.framework }, common)),
    API.spof(Object.assign({ framework: state.framework }, common)),
    state.against ? API.coverage(Object.assign({ framework: state.framework, against: state.against }, common)) : Promise.resolve(null),
  ]), 'Computing coverage');
  if (stale()) return;
  const failed = settled.slice(0, 3).find((x) => x.status === 'rejected');
  if (failed) {
    const e = failed.reason;
    replace(body, emptyState('Coverage could not be computed', e.describe ? e.describe() : String(e)));
    body.dataset.state = 'error';
    throw e;
  }
  const [all, one, sp] = settled.slice(0, 3).map((x) => x.value);
  const gaps = settled[3];
  const f = one.frameworks[0];
  replace(body,
    overview(all),
    h('div', { class: 'coverage-grid' },
      h('div', { class: 'coverage-col' }, frameworkCard(f)),
      h('div', { class: 'coverage-col' }, spofCard(sp)),
      // the gap lists are long: the whole width, under both
      h('div', { class: 'coverage-col coverage-wide' }, gapsCard(f, gaps.status === 'fulfilled' && gaps.value ? gaps.value.frameworks[0] : null,
        gaps.status === 'rejected' ? gaps.reason : null))));
  body.dataset.state = 'done';
  body.dataset.framework = state.framework;
  if (gaps.status === 'rejected') showError(gaps.reason, `Gaps against ${fwShort(state.against)}`);
}

function bar(c, label, opts) {
  const o = opts || {};
  const seg = (cls, n, pct) => (n ? h('span', { class: `seg ${cls}`, style: { width: `${pct}%` }, title: `${n} ${cls} (${pct}%)` }) : null);
  return h('div', { class: 'bar-row' + (o.cls ? ' ' + o.cls : ''), dataset: o.data || {} },
    h('span', { class: 'bar-label', title: typeof label === 'string' ? label : label.textContent.trim() }, label),
    h('div', { class: 'stackbar', role: 'img', 'aria-label': `${typeof label === 'string' ? label : label.textContent.trim()}: ${c.full} full, ${c.partial} partial, ${c.none} none of ${c.count}` },
      seg('full', c.full, c.fullPct), seg('partial', c.partial, c.partialPct), seg('none', c.none, c.nonePct)),
    h('span', { class: 'bar-num' }, h('strong', null, `${c.fullPct}%`), ' full ', h('span', { class: 'muted' }, `· ${c.full}/${c.partial}/${c.none}`)));
}

function legend() {
  return h('div', { class: 'bar-legend', 'aria-hidden': 'true' },
    h('span', null, h('i', { class: 'seg-key full' }), 'full'),
    h('span', null, h('i', { class: 'seg-key partial' }), 'partial'),
    h('span', null, h('i', { class: 'seg-key none' }), 'none'),
    h('span', { class: 'muted' }, 'numbers: full / partial / none'));
}

/**
 * Frameworks some control satisfies directly first (SOC 2 and HIPAA before others); those reached only
 * through the crosswalk (satisfiedDirectly 0) apart, under their own heading, when some framework has controls.
 */
function overview(all) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'cov-overview-h' },
    h('header', { class: 'card-head' }, h('h2', { id: 'cov-overview-h' }, 'All frameworks'),
      h('span', { class: 'muted' }, `${all.hops} crosswalk hop${all.hops === 1 ? '' : 's'}${all.asOf ? ` · evidence valid on ${all.asOf}` : ' · evidence dates ignored'}`)),
    legend());
  const sorted = orderFrameworks(all.frameworks);
  const row = (f) => bar(f.total, h('a', { href: hashFor('coverage', { framework: f.framework, hops: state.hops, asOf: state.asOf || null }),
    class: f.framework === state.framework ? 'current' : '' }, fwShort(f.framework)), { data: { framework: f.framework } });
  const anyDirect = sorted.some((f) => f.satisfiedDirectly > 0);
  const own = anyDirect ? sorted.filter((f) => f.satisfiedDirectly > 0) : sorted;
  const through = anyDirect ? sorted.filter((f) => !(f.satisfiedDirectly > 0)) : [];
  own.forEach((f) => card.appendChild(row(f)));
  if (through.length) {
    card.appendChild(h('h3', { class: 'overview-sub', id: 'coverage-through' }, 'Reached through the crosswalk only'));
    card.appendChild(h('p', { class: 'help' }, 'No control satisfies these catalogues directly: they are the pivots the public mappings go through, and their coverage is what the crosswalk carries over within the hops chosen.'));
    through.forEach((f) => card.appendChild(row(f)));
  }
  card.appendChild(verifyRow());
  return card;
}

/**
 * "Check with the Cypher rules": recompute every level with the rules written as Cypher statements
 * (cypher/coverage_rule_*.cypher, run by Neo4j) and compare them with the engine's, at the view's
 * hops and asOf. The outcome is in data-verify (agree / disagree / error) and data-count.
 */
function verifyRow() {
  const out = h('span', { class: 'verify-out', role: 'status', id: 'coverage-verify-out' });
  const btn = h('button', { type: 'button', class: 'btn btn-small', id: 'coverage-verify', 'aria-describedby': 'coverage-verify-help' }, 'Check with the Cypher rules');
  btn.addEventListener('click', async () => {
    // one check at a time (the server runs one such question at once); the button keeps its focus
    if (btn.getAttribute('aria-disabled') === 'true') return;
    const { hops, asOf } = state;
    btn.setAttribute('aria-disabled', 'true');
    out.setAttribute('aria-busy', 'true');
    out.className = 'verify-out muted';
    out.dataset.verify = 'running';
    replace(out, 'Running cypher/coverage_rule_*.cypher in Neo4j…');
    try {
      const t0 = performance.now();
      const [java, cypher] = await Promise.all([API.levelsFrom('java', hops, asOf), API.levelsFrom('cypher', hops, asOf)]);
      const ms = Math.round(performance.now() - t0);
      const uids = Object.keys(java.levels);
      const differ = uids.filter((u) => java.levels[u] !== cypher.levels[u]);
      out.dataset.count = String(uids.length);
      if (!differ.length) {
        out.className = 'verify-out callout callout-ok';
        replace(out, `The Cypher rules agree on all ${uids.length.toLocaleString('en')} requirement levels (hops ${hops}${asOf ? `, as of ${asOf}` : ''}; ${ms} ms).`);
        out.dataset.verify = 'agree';
      } else {
        out.className = 'verify-out callout callout-none';
        replace(out, `The Cypher rules disagree on ${plural(differ.length, 'requirement')} of ${uids.length.toLocaleString('en')} (engine / Cypher): `,
          h('span', { class: 'chips' }, differ.slice(0, 12).map((u) => h('span', null, nodeLink(u), ` ${java.levels[u]} / ${cypher.levels[u] || 'none'}`))),
          differ.length > 12 ? ` and ${differ.length - 12} more` : '');
        out.dataset.verify = 'disagree';
      }
    } catch (e) {
      out.className = 'verify-out callout callout-none';
      replace(out, 'Could not check: ', e.describe ? e.describe() : String(e));
      out.dataset.verify = 'error';
    } finally {
      btn.removeAttribute('aria-disabled');
      out.removeAttribute('aria-busy');
    }
  });
  return h('div', { class: 'verify-row' }, btn, out,
    h('p', { class: 'help', id: 'coverage-verify-help' }, 'Recomputes every level with the coverage rules written as Cypher statements and run by the database, and compares them with crossmap\'s engine.'));
}

function sortedSections(sections) {
  return sections.slice().sort((a, b) => String(a.id).localeCompare(String(b.id), undefined, { numeric: true }));
}

function frameworkCard(f) {
  const meta = state.frameworks.find((x) => x.id === f.framework) || {};
  const card = h('section', { class: 'card fw-card', style: { '--fw': fwColour(f.framework) }, 'aria-labelledby': 'cov-fw-h', dataset: { framework: f.framework } },
    h('header', { class: 'card-head' }, h('h2', { id: 'cov-fw-h' }, meta.name || f.framework)),
    h('div', { class: 'stat-row' },
      stat(f.total.full, 'full', 'stat-full'), stat(f.total.partial, 'partial', 'stat-partial'), stat(f.total.none, 'not covered', 'stat-none'),
      stat(f.total.count, 'requirements', 'stat-total')),
    bar(f.total, 'All requirements'));
  const desig = Object.entries(f.byDesignation || {});
  if (desig.length) {
    card.appendChild(h('h3', null, 'Required vs addressable'));
    const order = ['required', 'addressable'];
    desig.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    for (const [d, c] of desig) card.appendChild(bar(c, h('span', null, designationBadge(d), ` (${c.count})`), { data: { designation: d }, cls: 'desig-row' }));
    card.appendChild(h('p', { class: 'help' }, 'Implementation specifications only. Addressable ones may be met by a documented equivalent measure.'));
  }
  card.appendChild(h('h3', null, `By ${kindLabel((f.sections[0] || {}).kind || 'section')}`));
  for (const s of sortedSections(f.sections)) {
    card.appendChild(bar(s.counts, h('span', null, h('a', { href: hashFor('explorer', { focus: s.uid }), class: 'mono' }, s.id), ' ', h('span', { class: 'bar-sub' }, s.name || '')),
      { data: { section: s.id } }));
  }
  // one level below the sections (SOC 2 series, HIPAA standards), as the API counts them: what is under each
  // SOC 2's Security (CC) series first, as the matrix shows them; the rest in the API's order
  const sections = f.sections.slice().sort((a, b) => Number(b.id === 'security') - Number(a.id === 'security'));
  const second = sections.flatMap((s) => s.parts || []).filter((x) => x.counts.count > 0);
  if (second.length) {
    const kind = kindLabel(second[0].kind || 'part');
    const det = h('details', { class: 'second-level', open: f.framework === 'soc2-tsc-2017' },
      h('summary', null, `By ${kind} (${second.length})`));
    for (const x of second) {
      det.appendChild(bar(x.counts, h('span', null, h('a', { href: hashFor('explorer', { focus: x.uid }), class: 'mono' }, x.id), ' ', h('span', { class: 'bar-sub' }, x.name || '')),
        { data: { part: x.id } }));
    }
    card.appendChild(det);
  }
  const kinds = Object.entries(f.byKind || {});
  if (kinds.length > 1) {
    const det = h('details', { class: 'second-level' }, h('summary', null, `By kind (${kinds.length})`));
    for (const [k, c] of kinds) det.appendChild(bar(c, `${kindLabel(k)} (${c.count})`));
    card.appendChild(det);
  }
  return card;
}

function stat(n, label, cls) {
  return h('div', { class: `stat ${cls}`, dataset: { count: String(n) } }, h('span', { class: 'stat-num' }, String(n)), h('span', { class: 'stat-label' }, label));
}

function spofCard(sp) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'cov-spof-h', id: 'coverage-spof' },
    h('header', { class: 'card-head' }, h('h2', { id: 'cov-spof-h' }, 'Single points of failure'),
      h('span', { class: 'muted' }, `${plural(sp.requirements.length, 'requirement')} held by one control`)));
  if (!sp.controls.length) {
    card.appendChild(h('p', { class: 'muted' }, 'No requirement depends on a single control.'));
    return card;
  }
  const t = h('table', { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, 'Controls ranked by how many requirements they alone hold'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Control'), h('th', { scope: 'col' }, 'Holds alone'), h('th', { scope: 'col' }, 'Requirements'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))));
  const tb = h('tbody');
  for (const c of sp.controls) {
    tb.appendChild(h('tr', { dataset: { control: c.control } },
      h('td', null, nodeLink(c.control), h('div', { class: 'cell-sub' }, c.name || '')),
      h('td', { class: 'num' }, String(c.requirementsHeldAlone)),
      h('td', null, h('div', { class: 'chips' }, c.requirements.map((u) => nodeLink(u)))),
      h('td', null, h('a', { class: 'btn btn-small btn-danger', href: hashFor('impact', { fail: c.control, hops: state.hops, asOf: state.asOf || null }) }, 'Simulate failure'))));
  }
  t.appendChild(tb);
  card.appendChild(h('div', { class: 'table-scroll' }, t));
  return card;
}

function gapsCard(f, g, gapsError) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'cov-gaps-h', id: 'coverage-gaps' },
    h('header', { class: 'card-head' }, h('h2', { id: 'cov-gaps-h' }, 'Gaps')));
  const none = f.none || [];
  card.appendChild(h('h3', null, `Not covered by any operating control (${none.length})`));
  card.appendChild(none.length
    ? h('ul', { class: 'plain-list gap-list', dataset: { list: 'none' } }, none.map((r) => h('li', { dataset: { uid: r.uid } },
      nodeLink(r.uid, { cls: 'chip-lost' }), ' ', r.name || '', ' ', designationBadge(r.designation), ' ', h('span', { class: 'muted' }, kindLabel(r.kind)),
      (r.gaps || []).map(gapNote))))
    : h('p', { class: 'muted' }, 'Every requirement is covered at least partially.'));
  if (gapsError) {
    card.appendChild(h('h3', null, `No mapping to ${fwShort(state.against)}`));
    card.appendChild(h('p', { class: 'callout callout-none' }, 'Could not be loaded: ', gapsError.describe ? gapsError.describe() : String(gapsError)));
  }
  if (g && g.against) {
    const un = g.unmapped || [];
    card.appendChild(h('h3', null, `No mapping to ${fwShort(g.against)} (${un.length})`));
    card.appendChild(h('p', { class: 'help' }, `Requirements with no crosswalk row to ${fwShort(g.against)}, on themselves or on a parent; recorded gap notes name their source.`));
    card.appendChild(un.length
      ? h('ul', { class: 'plain-list gap-list', dataset: { list: 'unmapped' } }, un.map((r) => h('li', { dataset: { uid: r.uid } },
        nodeLink(r.uid), ' ', r.name || '', ' ', designationBadge(r.designation),
        (r.gaps || []).map(gapNote))))
      : h('p', { class: 'muted' }, 'Every requirement maps to the other framework.'));
    const notes = g.gapNotes || [];
    if (notes.length) {
      card.appendChild(h('h3', null, `Recorded gap notes (${notes.length})`));
      card.appendChild(h('ul', { class: 'plain-list gap-list' }, notes.map((g) => h('li', null,
        nodeLink(g.uid), ' ', g.name || '', gapNote(g)))));
    }
  }
  return card;
}

