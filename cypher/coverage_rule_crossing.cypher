// Coverage rules in Cypher (PRODUCT.md section 2), step 4, one round of crosswalk propagation, from
// the previous round's levels in $full and $reached (lists of requirement uids; see
// coverage_rule_direct). A requirement takes min(neighbour's level, edge level) over each MAPS_TO
// edge, read from the previous round only. The edge level is full along a -> b (a covered, b
// receives) for equal and superset_of, against it (b covered, a receives) for equal and subset_of;
// every other overlap (intersects_with, subset_of along, superset_of against) passes partial and
// no_relationship nothing. So full spreads from a full neighbour over a full-passing edge, and
// reached from a reached neighbour over any overlapping edge (import admits no other relationship
// value; one written around crossmap passes nothing, as in the engine). Roll-up
// (coverage_rule_rollup) runs after each round.
CALL () {
  UNWIND $full AS uid
  MATCH (n:Requirement {uid: uid})-[m:MAPS_TO]-(b:Requirement)
  WHERE m.relationship = 'equal' OR (m.relationship = 'superset_of' AND startNode(m) = n)
     OR (m.relationship = 'subset_of' AND endNode(m) = n)
  WITH DISTINCT b
  WHERE NOT b.uid IN $full
  RETURN $full + collect(b.uid) AS full
}
CALL () {
  UNWIND $reached AS uid
  MATCH (:Requirement {uid: uid})-[m:MAPS_TO]-(b:Requirement)
  WHERE m.relationship IN ['equal', 'superset_of', 'subset_of', 'intersects_with']
  WITH DISTINCT b
  WHERE NOT b.uid IN $reached
  RETURN $reached + collect(b.uid) AS reached
}
RETURN full, reached
