// For requirement ids, the frameworks holding a requirement with that id.
MATCH (r:Requirement) WHERE r.id IN $ids
RETURN r.id AS id, collect(r.framework) AS frameworks
