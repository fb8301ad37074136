// Every evidence item and the control it supports; unordered (sorted in Java).
MATCH (e:Evidence)
OPTIONAL MATCH (e)-[:SUPPORTS]->(c:Control)
RETURN properties(e) AS e, c.id AS control
