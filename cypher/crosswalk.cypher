// Mapping rows between two frameworks, whichever way each edge is stored; `stored` says which.
MATCH (a:Requirement {framework: $from})-[m:MAPS_TO]-(b:Requirement {framework: $to})
RETURN a.id AS fromId, a.name AS fromName, b.id AS toId, b.name AS toName,
       m.relationship AS storedRelationship, startNode(m) = a AS storedFromSide,
       m.strength AS strength, m.rationale AS rationale, m.source AS source, m.note AS note, m.part AS part,
       a.sortKey AS ak, b.sortKey AS bk
ORDER BY ak, bk, source
