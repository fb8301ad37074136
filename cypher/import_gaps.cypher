// Upserts recorded gap notes (a source says a requirement has no counterpart elsewhere).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (r:Requirement {uid: row.uid})
MERGE (g:Gap {id: row.props.id})
SET g = row.props
MERGE (g)-[:ABOUT]->(r)
