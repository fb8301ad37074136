MATCH (c:Control)
OPTIONAL MATCH (c)-[s:SATISFIES]->(r:Requirement)
WITH c, s, r ORDER BY r.framework, r.sortKey, r.id
RETURN properties(c) AS c,
       [x IN collect(CASE WHEN r IS NULL THEN NULL ELSE {framework: r.framework, id: r.id, strength: s.strength, note: s.note} END) WHERE x IS NOT NULL] AS satisfies
ORDER BY c.id
