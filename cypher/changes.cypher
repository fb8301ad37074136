// The audit trail, newest first.
MATCH (c:Change)
RETURN c.id AS id, toString(c.at) AS at, c.actor AS actor, c.client AS client, c.action AS action,
       c.target AS target, c.detail AS detail
ORDER BY c.at DESC
LIMIT $limit
