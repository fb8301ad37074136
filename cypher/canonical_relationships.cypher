// Every relationship: its ends by key, type and properties (for exact store comparisons).
MATCH (a)-[r]->(b) WHERE NOT a:Change
RETURN coalesce(a.uid, a.id) AS from, type(r) AS type, coalesce(b.uid, b.id) AS to, properties(r) AS props
