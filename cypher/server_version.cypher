// The Neo4j server's version (an external store must be 5.23 or later: CALL () { ... } subqueries).
CALL dbms.components() YIELD name, versions
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version
