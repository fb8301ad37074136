// The audit trail: one Change node per write, in the same transaction as the write.
CREATE (c:Change {id: randomUUID(), at: datetime(), actor: $actor, client: $client, action: $action,
                  target: $target, detail: $detail})
RETURN c.id AS id
