// Waits until the eventually consistent full-text index has applied every committed update, so an
// import that returns is searchable at once.
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
