// Upserts frameworks; a framework's properties are replaced by the bundle's.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (f:Framework {id: row.id})
SET f = row
