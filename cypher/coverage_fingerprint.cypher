// Change detector for the cached coverage inputs when crossmap cannot observe commits itself
// (an external Neo4j): count-store lookups only. Every write crossmap makes also records a
// :Change, so a status change made by another crossmap on the same database changes the counts.
CALL () { MATCH (r:Requirement) RETURN count(r) AS requirements }
CALL () { MATCH ()-[m:MAPS_TO]->() RETURN count(m) AS mappings }
CALL () { MATCH ()-[p:PART_OF]->() RETURN count(p) AS partOf }
CALL () { MATCH (c:Control) RETURN count(c) AS controls }
CALL () { MATCH ()-[s:SATISFIES]->() RETURN count(s) AS satisfies }
CALL () { MATCH (e:Evidence) RETURN count(e) AS evidence }
CALL () { MATCH (c:Change) RETURN count(c) AS changes }
RETURN [requirements, mappings, partOf, controls, satisfies, evidence, changes] AS counts
