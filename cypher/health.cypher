// Liveness of the store and what it holds (count-store lookups, constant time).
CALL () { MATCH (f:Framework) RETURN count(f) AS frameworks }
CALL () { MATCH (r:Requirement) RETURN count(r) AS requirements }
CALL () { MATCH (c:Control) RETURN count(c) AS controls }
CALL () { MATCH ()-[m:MAPS_TO]->() RETURN count(m) AS mappings }
RETURN frameworks, requirements, controls, mappings
