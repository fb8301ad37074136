// Coverage inputs (PRODUCT.md section 2, steps 1-2): each control's status, the validity window of
// each evidence item that supports it (from = validFrom, else collectedOn; until = validUntil, none =
// never expires), and the requirements it satisfies with their strength. Read once per version of
// the data; asOf is applied in Java, so any asOf date is answered from the same read. Unordered, so
// it streams (sorted by id on the Java side): an ORDER BY here holds every row at once and can pass
// the per-transaction memory cap at catalogue scale.
MATCH (c:Control)
CALL (c) {
  OPTIONAL MATCH (c)-[s:SATISFIES]->(r:Requirement)
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {uid: r.uid, strength: coalesce(s.strength, 'full')} END) AS satisfies
}
CALL (c) {
  OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c)
  RETURN collect(CASE WHEN e IS NULL THEN NULL ELSE {from: coalesce(e.validFrom, e.collectedOn), until: e.validUntil} END) AS evidence
}
RETURN c.id AS id, c.name AS name, c.status AS status, evidence, satisfies
