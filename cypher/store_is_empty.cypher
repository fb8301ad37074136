// True when no framework is loaded yet (first start: load the built-in dataset).
OPTIONAL MATCH (f:Framework) WITH f LIMIT 1 RETURN f IS NULL AS empty
