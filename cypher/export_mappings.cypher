MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
RETURN a.framework AS fromFramework, a.id AS fromId, b.framework AS toFramework, b.id AS toId, properties(m) AS m
ORDER BY a.uid, b.uid, m.key
