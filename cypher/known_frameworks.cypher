// Which of these framework ids the store holds.
MATCH (f:Framework) WHERE f.id IN $ids
RETURN f.id AS id
