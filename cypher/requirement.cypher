// One requirement: properties, parent, children, mappings both ways (with source), satisfying
// controls and recorded gap notes.
MATCH (r:Requirement {uid: $uid})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
CALL (r) {
  OPTIONAL MATCH (c:Requirement)-[:PART_OF]->(r)
  WITH c ORDER BY c.sortKey
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {uid: c.uid, id: c.id, name: c.name, kind: c.kind, designation: c.designation} END) AS children
}
CALL (r) {
  OPTIONAL MATCH (r)-[m:MAPS_TO]->(b:Requirement)
  WITH b, m ORDER BY b.framework, b.sortKey, m.source
  RETURN collect(CASE WHEN b IS NULL THEN NULL ELSE {direction: 'out', uid: b.uid, framework: b.framework, id: b.id, name: b.name,
                 relationship: m.relationship, strength: m.strength, rationale: m.rationale, source: m.source, note: m.note, part: m.part} END) AS mapsTo
}
CALL (r) {
  OPTIONAL MATCH (a:Requirement)-[m:MAPS_TO]->(r)
  WITH a, m ORDER BY a.framework, a.sortKey, m.source
  RETURN collect(CASE WHEN a IS NULL THEN NULL ELSE {direction: 'in', uid: a.uid, framework: a.framework, id: a.id, name: a.name,
                 relationship: m.relationship, strength: m.strength, rationale: m.rationale, source: m.source, note: m.note, part: m.part} END) AS mappedFrom
}
CALL (r) {
  OPTIONAL MATCH (c:Control)-[s:SATISFIES]->(r)
  WITH c, s ORDER BY c.id
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {id: c.id, name: c.name, status: c.status, strength: s.strength, note: s.note} END) AS controls
}
CALL (r) {
  OPTIONAL MATCH (g:Gap)-[:ABOUT]->(r)
  WITH g ORDER BY g.source
  RETURN collect(CASE WHEN g IS NULL THEN NULL ELSE {against: g.against, source: g.source, note: g.note} END) AS gaps
}
RETURN properties(r) AS requirement, p.uid AS parentUid, p.id AS parent, p.name AS parentName, children, mapsTo, mappedFrom, controls, gaps
