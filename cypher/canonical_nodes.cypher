// Every node but the audit trail (:Change) and the import ledger (:ImportBatch): labels and properties (for exact store comparisons; independent of internal ids).
MATCH (n) WHERE NOT n:Change AND NOT n:ImportBatch
RETURN labels(n) AS labels, properties(n) AS props
