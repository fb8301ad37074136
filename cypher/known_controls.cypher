// Which of these control ids the store holds.
MATCH (c:Control) WHERE c.id IN $ids
RETURN c.id AS id
