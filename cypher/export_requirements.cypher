MATCH (r:Requirement)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
RETURN properties(r) AS r, p.id AS parent
ORDER BY r.framework, r.sortKey, r.id
