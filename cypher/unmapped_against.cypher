// Requirements of $framework with no crosswalk edge (other than no_relationship) to any
// requirement of $against, on themselves or on an ancestor; with their recorded gap notes.
MATCH (r:Requirement {framework: $framework})
WHERE NOT EXISTS {
  MATCH (r)-[:PART_OF*0..]->(x:Requirement)-[m:MAPS_TO]-(o:Requirement {framework: $against})
  WHERE m.relationship <> 'no_relationship'
}
OPTIONAL MATCH (g:Gap)-[:ABOUT]->(r)
WITH r, g ORDER BY g.source
WITH r.uid AS uid, r.id AS id, r.name AS name, r.kind AS kind, r.designation AS designation, r.sortKey AS sortKey,
     collect(CASE WHEN g IS NULL THEN NULL ELSE {against: g.against, source: g.source, note: g.note} END) AS gaps
RETURN uid, id, name, kind, designation, gaps
ORDER BY sortKey, id
