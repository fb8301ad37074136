// Run once per start on the embedded system database (before Bolt can authenticate anyone):
// gives the built-in user the password kept in <data-dir>/bolt-password.
ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED
