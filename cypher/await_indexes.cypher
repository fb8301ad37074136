// Waits (up to 10 minutes) until every index is online: after an offline first load the schema's
// constraints and indexes are built over data that is already there.
CALL db.awaitIndexes(600)
