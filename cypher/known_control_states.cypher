// For bundle checks: the stored status and SATISFIES count of these controls (an import that leaves
// either out of a control must not silently change it).
MATCH (c:Control) WHERE c.id IN $ids
RETURN c.id AS id, c.status AS status, count { (c)-[:SATISFIES]->() } AS links
