// Child -> parent links of the requirements of these frameworks (for PART_OF cycle checks).
MATCH (r:Requirement)-[:PART_OF]->(p:Requirement)
WHERE r.framework IN $frameworks
RETURN r.uid AS child, p.uid AS parent
