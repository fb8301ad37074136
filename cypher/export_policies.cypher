MATCH (p:Policy)
OPTIONAL MATCH (p)-[:GOVERNS]->(c:Control)
WITH p, c ORDER BY c.id
RETURN properties(p) AS p, collect(c.id) AS governs
ORDER BY p.id
