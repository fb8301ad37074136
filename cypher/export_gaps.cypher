MATCH (g:Gap)-[:ABOUT]->(r:Requirement)
RETURN properties(g) AS g, r.framework AS framework, r.id AS id
ORDER BY g.id
