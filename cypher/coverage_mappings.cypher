// Coverage projection, part 2: every crosswalk edge as stored (relationship read from `from`), with
// what a support path shows of it. Unordered: the Java side sorts (from, to, key), which is cheaper.
MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
RETURN a.uid AS from, b.uid AS to, m.relationship AS relationship, m.source AS source, m.part AS part, m.key AS key
