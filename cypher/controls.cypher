// Every control with its policies, evidence counts and how many requirements it satisfies directly.
MATCH (c:Control)
CALL (c) {
  OPTIONAL MATCH (p:Policy)-[:GOVERNS]->(c)
  RETURN collect(p.id) AS policies
}
CALL (c) {
  OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c)
  RETURN count(e) AS evidenceCount, max(e.collectedOn) AS lastEvidence
}
CALL (c) {
  OPTIONAL MATCH (c)-[:SATISFIES]->(r:Requirement)
  RETURN count(r) AS satisfiesCount, collect(DISTINCT r.framework) AS frameworks
}
RETURN c.id AS id, c.name AS name, c.owner AS owner, c.status AS status, c.frequency AS frequency,
       policies, evidenceCount, lastEvidence, satisfiesCount, frameworks
ORDER BY c.id
