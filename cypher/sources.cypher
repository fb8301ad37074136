// Every source key the crosswalk edges and the recorded gap notes cite, with how many of each.
CALL () {
  MATCH ()-[m:MAPS_TO]->()
  RETURN m.source AS source, count(*) AS mappings, 0 AS gaps
  UNION ALL
  MATCH (g:Gap)
  RETURN g.source AS source, 0 AS mappings, count(*) AS gaps
}
RETURN source, sum(mappings) AS mappings, sum(gaps) AS gaps
ORDER BY source
