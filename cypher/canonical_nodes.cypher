// Every node but the audit trail (:Change): labels and properties (for exact store comparisons; independent of internal ids).
MATCH (n) WHERE NOT n:Change
RETURN labels(n) AS labels, properties(n) AS props
