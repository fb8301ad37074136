// Upserts controls; a control's SATISFIES edges become exactly the bundle's list.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (c:Control {id: row.props.id})
SET c = row.props
WITH c, row
CALL (c) {
  OPTIONAL MATCH (c)-[old:SATISFIES]->()
  DELETE old
}
WITH c, row
UNWIND row.satisfies AS s
MATCH (r:Requirement {uid: s.uid})
CREATE (c)-[sat:SATISFIES]->(r)
SET sat.strength = s.strength, sat.note = s.note
