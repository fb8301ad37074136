// The schema, applied idempotently at every start: a uniqueness constraint on every key of
// PRODUCT.md section 1, lookup indexes and the full-text index the search box uses.
// Indexes come before constraints: an index is populated in the background once created, a
// constraint before its statement returns, so over an offline first load's data the slowest (the
// full-text index) is built while the constraints are.
// The full-text index is eventually consistent: Lucene updates run after the commit instead of
// inside it (a third of a requirement import's time otherwise), and imports wait for it to catch up
// (db.index.fulltext.awaitEventuallyConsistentIndexRefresh) before they report success.
CREATE FULLTEXT INDEX crossmap_search IF NOT EXISTS FOR (n:Requirement|Control|Policy) ON EACH [n.id, n.name, n.title, n.summary, n.description]
  OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE INDEX requirement_framework IF NOT EXISTS FOR (r:Requirement) ON (r.framework);
CREATE INDEX requirement_id IF NOT EXISTS FOR (r:Requirement) ON (r.id);
CREATE CONSTRAINT framework_id IF NOT EXISTS FOR (f:Framework) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT requirement_uid IF NOT EXISTS FOR (r:Requirement) REQUIRE r.uid IS UNIQUE;
CREATE CONSTRAINT control_id IF NOT EXISTS FOR (c:Control) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT policy_id IF NOT EXISTS FOR (p:Policy) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (e:Evidence) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT gap_id IF NOT EXISTS FOR (g:Gap) REQUIRE g.id IS UNIQUE;
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT import_batch_id IF NOT EXISTS FOR (l:ImportBatch) REQUIRE l.id IS UNIQUE;
