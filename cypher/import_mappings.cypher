// Upserts crosswalk edges; one edge per (from, to, source, part), its properties replaced.
CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:Requirement {uid: row.fromUid})
MATCH (b:Requirement {uid: row.toUid})
MERGE (a)-[m:MAPS_TO {key: row.props.key}]->(b)
SET m = row.props
