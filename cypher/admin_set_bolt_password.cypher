// Run on the embedded system database when the password in <data-dir>/bolt-password does not
// authenticate (a new store gets it before its first start, through auth.ini; see GraphStore):
// gives the built-in user that password again.
ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED
