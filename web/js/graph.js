// Cytoscape.js set-up shared by the Explorer, the Impact view and the Cypher console: one
// visual language for node kinds, coverage levels and crosswalk relationships.
import { fwColour, relLabel, h, replace, fwShort, kindLabel, sourceTitle, sourceDescribed } from './ui.js';

export const COLOURS = {
  full: '#2e8b57',
  fullFill: '#cfe9d9',
  partial: '#c98a00',
  partialFill: '#fbe7b5',
  none: '#b83a3a',
  noneFill: '#f6d5d5',
  unknownFill: '#ffffff',
  lost: '#c62828',
  degraded: '#d98e04',
  control: '#1f4e89',
  controlFill: '#dfe9f7',
  policy: '#6a3d9a',
  policyFill: '#ece2f6',
  evidence: '#5c6b73',
  evidenceFill: '#e7ecee',
  framework: '#27323d',
  ink: '#1d2733',
  muted: '#6b7785',
  equal: '#1d2733',
  subset: '#2f5fb3',
  superset: '#0f7b6c',
  intersects: '#b35f2f',
  norel: '#b8c0c8',
  partOf: '#a9b3bd',
  satisfies: '#1f4e89',
};

const LEVEL_FILL = { full: COLOURS.fullFill, partial: COLOURS.partialFill, none: COLOURS.noneFill };

export function levelFill(level) {
  return LEVEL_FILL[level] || COLOURS.unknownFill;
}

/** Short on-canvas label for a node. */
export function nodeLabel(n) {
  if (n.type === 'requirement') {
    const id = n.key && n.key.includes(':') ? n.key.slice(n.key.indexOf(':') + 1) : (n.key || n.name);
    return id;
  }
  if (n.type === 'framework') return fwShort(n.key) || n.name;
  return n.key || n.name || '';
}

/** Cytoscape data for an API graph node ({id, type, key, name, framework, kind, designation, status}). */
export function nodeData(n, level) {
  return {
    id: n.id,
    type: n.type,
    key: n.key,
    name: n.name || '',
    framework: n.framework || '',
    kind: n.kind || '',
    designation: n.designation || '',
    status: n.status || '',
    level: level || '',
    gaps: n.gaps || 0,
    label: nodeLabel(n),
    border: n.type === 'requirement' ? fwColour(n.framework) : '',
    fill: n.type === 'requirement' ? levelFill(level) : '',
  };
}

function edgeWidth(strength) {
  if (strength === null || strength === undefined || strength === '') return 2;
  return 1 + Math.max(0, Math.min(10, Number(strength))) / 2.5;
}

export function edgeData(e) {
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    type: e.type,
    relationship: e.relationship || '',
    strength: e.strength === null || e.strength === undefined ? '' : e.strength,
    publication: e.publication || '',
    note: e.note || '',
    satStrength: e.type === 'SATISFIES' ? (e.strength || 'full') : '',
    width: e.type === 'MAPS_TO' ? edgeWidth(e.strength) : 1.5,
  };
}

export const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      'font-size': 10,
      color: COLOURS.ink,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': 110,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': 1,
      // zoomed out over a large neighbourhood, labels under 7 px would only overlap: hidden until
      // zoomed in (hover still names a node; the focus keeps its label)
      'min-zoomed-font-size': 7,
      'border-width': 2,
      width: 24,
      height: 24,
    },
  },
  {
    selector: 'node[type = "requirement"]',
    style: { shape: 'ellipse', 'background-color': 'data(fill)', 'border-color': 'data(border)', 'border-width': 3 },
  },
  { selector: 'node[type = "requirement"][kind = "section"], node[type = "requirement"][kind = "category"], node[type = "requirement"][kind = "series"], node[type = "requirement"][kind = "function"], node[type = "requirement"][kind = "family"]', style: { width: 32, height: 32 } },
  { selector: 'node[type = "requirement"][kind = "implementation_specification"], node[type = "requirement"][kind = "subcategory"], node[type = "requirement"][kind = "enhancement"]', style: { width: 20, height: 20 } },
  // a requirement a source records as having no counterpart elsewhere: a dashed ring (legend: gap noted)
  { selector: 'node[type = "requirement"][gaps > 0]', style: { 'border-style': 'dashed', 'border-width': 4 } },
  {
    selector: 'node[type = "control"]',
    style: { shape: 'round-hexagon', width: 30, height: 28, 'background-color': COLOURS.controlFill, 'border-color': COLOURS.control, 'font-weight': 600 },
  },
  { selector: 'node[type = "control"][status = "failed"]', style: { 'border-color': COLOURS.lost, 'border-style': 'double', 'border-width': 4 } },
  { selector: 'node[type = "control"][status = "not_implemented"]', style: { 'border-style': 'dashed', 'background-color': '#f1f3f5' } },
  {
    selector: 'node[type = "policy"]',
    style: { shape: 'round-tag', width: 26, height: 22, 'background-color': COLOURS.policyFill, 'border-color': COLOURS.policy },
  },
  {
    selector: 'node[type = "evidence"]',
    style: { shape: 'round-rectangle', width: 18, height: 22, 'background-color': COLOURS.evidenceFill, 'border-color': COLOURS.evidence, 'font-size': 9 },
  },
  {
    selector: 'node[type = "framework"]',
    style: { shape: 'round-rectangle', width: 44, height: 26, 'background-color': COLOURS.framework, 'border-color': COLOURS.framework, color: COLOURS.ink, 'font-weight': 600 },
  },
  { selector: 'node.focus', style: { 'border-width': 5, 'underlay-color': '#2f5fb3', 'underlay-opacity': 0.18, 'underlay-padding': 8, 'underlay-shape': 'ellipse', 'font-weight': 700, 'font-size': 11, 'min-zoomed-font-size': 0 } },
  { selector: 'node:selected', style: { 'overlay-color': '#2f5fb3', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
  { selector: 'node.failed', style: { 'background-color': COLOURS.lost, 'border-color': '#7f1515', color: '#7f1515', 'font-weight': 700 } },
  { selector: 'node.lost', style: { 'background-color': COLOURS.lost, 'border-color': '#7f1515', color: '#7f1515' } },
  { selector: 'node.degraded', style: { 'background-color': COLOURS.degraded, 'border-color': '#8a5a00' } },
  { selector: 'node.holding', style: { 'background-color': COLOURS.fullFill, 'border-color': COLOURS.full } },
  { selector: 'node.dim', style: { opacity: 0.35 } },
  { selector: '.hidden-fw, .cut-off', style: { display: 'none' } },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'curve-style': 'bezier',
      'line-color': COLOURS.partOf,
      'target-arrow-color': COLOURS.partOf,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      opacity: 0.9,
    },
  },
  { selector: 'edge[type = "PART_OF"]', style: { 'line-style': 'solid', 'target-arrow-shape': 'tee', width: 1.5 } },
  { selector: 'edge[type = "SATISFIES"]', style: { 'line-color': COLOURS.satisfies, 'target-arrow-color': COLOURS.satisfies, width: 2.5 } },
  // dotted, not dashed: dashed blue is "subset of" (legend: satisfies partly)
  { selector: 'edge[type = "SATISFIES"][satStrength = "partial"]', style: { 'line-style': 'dotted', width: 2.5 } },
  { selector: 'edge[type = "GOVERNS"]', style: { 'line-color': COLOURS.policy, 'target-arrow-color': COLOURS.policy, width: 1.5 } },
  { selector: 'edge[type = "SUPPORTS"]', style: { 'line-color': COLOURS.evidence, 'target-arrow-color': COLOURS.evidence, width: 1.2, 'line-style': 'dotted' } },
  { selector: 'edge[type = "MAPS_TO"]', style: { 'line-color': COLOURS.intersects, 'target-arrow-color': COLOURS.intersects } },
  { selector: 'edge[relationship = "equal"]', style: { 'line-color': COLOURS.equal, 'target-arrow-color': COLOURS.equal, 'source-arrow-color': COLOURS.equal, 'source-arrow-shape': 'triangle', 'line-style': 'solid' } },
  { selector: 'edge[relationship = "subset_of"]', style: { 'line-color': COLOURS.subset, 'target-arrow-color': COLOURS.subset, 'line-style': 'dashed', 'line-dash-pattern': [7, 3] } },
  { selector: 'edge[relationship = "superset_of"]', style: { 'line-color': COLOURS.superset, 'target-arrow-color': COLOURS.superset, 'line-style': 'solid', 'target-arrow-shape': 'triangle-backcurve' } },
  { selector: 'edge[relationship = "intersects_with"]', style: { 'line-color': COLOURS.intersects, 'target-arrow-color': COLOURS.intersects, 'line-style': 'dotted', 'target-arrow-shape': 'circle' } },
  { selector: 'edge[relationship = "no_relationship"]', style: { 'line-color': COLOURS.norel, 'target-arrow-color': COLOURS.norel, 'line-style': 'dotted', 'target-arrow-shape': 'none' } },
  { selector: 'edge.lost', style: { 'line-color': COLOURS.lost, 'target-arrow-color': COLOURS.lost, 'source-arrow-color': COLOURS.lost, opacity: 1 } },
  { selector: 'edge.holding', style: { 'line-color': COLOURS.full, 'target-arrow-color': COLOURS.full, opacity: 0.8 } },
  { selector: 'edge:selected', style: { 'overlay-color': '#2f5fb3', 'overlay-opacity': 0.2, 'overlay-padding': 4 } },
];

export function createCy(container) {
  /* global cytoscape */
  return cytoscape({
    container,
    elements: [],
    style: STYLE,
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: false,
  });
}

export function fcose(opts) {
  return Object.assign({
    name: 'fcose',
    quality: 'default',
    randomize: true,
    animate: false,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 7000,
    idealEdgeLength: () => 70,
    edgeElasticity: () => 0.45,
    nodeSeparation: 60,
    packComponents: true,
    numIter: 2500,
  }, opts || {});
}

/** Fits the visible elements without blowing a handful of nodes up to giant size. */
export function fitGraph(cy, padding) {
  const eles = cy.elements(':visible');
  if (!eles.length) return;
  cy.fit(eles, padding === undefined ? 30 : padding);
  if (cy.zoom() > 1.4) {
    cy.zoom(1.4);
    cy.center(eles);
  }
}

/** Runs a layout and resolves when it stops. */
export function runLayout(cy, opts) {
  return new Promise((resolve) => {
    if (cy.nodes().length === 0) { resolve(); return; }
    const layout = cy.elements(':visible').layout(fcose(opts));
    layout.one('layoutstop', () => resolve());
    layout.run();
  });
}

// ---- tooltip ---------------------------------------------------------------------------------

/** Hover tooltips for edges (relationship, strength, source) and nodes (name). */
export function attachTooltip(cy, tipEl, describeEdge, describeNode) {
  const show = (evt, rows) => {
    replace(tipEl, ...rows);
    tipEl.hidden = false;
    const pos = evt.renderedPosition || evt.target.renderedPosition();
    const wrap = cy.container();
    const w = wrap.clientWidth;
    const tw = tipEl.offsetWidth;
    let left = pos.x + 14;
    if (left + tw > w - 8) left = Math.max(8, pos.x - tw - 14);
    tipEl.style.left = left + 'px';
    // below the pointer, or above it when the box would run out at the bottom
    const th = tipEl.offsetHeight;
    let top = pos.y + 12;
    if (top + th > wrap.clientHeight - 8) top = pos.y - th - 12;
    tipEl.style.top = Math.max(8, top) + 'px';
  };
  const hide = () => { tipEl.hidden = true; };
  cy.on('mouseover', 'edge', (evt) => show(evt, describeEdge(evt.target.data())));
  cy.on('mouseover', 'node', (evt) => show(evt, describeNode(evt.target.data())));
  cy.on('mouseout', 'edge, node', hide);
  cy.on('viewport drag tapstart', hide);
}

export function describeEdgeRows(d) {
  const rows = [];
  if (d.type === 'MAPS_TO') {
    rows.push(h('div', { class: 'tip-title' }, 'Mapping: ', relLabel(d.relationship)));
    // null: the view does not know it (impact paths carry relationship and source only)
    if (d.strength !== null && d.strength !== undefined) rows.push(h('div', null, 'Strength: ', d.strength === '' ? 'not stated' : `${d.strength} / 10`));
    rows.push(h('div', null, 'Source: ', d.publication || 'unknown'));
    if (d.publication && sourceDescribed(d.publication)) rows.push(h('div', { class: 'tip-note' }, sourceTitle(d.publication)));
    if (d.note) rows.push(h('div', { class: 'tip-note' }, d.note));
  } else if (d.type === 'SATISFIES') {
    rows.push(h('div', { class: 'tip-title' }, 'Control satisfies requirement'));
    rows.push(h('div', null, 'Strength: ', d.satStrength || 'full'));
    if (d.note) rows.push(h('div', { class: 'tip-note' }, d.note));
  } else if (d.type === 'IN') {
    rows.push(h('div', { class: 'tip-title' }, 'Top-level requirement of the framework'));
  } else if (d.type === 'PART_OF') {
    rows.push(h('div', { class: 'tip-title' }, 'Part of (hierarchy)'));
  } else if (d.type === 'GOVERNS') {
    rows.push(h('div', { class: 'tip-title' }, 'Policy governs control'));
  } else if (d.type === 'SUPPORTS') {
    rows.push(h('div', { class: 'tip-title' }, 'Evidence supports control'));
  } else {
    rows.push(h('div', { class: 'tip-title' }, d.type || 'relationship'));
  }
  return rows;
}

export function describeNodeRows(d) {
  const rows = [h('div', { class: 'tip-title' }, d.key || d.label)];
  if (d.name && d.name !== d.key) rows.push(h('div', null, d.name));
  const meta = [];
  if (d.framework) meta.push(fwShort(d.framework));
  if (d.kind) meta.push(kindLabel(d.kind));
  if (d.designation && d.designation !== 'none') meta.push(d.designation);
  if (d.status) meta.push(d.status.replace(/_/g, ' '));
  if (d.level) meta.push('coverage: ' + d.level);
  if (d.gaps) meta.push(d.gaps === 1 ? 'gap noted' : `${d.gaps} gap notes`);
  if (meta.length) rows.push(h('div', { class: 'tip-meta' }, meta.join(' · ')));
  return rows;
}
