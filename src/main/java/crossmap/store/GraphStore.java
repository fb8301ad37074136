package crossmap.store;

import crossmap.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import picocli.CommandLine;

/**
 * The graph store crossmap talks to: an embedded Neo4j (default; data in a directory, Bolt on
 * loopback with authentication) or an external server. In both cases every query goes through
 * the official driver over Bolt, so the two modes share one code path above this class.
 */
public final class GraphStore implements AutoCloseable {
    public static final String BOLT_USER = "neo4j";

    private final DatabaseManagementService dbms;
    private final Driver driver;
    private final String database;
    private final String description;
    private final String boltUri;
    /** Commits to the embedded database, from any client (null: external store). */
    private final CommitLog commits;

    private GraphStore(DatabaseManagementService dbms, Driver driver, String database, String description, String boltUri) {
        this.dbms = dbms;
        this.driver = driver;
        this.database = database;
        this.description = description;
        this.boltUri = boltUri;
        if (dbms == null) {
            this.commits = null;
        } else {
            this.commits = new CommitLog();
            dbms.registerTransactionEventListener(database, commits);
        }
    }

    /**
     * The embedded database's commits, whoever made them (crossmap or a Bolt client), for caches that
     * must notice any change; null for an external store, whose commits this process cannot observe.
     */
    public CommitLog commitLog() {
        return commits;
    }

    /**
     * Present while an offline first load ({@code crossmap.bundle.BulkLoader}) has not finished,
     * and locked (an OS file lock) by the process doing it; see {@link #discardInterruptedBulkLoad}.
     */
    public static final String BULK_MARKER = "bulk-load.incomplete";

    /** The markers this process holds, by data directory (a second channel on a locked file must not be opened: closing it would drop the lock). */
    private static final Map<Path, java.nio.channels.FileChannel> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    /** The embedded Neo4j's home inside a crossmap data directory. */
    public static Path neo4jHome(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("neo4j");
    }

    /** True when the data directory holds no store yet (nothing was ever written to it). */
    public static boolean isFresh(Path dataDir) {
        return !Files.exists(neo4jHome(dataDir).resolve("data"));
    }

    /** Writes and locks the marker of a first load this process is starting; held until {@link #endBulkLoad}. */
    public static void beginBulkLoad(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            createDataDir(dir);
            Path marker = dir.resolve(BULK_MARKER);
            var ch = java.nio.channels.FileChannel.open(marker, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            if (ch.tryLock() == null) {
                ch.close();
                throw new StoreException("another crossmap process is loading " + dir);
            }
            ch.write(java.nio.ByteBuffer.wrap(("an offline first load is running here (this file is locked by its process); if the file remains "
                    + "unlocked after that process ended, the load did not finish and the store is removed when crossmap next opens it\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            ch.force(true);
            HELD.put(dir, ch);
        } catch (IOException e) {
            throw new StoreException("cannot write " + BULK_MARKER + " in " + dir + ": " + e.getMessage());
        }
    }

    /** The first load is complete: the marker goes (and with it the lock); from now on the store stays. */
    public static void endBulkLoad(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.deleteIfExists(dir.resolve(BULK_MARKER));
            var ch = HELD.remove(dir);
            if (ch != null) ch.close();
        } catch (IOException e) {
            throw new StoreException("cannot remove " + BULK_MARKER + " in " + dir + ": " + e.getMessage());
        }
    }

    /** Deletes a directory and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    /** This process gives up its first load (it failed): the marker stays, unlocked, so the next open removes the store. */
    public static void abandonBulkLoad(Path dataDir) {
        var ch = HELD.remove(dataDir.toAbsolutePath().normalize());
        try {
            if (ch != null) ch.close();
        } catch (IOException e) {
            throw new StoreException("cannot release " + BULK_MARKER + ": " + e.getMessage());
        }
    }

    /**
     * Removes the store an interrupted offline first load left behind: its marker is there and no
     * live process holds its lock (the OS drops the lock of a process that dies, SIGKILL included).
     * The data directory had no store before that load, so it has none again, and running the import
     * again redoes it. Returns whether there was one; this process's own load in progress is left
     * alone, and another live process's load is refused rather than touched.
     */
    public static boolean discardInterruptedBulkLoad(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path marker = dir.resolve(BULK_MARKER);
        if (HELD.containsKey(dir) || !Files.exists(marker)) return false;
        try (var ch = java.nio.channels.FileChannel.open(marker, java.nio.file.StandardOpenOption.WRITE)) {
            var lock = ch.tryLock();
            if (lock == null) {
                throw new StoreException("another crossmap process is loading " + dir + " for the first time; wait until it has finished");
            }
            deleteTree(neo4jHome(dir).resolve("data"));
            deleteTree(dir.resolve("bulk-load"));
            Files.delete(marker);
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // finished (and removed) meanwhile
        } catch (IOException e) {
            throw new StoreException("cannot remove the store an interrupted first load left in " + dir + ": " + e.getMessage());
        }
        return true;
    }

    /**
     * The procedures Cypher may call, as patterns (a trailing `*` matches any rest). Given to the
     * embedded store as its allowlist, and checked by the read-only console against the procedures
     * the database's own plan names: Neo4j keeps some built-in procedures (db.stats.*,
     * db.resampleIndex, ...) whatever the allowlist says.
     */
    public static final List<String> PROCEDURE_ALLOWLIST = List.of("db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.*",
            "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
            "db.index.fulltext.awaitEventuallyConsistentIndexRefresh", "db.info", "db.ping", "dbms.components");

    /** Whether a procedure name matches {@link #PROCEDURE_ALLOWLIST}. */
    public static boolean procedureAllowed(String name) {
        for (String p : PROCEDURE_ALLOWLIST) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) return true;
        }
        return false;
    }

    /** Opens the store the configuration names; a problem becomes a {@link StoreException} with a clear message. */
    public static GraphStore open(Config config, CypherFiles files) {
        return config.embedded() ? embedded(config, files) : external(config, files);
    }

    private static GraphStore external(Config config, CypherFiles files) {
        Driver driver;
        try {
            driver = GraphDatabase.driver(config.neo4jUri(), AuthTokens.basic(config.neo4jUser(), config.neo4jPassword()));
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid --neo4j-uri '" + config.neo4jUri() + "': " + e.getMessage());
        }
        try {
            driver.verifyConnectivity();
        } catch (RuntimeException e) {
            driver.close();
            throw new StoreException("cannot reach Neo4j at " + config.neo4jUri() + " as user '" + config.neo4jUser()
                    + "': " + e.getMessage());
        }
        String version = serverVersion(new Graph(driver, config.neo4jDatabase(), files));
        if (version != null && !atLeast(version, 5, 23)) {
            driver.close();
            throw new StoreException("Neo4j at " + config.neo4jUri() + " is version " + version
                    + "; crossmap needs 5.23 or later (its queries use CALL () { ... } subqueries)");
        }
        return new GraphStore(null, driver, config.neo4jDatabase(), "external Neo4j " + (version == null ? "" : version + " ")
                + "at " + config.neo4jUri() + " (database " + config.neo4jDatabase() + ")", config.neo4jUri());
    }

    /**
     * The server's kernel version, asked in crossmap's database, or null when it cannot say (the
     * procedure not allowed to this user, a database not available yet): the check is best effort,
     * and the queries that follow report any real problem.
     */
    private static String serverVersion(Graph graph) {
        try {
            List<String> rows = graph.read("server_version", Map.of(), r -> r.get("version").asString(null));
            return rows.isEmpty() ? null : rows.get(0);
        } catch (org.neo4j.driver.exceptions.Neo4jException e) {
            return null;
        }
    }

    /** Whether a version such as "5.26.3" or "2025.01.0" is at least major.minor (calendar versions count as newer). */
    static boolean atLeast(String version, int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) return true;
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    private static GraphStore embedded(Config config, CypherFiles files) {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        try {
            createDataDir(dir);
        } catch (IOException | SecurityException e) {
            throw new StoreException("data directory " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new StoreException("data directory " + dir + " is not a writable directory");
        }
        if (discardInterruptedBulkLoad(dir)) {
            org.slf4j.LoggerFactory.getLogger(GraphStore.class).warn("an interrupted first load (bulk) was found in {} and removed: the store is empty again; run that import again", dir);
        }
        String password = Secrets.readOrCreate(dir.resolve("bolt-password"), () -> randomSecret(24));
        int requestedBolt = config.boltPort();
        int boltPort = requestedBolt == -1 ? 0 : requestedBolt;
        if (requestedBolt > 0 && !portFree(config.boltHost(), requestedBolt)) {
            throw new StoreException("Bolt port " + requestedBolt + " on " + config.boltHost()
                    + " is in use (another crossmap or Neo4j?); choose another with --bolt-port or CROSSMAP_BOLT_PORT (0 = any free port)");
        }
        Path conf = dir.resolve("neo4j-settings.conf");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("dbms.security.auth_enabled", "true");
        settings.put("server.bolt.enabled", "true");
        // an unpublished Bolt port (-1) serves crossmap alone: loopback, whatever --host says
        settings.put("server.bolt.listen_address", (requestedBolt == -1 ? "127.0.0.1" : config.boltHost()) + ":" + boltPort);
        settings.put("server.bolt.tls_level", "DISABLED");
        settings.put("server.http.enabled", "false");
        settings.put("server.https.enabled", "false");
        // Safe by default for ad-hoc Cypher (STACK.md trap 5): no file URLs, an import directory
        // that holds nothing, a procedure allowlist, a per-transaction memory cap and a timeout.
        settings.put("dbms.security.allow_csv_import_from_file_urls", "false");
        settings.put("server.directories.import", dir.resolve("no-import").toString());
        settings.put("dbms.security.procedures.allowlist", String.join(",", PROCEDURE_ALLOWLIST));
        settings.put("db.memory.transaction.max", String.valueOf(config.txMemoryBytes()));
        // LOAD CSV may not reach any network address (file URLs are off above).
        settings.put("internal.dbms.cypher_ip_blocklist", "0.0.0.0/0,::/0");
        settings.put("db.transaction.timeout", "120s");
        // Timeouts are enforced by a monitor that looks at running transactions every 2 s by default, so a
        // 5 s console timeout stopped a query after anything up to 7 s; every 100 ms keeps them within a tenth of a second.
        settings.put("db.transaction.monitor.check.interval", "100ms");
        // Shut the Bolt server down in well under a second instead of ~10 s (STACK.md trap 4).
        settings.put("internal.server.bolt.connection_shutdown_wait_time", "0s");
        settings.put("internal.server.bolt.thread_pool_shutdown_wait_time", "0s");
        settings.put("dbms.usage_report.enabled", "false");
        try {
            Files.createDirectories(dir.resolve("no-import"));
            StringBuilder sb = new StringBuilder("# written by crossmap at every start; edits are overwritten\n");
            settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Files.writeString(conf, sb.toString());
        } catch (IOException e) {
            throw new StoreException("cannot write " + conf + ": " + e.getMessage());
        }
        Path home = dir.resolve("neo4j");
        // a new store (or one whose auth.ini is gone) gets the password before its system database is
        // created; Neo4j also applies auth.ini to a built-in user that still has the default password
        if (!Files.exists(home.resolve("data/databases/system")) || !Files.exists(home.resolve("data/dbms/auth.ini"))) {
            setInitialPassword(home, password);
        }
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (RuntimeException e) {
            throw new StoreException("cannot start the embedded Neo4j in " + dir + ": " + rootMessage(e)
                    + (rootMessage(e).toLowerCase().contains("lock") ? " (is another crossmap using this data directory?)" : ""));
        }
        Driver driver = null;
        try {
            GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database("neo4j");
            if (!db.isAvailable(TimeUnit.SECONDS.toMillis(60))) throw new StoreException("the embedded database did not start; its log is " + dir.resolve("neo4j/logs/debug.log"));
            var address = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT);
            String uri = "bolt://" + address.getHost() + ":" + address.getPort();
            driver = GraphDatabase.driver(uri, AuthTokens.basic(BOLT_USER, password));
            try {
                driver.verifyConnectivity();
            } catch (org.neo4j.driver.exceptions.AuthenticationException e) {
                // The password in <data-dir>/bolt-password is the user's password: someone changed it
                // through Bolt, or the store predates that file. Set it again, as the embedded admin.
                driver.close();
                driver = null;
                dbms.database("system").executeTransactionally(files.get("admin_set_bolt_password"), Map.of("pw", password));
                driver = GraphDatabase.driver(uri, AuthTokens.basic(BOLT_USER, password));
                driver.verifyConnectivity();
            }
            String desc = "embedded Neo4j 5.26 in " + dir + (requestedBolt == -1 ? " (Bolt not published)" : ", Bolt " + uri + " (user neo4j, password in " + dir.resolve("bolt-password") + ")");
            return new GraphStore(dbms, driver, "neo4j", desc, uri);
        } catch (RuntimeException e) {
            if (driver != null) driver.close();
            dbms.shutdown();
            if (e instanceof StoreException se) throw se;
            throw new StoreException("embedded Neo4j started but cannot be queried: " + rootMessage(e));
        }
    }

    /**
     * Gives the built-in user its password before the DBMS first starts, the way {@code neo4j-admin
     * dbms set-initial-password} does (an {@code auth.ini} the system database reads once, when it
     * is created): an administration command through Cypher costs 2–3 s of a cold start.
     */
    private static void setInitialPassword(Path home, String password) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), out, out,
                    InputStream.nullInputStream(), new DefaultFileSystemAbstraction());
            CommandLine cmd = new CommandLine(new SetInitialPasswordCommand(ctx))
                    .setExpandAtFiles(false)
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(out, true))
                    .setExecutionExceptionHandler((ex, line, parsed) -> {
                        out.println(rootMessage(ex));
                        return 1;
                    });
            // "--": the password is never read as an option, whatever the file holds
            rc = cmd.execute("--", password);
        }
        if (rc != 0) throw new StoreException("cannot set the embedded Neo4j's initial password in " + home + ": "
                + log.toString(StandardCharsets.UTF_8).strip());
        try {
            // a salted hash of a random password, but nobody else's business either
            Files.setPosixFilePermissions(home.resolve("data/dbms/auth.ini"), PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data directory's own protection applies
        }
    }

    /**
     * Creates the data directory, when it does not exist, readable by its owner only: it holds the
     * store (evidence, control status, who changed what) and the secrets. An existing directory keeps
     * the permissions its owner gave it.
     */
    static void createDataDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (dir.getParent() != null) Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir); // not a POSIX file system
        }
    }

    /** The message of the innermost cause: what actually went wrong, without the layers' wording. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static boolean portFree(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Driver driver() {
        return driver;
    }

    public String database() {
        return database;
    }

    public String description() {
        return description;
    }

    public String boltUri() {
        return boltUri;
    }

    @Override
    public void close() {
        driver.close();
        if (dbms != null) dbms.shutdown();
    }

    /** The store cannot be used; the message says why and what to do. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message) {
            super(message);
        }
    }

    /** Small secrets kept in the data directory, readable by their owner only. */
    public static final class Secrets {
        public static String readOrCreate(Path file, java.util.function.Supplier<String> make) {
            try {
                if (Files.exists(file)) {
                    String kept = Files.readString(file).trim();
                    if (!kept.isEmpty()) return kept;
                    Files.delete(file); // an empty file (a crash before it was written, a `touch`) is no secret: make one
                }
                // the data directory may not exist yet (an external Neo4j: crossmap keeps only its token there)
                if (file.getParent() != null) createDataDir(file.getParent());
                String s = make.get();
                try {
                    // readable only by its owner from the moment it exists
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the file keeps the directory's default permissions
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process started at the same moment and wrote it: use that one
                    String theirs = Files.readString(file).trim();
                    if (!theirs.isEmpty()) return theirs;
                }
                Files.writeString(file, s + "\n");
                return s;
            } catch (IOException e) {
                throw new StoreException("cannot read or write " + file + ": " + e.getMessage());
            }
        }
    }
}
