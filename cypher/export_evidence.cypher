MATCH (e:Evidence)
OPTIONAL MATCH (e)-[:SUPPORTS]->(c:Control)
RETURN properties(e) AS e, c.id AS control
ORDER BY e.id
