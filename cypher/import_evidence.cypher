// Upserts evidence items and the one control each supports.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (e:Evidence {id: row.props.id})
SET e = row.props
WITH e, row
CALL (e) {
  OPTIONAL MATCH (e)-[old:SUPPORTS]->()
  DELETE old
}
WITH e, row
MATCH (c:Control {id: row.control})
CREATE (e)-[:SUPPORTS]->(c)
