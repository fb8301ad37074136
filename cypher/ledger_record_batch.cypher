// Crash-safe imports: records a batch in the ledger, in the same transaction as the batch itself.
CREATE (:ImportBatch {id: $id, import: $import, step: $step, rows: $rows, at: datetime()})
