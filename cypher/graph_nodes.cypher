// Node details for the graph view, with the number of gap notes recorded on a requirement.
MATCH (n) WHERE elementId(n) IN $ids
RETURN elementId(n) AS eid, labels(n)[0] AS label, coalesce(n.uid, n.id) AS key, n.id AS id,
       coalesce(n.name, n.title) AS name, n.framework AS framework, n.kind AS kind, n.designation AS designation,
       n.status AS status, n.validUntil AS validUntil, COUNT { (:Gap)-[:ABOUT]->(n) } AS gaps
