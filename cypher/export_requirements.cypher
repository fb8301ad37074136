// Every requirement with its parent's id; unordered (the exporter sorts in Java: an ORDER BY here
// would hold every row in the transaction's memory, past its cap at catalogue scale).
MATCH (r:Requirement)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Requirement)
RETURN properties(r) AS r, p.id AS parent
