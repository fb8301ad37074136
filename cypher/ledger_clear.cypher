// Crash-safe imports: a finished import forgets its ledger, so importing the same file again later
// applies it again (imports are idempotent) instead of skipping it.
// Entries of an earlier layout named the import "<content key>/<cut>": their ids start with that.
MATCH (l:ImportBatch)
WHERE l.import = $import OR l.id STARTS WITH $import + '/'
DELETE l
