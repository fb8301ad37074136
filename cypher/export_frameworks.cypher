MATCH (f:Framework) RETURN properties(f) AS f ORDER BY f.id
