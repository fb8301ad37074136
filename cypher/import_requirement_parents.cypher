// Sets each requirement's PART_OF parent to exactly the bundle's (none when parentUid is null).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (r:Requirement {uid: row.uid})
CALL (r) {
  OPTIONAL MATCH (r)-[old:PART_OF]->()
  DELETE old
}
WITH r, row
WHERE row.parentUid IS NOT NULL
MATCH (p:Requirement {uid: row.parentUid})
MERGE (r)-[:PART_OF]->(p)
