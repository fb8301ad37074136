// Cheap change detector for the cached coverage projection (count-store lookups).
CALL () { MATCH (r:Requirement) RETURN count(r) AS requirements }
CALL () { MATCH ()-[m:MAPS_TO]->() RETURN count(m) AS mappings }
CALL () { MATCH ()-[p:PART_OF]->() RETURN count(p) AS partOf }
RETURN requirements, mappings, partOf
