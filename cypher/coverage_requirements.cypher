// Coverage projection, part 1: every requirement with its PART_OF parent (structure only).
// Unordered, so it streams at any size: the Java side sorts (framework, sortKey, id).
MATCH (r:Requirement)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
RETURN r.uid AS uid, r.framework AS framework, r.id AS id, r.name AS name, r.kind AS kind,
       r.designation AS designation, p.uid AS parent, coalesce(r.sortKey, r.id) AS sortKey
