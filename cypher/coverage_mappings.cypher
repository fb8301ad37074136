// Coverage projection, part 2: every crosswalk edge as stored (relationship read from `from`).
MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
RETURN a.uid AS from, b.uid AS to, m.relationship AS relationship, m.strength AS strength,
       m.source AS source, m.note AS note, m.part AS part
ORDER BY from, to, m.key
