// Coverage rules in Cypher (PRODUCT.md section 2), step 3, roll-up over PART_OF, from the levels in
// $full and $reached (lists of requirement uids; see coverage_rule_direct). Every parent takes the
// max of its own level and its children's: partial or better when some descendant is (reached
// climbs up), full when every child is full. Read bottom-up, a requirement is NOT full exactly when
// it is not in $full and has no (non-withdrawn) children or a child that is not full; unrolled, when
// a downward path from it to such a leaf meets no member of $full. So a new full requirement is an ancestor of a full one
// with no such path. A withdrawn requirement stands outside its parent's roll-up (README): PART_OF is
// never climbed from one, and it is nobody's child here.
CALL () {
  UNWIND $reached AS uid
  MATCH (:Requirement {uid: uid})((c WHERE coalesce(c.kind, '') <> 'withdrawn')-[:PART_OF]->(:Requirement)){0,}(a)
  RETURN collect(DISTINCT a.uid) AS reached
}
CALL () {
  UNWIND $full AS uid
  MATCH (:Requirement {uid: uid})((c WHERE coalesce(c.kind, '') <> 'withdrawn')-[:PART_OF]->(:Requirement)){1,}(a)
  WITH DISTINCT a
  WHERE NOT a.uid IN $full
    AND NOT EXISTS {
      MATCH (a)((y WHERE NOT y.uid IN $full)<-[:PART_OF]-(z WHERE coalesce(z.kind, '') <> 'withdrawn')){0,}(leaf)
      WHERE NOT leaf.uid IN $full
        AND NOT EXISTS { MATCH (leaf)<-[:PART_OF]-(w:Requirement) WHERE coalesce(w.kind, '') <> 'withdrawn' } }
  RETURN $full + collect(a.uid) AS full
}
RETURN full, reached
