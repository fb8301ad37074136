// One control: properties, governing policies, evidence (newest first), requirements it satisfies.
MATCH (c:Control {id: $id})
CALL (c) {
  OPTIONAL MATCH (p:Policy)-[:GOVERNS]->(c)
  WITH p ORDER BY p.id
  RETURN collect(CASE WHEN p IS NULL THEN NULL ELSE properties(p) END) AS policies
}
CALL (c) {
  OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c)
  WITH e ORDER BY e.collectedOn DESC, e.id
  RETURN collect(CASE WHEN e IS NULL THEN NULL ELSE properties(e) END) AS evidence
}
CALL (c) {
  OPTIONAL MATCH (c)-[s:SATISFIES]->(r:Requirement)
  WITH r, s ORDER BY r.framework, r.sortKey
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {uid: r.uid, framework: r.framework, id: r.id, name: r.name,
                 designation: r.designation, strength: s.strength, note: s.note} END) AS satisfies
}
RETURN properties(c) AS control, policies, evidence, satisfies
