// Coverage inputs (PRODUCT.md section 2, steps 1-2): each control's status, whether it has
// evidence valid on $asOf (validFrom defaults to collectedOn; no validUntil = never expires;
// with no $asOf evidence is not consulted), and the requirements it satisfies with their strength.
MATCH (c:Control)
OPTIONAL MATCH (c)-[s:SATISFIES]->(r:Requirement)
WITH c, collect(CASE WHEN r IS NULL THEN NULL ELSE {uid: r.uid, strength: coalesce(s.strength, 'full')} END) AS satisfies
RETURN c.id AS id, c.name AS name, c.status AS status,
       $asOf IS NULL OR EXISTS {
         MATCH (e:Evidence)-[:SUPPORTS]->(c)
         WHERE coalesce(e.validFrom, e.collectedOn) <= $asOf AND (e.validUntil IS NULL OR $asOf <= e.validUntil)
       } AS evidenced,
       satisfies
ORDER BY c.id
