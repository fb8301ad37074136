// Crash-safe imports: has this batch (import content hash + batch number) been committed already?
MATCH (l:ImportBatch {id: $id}) RETURN l.id AS id
