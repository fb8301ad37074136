// Upserts policies; a policy's GOVERNS edges become exactly the bundle's list.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (p:Policy {id: row.props.id})
SET p = row.props
WITH p, row
CALL (p) {
  OPTIONAL MATCH (p)-[old:GOVERNS]->()
  DELETE old
}
WITH p, row
UNWIND row.governs AS cid
MATCH (c:Control {id: cid})
CREATE (p)-[:GOVERNS]->(c)
