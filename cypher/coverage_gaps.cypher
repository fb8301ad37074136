// Coverage projection, part 4: the recorded gap notes, so every requirement coverage and impact
// answers list carries its notes and their sources (a source says it has no counterpart elsewhere).
MATCH (g:Gap)-[:ABOUT]->(r:Requirement)
RETURN r.uid AS uid, g.against AS against, g.source AS source, g.note AS note
ORDER BY uid, source, against
