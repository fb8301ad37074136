// Coverage rules in Cypher (PRODUCT.md section 2), steps 1 and 2: the effective controls (operating,
// not in the what-if set $failed, and, only when $asOf is given, with an evidence item valid on it:
// validFrom, else collectedOn, <= asOf <= validUntil, none = never expires) and each requirement's
// direct level, the best SATISFIES strength from an effective control. Levels travel as two lists
// of requirement uids: `full`, and `reached` (partial or full); every other requirement is at none.
// crossmap.coverage.CypherRules runs the rule statements in the contract's order (this one, roll-up,
// then hops x (crossing, roll-up)) in one read transaction; the same sequence runs by hand in
// cypher-shell, feeding each statement's full and reached to the next as parameters.
WITH CASE WHEN $asOf IS NULL THEN NULL ELSE date($asOf) END AS asOf
OPTIONAL MATCH (c:Control)-[s:SATISFIES]->(r:Requirement)
WHERE c.status = 'operating' AND NOT c.id IN $failed
  AND (asOf IS NULL OR EXISTS {
        MATCH (e:Evidence)-[:SUPPORTS]->(c)
        WHERE coalesce(e.validFrom, e.collectedOn) <= asOf AND (e.validUntil IS NULL OR asOf <= e.validUntil) })
WITH r, max(CASE s.strength WHEN 'partial' THEN 1 ELSE 2 END) AS direct
RETURN collect(CASE WHEN direct = 2 THEN r.uid END) AS full, collect(r.uid) AS reached
