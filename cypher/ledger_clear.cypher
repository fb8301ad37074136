// Crash-safe imports: a finished import forgets its ledger, so importing the same file again later
// applies it again (imports are idempotent) instead of skipping it.
MATCH (l:ImportBatch {import: $import}) DELETE l
