// Full-text search over requirements, controls and policies ($q is a Lucene query built from the
// user's words), plus exact id / uid prefix matches ranked first.
CALL () {
  MATCH (n:Requirement) WHERE n.id STARTS WITH $raw OR n.uid STARTS WITH $raw
  RETURN n, 100.0 AS score
  UNION
  MATCH (n:Control) WHERE toUpper(n.id) STARTS WITH toUpper($raw)
  RETURN n, 100.0 AS score
  UNION
  CALL db.index.fulltext.queryNodes('crossmap_search', $q) YIELD node, score
  RETURN node AS n, score
}
WITH n, max(score) AS score
RETURN CASE WHEN n:Requirement THEN 'requirement' WHEN n:Control THEN 'control' ELSE 'policy' END AS type,
       coalesce(n.uid, n.id) AS key, n.id AS id, n.framework AS framework, coalesce(n.name, n.title) AS name,
       n.kind AS kind, n.designation AS designation, n.status AS status, score
ORDER BY score DESC, size(coalesce(n.id, '')), key
LIMIT $limit
