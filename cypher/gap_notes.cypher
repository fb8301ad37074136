// The recorded gap notes of $framework's requirements against $against (or against no framework in
// particular): a source says the requirement has no counterpart there.
MATCH (g:Gap)-[:ABOUT]->(r:Requirement {framework: $framework})
WHERE g.against = $against OR g.against IS NULL
RETURN r.uid AS uid, r.id AS id, r.name AS name, g.against AS against, g.source AS source, g.note AS note
ORDER BY r.sortKey, g.source
