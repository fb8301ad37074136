// Which of these control ids the store holds, with their status and SATISFIES count: bundle checks
// use it for dangling references, and so that an import leaving a control's status or links out
// cannot silently change it.
MATCH (c:Control) WHERE c.id IN $ids
RETURN c.id AS id, c.status AS status, count { (c)-[:SATISFIES]->() } AS links
