// All requirements of one framework with their parent id and recorded gap notes, in natural order
// (the tree is built from this).
MATCH (r:Requirement {framework: $framework})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
OPTIONAL MATCH (g:Gap)-[:ABOUT]->(r)
WITH r, p, g ORDER BY g.source
WITH r, p, collect(CASE WHEN g IS NULL THEN NULL ELSE {against: g.against, source: g.source, note: g.note} END) AS gaps
RETURN r.uid AS uid, r.id AS id, r.name AS name, r.kind AS kind, r.designation AS designation, p.id AS parent, gaps
ORDER BY r.sortKey, r.id
