// Every control, once per SATISFIES edge (once with nulls when it has none): streamed flat, grouped
// and sorted in Java (collect() and ORDER BY would hold every row in the transaction's memory).
MATCH (c:Control)
OPTIONAL MATCH (c)-[s:SATISFIES]->(r:Requirement)
RETURN properties(c) AS c, r.framework AS framework, r.id AS id, r.sortKey AS sortKey, s.strength AS strength, s.note AS note
