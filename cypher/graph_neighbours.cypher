// One breadth-first step of the graph view: the relationships around a set of nodes, capped. IN
// edges (requirement to framework) are followed only from a framework to its top-level requirements:
// from a requirement they would pull in its whole framework.
MATCH (n)-[r]-(m)
WHERE elementId(n) IN $ids AND NOT m:Change AND type(r) <> 'ABOUT'
  AND (type(r) <> 'IN' OR (n:Framework AND NOT (m)-[:PART_OF]->()))
WITH DISTINCT r, m
LIMIT $limit
RETURN elementId(r) AS eid, type(r) AS type, elementId(startNode(r)) AS source, elementId(endNode(r)) AS target,
       properties(r) AS props, elementId(m) AS mid
