// Renders coverage paths (control -> requirement -> ... -> requirement) as readable chains.
import { h, relLabel, splitUid, fwShort, isUid, sourceChip } from './ui.js';
import { hashFor } from './router.js';

export function nodeLink(key, opts) {
  const o = opts || {};
  const label = isUid(key) ? splitUid(key).id : key;
  const title = isUid(key) ? `${fwShort(splitUid(key).framework)} ${splitUid(key).id}` : `Control ${key}`;
  return h('a', {
    class: 'chip ' + (isUid(key) ? 'chip-req' : 'chip-ctl') + (o.cls ? ' ' + o.cls : ''),
    // a view may keep its own state in the link (the Explorer keeps its search and filters)
    href: o.href ? o.href(key) : hashFor('explorer', { focus: key }),
    title,
  }, label);
}

function stepLabel(s) {
  if (s.type === 'SATISFIES') return `satisfies (${s.level})`;
  if (s.type === 'PART_OF') return s.direction === 'down' ? 'contains' : 'part of';
  if (s.type === 'MAPS_TO') {
    const rel = relLabel(s.relationship);
    const dir = s.direction === 'against' ? ' (read backwards)' : '';
    return `${rel}${dir}`;
  }
  return s.type;
}

/** One path as a chain; `lostKeys` marks failed controls. */
export function pathChain(path, opts) {
  const o = opts || {};
  const parts = [];
  const first = path.steps.length ? path.steps[0].from : path.control;
  parts.push(nodeLink(first, { cls: o.failed && o.failed.has(first) ? 'chip-failed' : '', href: o.href }));
  for (const s of path.steps) {
    const src = s.type === 'MAPS_TO' && s.source ? s.source : null;
    parts.push(h('span', { class: `step step-${s.type.toLowerCase()}`, title: s.note || '' },
      h('span', { class: 'step-arrow', 'aria-hidden': 'true' }, '→'),
      h('span', { class: 'step-label' }, stepLabel(s)),
      src ? sourceChip(src, null, 'step-source') : null));
    parts.push(nodeLink(s.to, { href: o.href }));
  }
  return h('div', { class: 'path' + (o.cls ? ' ' + o.cls : '') },
    h('span', { class: `lvl-dot lvl-${path.level}`, title: `path level: ${path.level}` }),
    ...parts);
}

/** A list of paths, the first `limit` shown and the rest behind a toggle. */
export function pathList(paths, opts) {
  const o = opts || {};
  const limit = o.limit || 6;
  const wrap = h('div', { class: 'path-list' });
  if (!paths || paths.length === 0) {
    wrap.appendChild(h('p', { class: 'muted' }, o.empty || 'No path.'));
    return wrap;
  }
  paths.slice(0, limit).forEach((p) => wrap.appendChild(pathChain(p, o)));
  if (paths.length > limit) {
    const rest = h('div', { class: 'path-rest', hidden: true });
    paths.slice(limit).forEach((p) => rest.appendChild(pathChain(p, o)));
    const btn = h('button', { type: 'button', class: 'btn btn-link', 'aria-expanded': 'false' }, `Show ${paths.length - limit} more`);
    btn.addEventListener('click', () => {
      rest.hidden = !rest.hidden;
      btn.setAttribute('aria-expanded', String(!rest.hidden));
      btn.textContent = rest.hidden ? `Show ${paths.length - limit} more` : 'Show fewer';
    });
    wrap.appendChild(rest);
    wrap.appendChild(btn);
  }
  return wrap;
}
