// Every crosswalk edge with its ends; unordered (sorted in Java, see export_requirements).
MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
RETURN a.framework AS fromFramework, a.id AS fromId, b.framework AS toFramework, b.id AS toId, properties(m) AS m
