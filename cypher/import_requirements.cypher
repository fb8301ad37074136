// Upserts requirements and their IN edge; properties are replaced by the bundle's.
CYPHER replan=skip
UNWIND $rows AS row
MATCH (f:Framework {id: row.framework})
MERGE (r:Requirement {uid: row.uid})
SET r = row
MERGE (r)-[:IN]->(f)
