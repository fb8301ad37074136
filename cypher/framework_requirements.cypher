// All requirements of one framework with their parent id, in natural order (the tree is built from this).
MATCH (r:Requirement {framework: $framework})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
RETURN r.uid AS uid, r.id AS id, r.name AS name, r.kind AS kind, r.designation AS designation, p.id AS parent
ORDER BY r.sortKey, r.id
