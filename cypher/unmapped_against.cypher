// Requirements of $framework with no crosswalk edge (other than no_relationship) to a requirement
// of $against: none on themselves and none on a part of them (a section whose standards map is
// not unmapped), and none on an ancestor unless a source recorded a gap note on the requirement
// itself against $against (the note is the finer statement: the seed crosswalk aligns series CC8
// with HIPAA at category level, and notes CC8.1 as SOC 2 only). Each comes with its gap notes
// against $against (or against no framework in particular). Withdrawn requirements are no gaps.
MATCH (r:Requirement {framework: $framework})
WHERE coalesce(r.kind, '') <> 'withdrawn'
AND NOT EXISTS {
  MATCH p = (r)<-[:PART_OF*0..]-(:Requirement)-[m:MAPS_TO]-(:Requirement {framework: $against})
  WHERE m.relationship <> 'no_relationship' AND none(x IN nodes(p)[1..-1] WHERE x.kind = 'withdrawn')
}
AND (EXISTS { MATCH (r)<-[:ABOUT]-(:Gap {against: $against}) }
  OR NOT EXISTS {
    MATCH p = (r)-[:PART_OF*1..]->(:Requirement)-[m:MAPS_TO]-(:Requirement {framework: $against})
    WHERE m.relationship <> 'no_relationship' AND none(x IN nodes(p)[0..-2] WHERE x.kind = 'withdrawn')
  })
OPTIONAL MATCH (g:Gap)-[:ABOUT]->(r)
WHERE g.against = $against OR g.against IS NULL
WITH r, g ORDER BY g.source
WITH r.uid AS uid, r.id AS id, r.name AS name, r.kind AS kind, r.designation AS designation, r.sortKey AS sortKey,
     collect(CASE WHEN g IS NULL THEN NULL ELSE {against: g.against, source: g.source, note: g.note} END) AS gaps
RETURN uid, id, name, kind, designation, gaps
ORDER BY sortKey, id
