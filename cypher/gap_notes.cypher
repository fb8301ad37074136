// Every recorded gap note of $framework's requirements (a source says: no counterpart elsewhere).
MATCH (g:Gap)-[:ABOUT]->(r:Requirement {framework: $framework})
RETURN r.uid AS uid, r.id AS id, r.name AS name, g.against AS against, g.source AS source, g.note AS note
ORDER BY r.sortKey, g.source
