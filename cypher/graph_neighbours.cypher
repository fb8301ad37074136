// One breadth-first step of the graph view: the relationships around a set of nodes (not the
// IN edges to framework nodes, which would pull in whole frameworks), capped.
MATCH (n)-[r]-(m)
WHERE elementId(n) IN $ids AND NOT type(r) IN ['IN', 'ABOUT'] AND NOT m:Change
WITH DISTINCT r, m
LIMIT $limit
RETURN elementId(r) AS eid, type(r) AS type, elementId(startNode(r)) AS source, elementId(endNode(r)) AS target,
       properties(r) AS props, elementId(m) AS mid
