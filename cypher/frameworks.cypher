// Frameworks with their requirement counts (all, by kind, and HIPAA designations).
MATCH (f:Framework)
OPTIONAL MATCH (r:Requirement)-[:IN]->(f)
WITH f, r.kind AS kind, r.designation AS designation, count(r) AS n
WITH f, sum(n) AS total,
     collect(CASE WHEN kind IS NULL THEN NULL ELSE {kind: kind, designation: designation, n: n} END) AS parts
RETURN f.id AS id, f.name AS name, f.version AS version, f.publisher AS publisher, f.kind AS kind, f.source AS source,
       total AS requirementCount, parts
ORDER BY f.id
