package crossmap.bench;

import crossmap.bundle.Bundle;
import crossmap.coverage.Level;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * The relational peer of the impact benchmark: the same coverage-impact question answered by a
 * PostgreSQL server with recursive SQL, as a relational GRC back end would, on a throw-away cluster
 * this class creates and removes.
 *
 * <p>Schema: requirements (with their PART_OF depth), crosswalk edges, controls and SATISFIES rows
 * under integer surrogate keys, and two tables derived at load: {@code carry}, for each requirement
 * the neighbours coverage can arrive from over one crosswalk edge and the level it arrives at (the
 * table of {@link Level#edge} applied in both directions, parallel edges folded to their best level,
 * edges that carry nothing dropped); and {@code support_step}, the steps support travels: up PART_OF
 * (no crossing) or over a carrying edge (one crossing).
 *
 * <p>Impact works like the graph engine's: a failed set can only change requirements whose support
 * includes one of the failed controls, and support is reachability (climb PART_OF, cross at most
 * `hops` carrying edges, climb again). So one PL/pgSQL call per question finds that region with a
 * recursive CTE, recomputes the stage levels only inside it (set-based: one INSERT ... SELECT per
 * crosswalk round, one UPDATE per depth for the roll-up), and reads the levels of everything outside
 * the region from {@code baseline}, the stage levels with nothing failed that {@link #prepare} builds
 * with the very same statements run over the whole graph.
 *
 * <p>Its answers are checked at every question of the benchmark against crossmap's engine and
 * against {@link ArrayBound}, an independent in-memory implementation; a mismatch fails the run.
 */
public final class PostgresPeer implements AutoCloseable {
    private static final String USER = "crossmap";
    private static final String DATABASE = "crossmap";

    /**
     * Server settings appended to postgresql.conf. fsync and full_page_writes are off because the
     * cluster is disposable benchmark scratch: durability would only time the disk. (Commits stay
     * synchronous, which costs nothing without fsync: an asynchronous commit would keep VACUUM from
     * marking freshly loaded pages all-visible, and so the covering indexes from index-only scans.)
     * JIT is off because it costs tens of milliseconds per large statement and these questions are
     * short; autovacuum is off because the tables are static after {@link #load}, which vacuums and
     * analyzes them itself (a background vacuum would only add noise to the timings).
     */
    private static final String SETTINGS = """

            # crossmap benchmark peer (disposable cluster)
            listen_addresses = '127.0.0.1'
            port = %d
            unix_socket_directories = '%s'
            fsync = off
            full_page_writes = off
            jit = off
            autovacuum = off
            shared_buffers = 256MB
            temp_buffers = 64MB
            work_mem = 64MB
            """;

    private static final String SCHEMA = """
            CREATE TABLE requirement (
                id     int PRIMARY KEY,
                uid    text NOT NULL UNIQUE,
                parent int,
                depth  smallint NOT NULL      -- PART_OF steps up to the root; roll-up runs deepest first
            );
            CREATE TABLE crosswalk (src int NOT NULL, dst int NOT NULL, relationship text NOT NULL);
            CREATE TABLE control (id int PRIMARY KEY, cid text NOT NULL UNIQUE, operating boolean NOT NULL);
            CREATE TABLE satisfies (control int NOT NULL, req int NOT NULL, lvl smallint NOT NULL);
            -- the level a crosswalk relationship passes on, along (from -> to) and against (to -> from)
            CREATE TABLE edge_level (relationship text, along boolean, lvl smallint NOT NULL, PRIMARY KEY (relationship, along));
            CREATE TABLE baseline (stage smallint, req int, lvl smallint NOT NULL, PRIMARY KEY (stage, req) INCLUDE (lvl));
            """;

    private static final String DERIVED = """
            ALTER TABLE requirement ADD FOREIGN KEY (parent) REFERENCES requirement;
            ALTER TABLE crosswalk ADD FOREIGN KEY (src) REFERENCES requirement, ADD FOREIGN KEY (dst) REFERENCES requirement;
            ALTER TABLE satisfies ADD FOREIGN KEY (control) REFERENCES control, ADD FOREIGN KEY (req) REFERENCES requirement;
            -- covering indexes: the hot lookups are answered from the index alone (index-only scans)
            CREATE INDEX ON requirement (parent) INCLUDE (id);
            CREATE INDEX ON satisfies (control) INCLUDE (req);
            CREATE INDEX ON satisfies (req) INCLUDE (control, lvl);
            -- dst receives up to lvl from src over one crosswalk edge
            CREATE TABLE carry AS
                SELECT dst, src, max(lvl) AS lvl
                FROM (SELECT x.dst, x.src, e.lvl FROM crosswalk x JOIN edge_level e ON e.relationship = x.relationship AND e.along
                      UNION ALL
                      SELECT x.src, x.dst, e.lvl FROM crosswalk x JOIN edge_level e ON e.relationship = x.relationship AND NOT e.along) a
                WHERE lvl > 0
                GROUP BY dst, src;
            ALTER TABLE carry ADD PRIMARY KEY (dst, src) INCLUDE (lvl);
            -- one step of support reachability: up PART_OF (free) or over a carrying edge (one crossing)
            CREATE TABLE support_step AS
                SELECT id AS src, parent AS dst, 0 AS crossings FROM requirement WHERE parent IS NOT NULL
                UNION ALL
                SELECT src, dst, 1 FROM carry;
            CREATE INDEX ON support_step (src) INCLUDE (dst, crossings);
            """;

    /**
     * The stage levels, set-based, for the requirements in the session's temp table {@code region},
     * into its temp table {@code stage_level}; a requirement outside the region is read from
     * {@code baseline}. Each region row records the fewest crosswalk edges the failure needs to reach
     * it, and a requirement reached only over k edges keeps its baseline level at every stage before
     * k (a stage-t level depends only on what reaches it within t edges), so stage t recomputes just
     * the rows with crossings <= t. For prepare the region is the whole graph at crossings 0, and
     * baseline is never read.
     *
     * <p>plan_cache_mode: the region is a dozen requirements in one call and the whole graph in the
     * next, so a plan cached for one size can be badly wrong for the other; planning afresh is cheap.
     */
    private static final String FUNCTIONS = """
            CREATE FUNCTION roll_up(st int) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
            BEGIN
                -- deepest parents first, so that every parent reads its children's rolled-up levels
                -- (an empty region, max null, has nothing to roll up: the loop from -1 down to 0 is empty)
                FOR d IN REVERSE (SELECT coalesce(max(depth), -1) FROM region) .. 0 LOOP
                    UPDATE stage_level p SET lvl = x.up
                    FROM (SELECT k.parent, CASE WHEN min(k.lvl) = 2 THEN 2 WHEN max(k.lvl) > 0 THEN 1 ELSE 0 END AS up
                          FROM (SELECT q.parent, coalesce(n.lvl, (SELECT b.lvl FROM baseline b WHERE b.stage = st AND b.req = q.id)) AS lvl
                                FROM region g
                                JOIN requirement q ON q.parent = g.req
                                LEFT JOIN stage_level n ON n.stage = st AND n.req = q.id
                                WHERE g.depth = d AND g.crossings <= st) k
                          GROUP BY k.parent) x
                    WHERE p.stage = st AND p.req = x.parent AND x.up > p.lvl;
                END LOOP;
            END $$;

            CREATE FUNCTION stage_levels(failed int[], hops int) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
            BEGIN
                INSERT INTO stage_level (stage, req, lvl)
                SELECT 0, g.req, coalesce((SELECT max(s.lvl) FROM satisfies s JOIN control c ON c.id = s.control
                                           WHERE s.req = g.req AND c.operating AND c.id <> ALL (failed)), 0)
                FROM region g
                WHERE g.crossings = 0;
                PERFORM roll_up(0);
                FOR t IN 1 .. hops LOOP
                    -- the requirements first reached at this stage join in with their unchanged levels
                    INSERT INTO stage_level (stage, req, lvl)
                    SELECT t - 1, g.req, b.lvl FROM region g JOIN baseline b ON b.stage = t - 1 AND b.req = g.req
                    WHERE g.crossings = t;
                    INSERT INTO stage_level (stage, req, lvl)
                    SELECT t, w.req, greatest(w.lvl, coalesce(max(least(coalesce(n.lvl,
                                (SELECT b.lvl FROM baseline b WHERE b.stage = t - 1 AND b.req = c.src)), c.lvl)), 0))
                    FROM stage_level w
                    LEFT JOIN carry c ON c.dst = w.req
                    LEFT JOIN stage_level n ON n.stage = t - 1 AND n.req = c.src
                    WHERE w.stage = t - 1
                    GROUP BY w.req, w.lvl;
                    PERFORM roll_up(t);
                END LOOP;
            END $$;

            CREATE FUNCTION prepare_baseline(hops int) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO region (req, depth, crossings) SELECT id, depth, 0 FROM requirement;
                PERFORM stage_levels('{}', hops);
                TRUNCATE baseline;
                INSERT INTO baseline (stage, req, lvl) SELECT stage, req, lvl FROM stage_level;
            END $$;

            CREATE FUNCTION impact(failed_ids text[], hops int) RETURNS TABLE (uid text, lost boolean)
            LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
            DECLARE
                -- a control that is not operating supports nothing, so failing it changes nothing
                failed int[] := ARRAY(SELECT c.id FROM control c WHERE c.cid = ANY (failed_ids) AND c.operating);
            BEGIN
                -- the region: what the failed controls satisfy, then support steps in any order,
                -- at most hops crossings; a requirement counts with the fewest crossings that reach it
                INSERT INTO region (req, depth, crossings)
                WITH RECURSIVE reach (req, crossings) AS (
                    SELECT s.req, 0 FROM satisfies s WHERE s.control = ANY (failed)
                  UNION
                    SELECT st.dst, r.crossings + st.crossings
                    FROM reach r JOIN support_step st ON st.src = r.req
                    WHERE r.crossings + st.crossings <= hops
                )
                SELECT q.id, q.depth, r.crossings
                FROM (SELECT req, min(crossings) AS crossings FROM reach GROUP BY req) r
                JOIN requirement q ON q.id = r.req;
                -- planner statistics for this question's region (temp tables have none by themselves)
                ANALYZE region;
                PERFORM stage_levels(failed, hops);
                RETURN QUERY
                SELECT q.uid, w.lvl = 0
                FROM stage_level w
                JOIN baseline b ON b.stage = w.stage AND b.req = w.req
                JOIN requirement q ON q.id = w.req
                WHERE w.stage = hops AND ((b.lvl > 0 AND w.lvl = 0) OR (b.lvl = 2 AND w.lvl = 1));
            END $$;
            """;

    /** Per-question scratch in the session: one call's rows vanish when its transaction commits. */
    private static final String SCRATCH = """
            CREATE TEMP TABLE region (req int PRIMARY KEY, depth smallint NOT NULL, crossings smallint NOT NULL) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE stage_level (stage smallint, req int, lvl smallint NOT NULL, PRIMARY KEY (stage, req)) ON COMMIT DELETE ROWS;
            """;

    private final Path bin;
    private final Path dir;
    private final boolean asPostgres;
    private Connection db;
    private PreparedStatement impactQuery;
    /** The deepest stage {@code baseline} holds; stages do not depend on hops, so it serves any hops up to it. */
    private int prepared = -1;

    private PostgresPeer(Path bin, Path dir, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgres = asPostgres;
    }

    public record Impact(List<String> lost, List<String> degraded) {}

    /**
     * initdb a fresh cluster in a new temp dir under `work`, start it on 127.0.0.1 at a free port (its
     * unix socket inside the temp dir), create a database and connect. As root, the cluster is owned
     * and run by the postgres user (initdb refuses root).
     */
    public static PostgresPeer start(Path work) {
        Path bin = binaries();
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        PostgresPeer peer = null;
        try {
            Files.createDirectories(work);
            Path dir = Files.createTempDirectory(work.toAbsolutePath(), "postgres-peer-");
            peer = new PostgresPeer(bin, dir, asPostgres);
            Path data = dir.resolve("data");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            peer.handOver(dir);
            peer.handOver(pwfile);
            // --no-sync: nothing of a scratch cluster needs to survive a crash
            peer.run("initdb", "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--locale=C", "--no-sync");
            Files.delete(pwfile);
            int port = freePort();
            Files.writeString(data.resolve("postgresql.conf"), SETTINGS.formatted(port, dir.toString().replace("'", "''")),
                    StandardOpenOption.APPEND);
            peer.run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start");
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/";
            try (Connection admin = DriverManager.getConnection(url + "postgres", USER, password);
                 Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
            peer.db = DriverManager.getConnection(url + DATABASE, USER, password);
            return peer;
        } catch (IOException | SQLException | RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("could not start PostgreSQL from " + bin + ": " + e.getMessage(), e);
            if (peer != null) {
                try {
                    peer.close();
                } catch (RuntimeException c) {
                    failure.addSuppressed(c);
                }
            }
            throw failure;
        }
    }

    /** "PostgreSQL 15.x". */
    public String version() {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            String[] words = rs.getString(1).split(" ");
            return words[0] + " " + words[1];
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Creates the schema and loads the bundle with COPY (surrogate keys: a requirement's and a
     * control's position in the bundle); returns the bundle rows loaded (requirements, crosswalk
     * edges, controls, SATISFIES).
     */
    public long load(Bundle b) {
        List<Bundle.Requirement> reqs = b.requirements();
        Map<String, Integer> idOf = new HashMap<>();
        for (int i = 0; i < reqs.size(); i++) idOf.put(reqs.get(i).uid(), i);
        int[] parent = new int[reqs.size()];
        for (int i = 0; i < reqs.size(); i++) {
            Bundle.Requirement r = reqs.get(i);
            parent[i] = r.parent() == null ? -1 : id(idOf, Bundle.uid(r.framework(), r.parent()));
        }
        StringBuilder requirements = new StringBuilder();
        for (int i = 0; i < reqs.size(); i++) {
            int depth = 0;
            for (int at = parent[i]; at >= 0; at = parent[at]) {
                if (++depth > reqs.size()) throw new IllegalArgumentException("PART_OF cycle through " + reqs.get(i).uid());
            }
            requirements.append(i).append(',').append(quote(reqs.get(i).uid())).append(',')
                    .append(parent[i] < 0 ? "" : String.valueOf(parent[i])).append(',').append(depth).append('\n');
        }
        StringBuilder crosswalk = new StringBuilder();
        for (Bundle.Mapping m : b.mappings()) {
            crosswalk.append(id(idOf, m.from().uid())).append(',').append(id(idOf, m.to().uid())).append(',')
                    .append(quote(m.relationship())).append('\n');
        }
        StringBuilder controls = new StringBuilder();
        StringBuilder satisfies = new StringBuilder();
        for (int c = 0; c < b.controls().size(); c++) {
            Bundle.Control ctl = b.controls().get(c);
            controls.append(c).append(',').append(quote(ctl.id())).append(',').append("operating".equals(ctl.status())).append('\n');
            for (Bundle.Satisfies s : ctl.satisfies()) {
                satisfies.append(c).append(',').append(id(idOf, s.uid())).append(',').append(Level.of(s.strength())).append('\n');
            }
        }
        StringBuilder edgeLevels = new StringBuilder();
        for (String rel : Bundle.RELATIONSHIPS) {
            for (boolean along : new boolean[] {true, false}) {
                edgeLevels.append(quote(rel)).append(',').append(along).append(',').append(Level.edge(rel, along)).append('\n');
            }
        }
        try (Statement st = db.createStatement()) {
            st.execute(SCHEMA);
            copy("edge_level (relationship, along, lvl)", edgeLevels);
            long loaded = copy("requirement (id, uid, parent, depth)", requirements)
                    + copy("crosswalk (src, dst, relationship)", crosswalk)
                    + copy("control (id, cid, operating)", controls)
                    + copy("satisfies (control, req, lvl)", satisfies);
            st.execute(DERIVED);
            // all-visible pages for index-only scans, and statistics for the planner
            st.execute("VACUUM ANALYZE");
            st.execute(FUNCTIONS);
            st.execute(SCRATCH);
            impactQuery = db.prepareStatement("SELECT uid, lost FROM impact(?, ?)");
            prepared = -1;
            return loaded;
        } catch (SQLException | IOException e) {
            throw failure(e);
        }
    }

    /** Builds {@code baseline}: the stage levels 0..hops with nothing failed. */
    public void prepare(int hops) {
        if (hops <= prepared) return;
        try (Statement st = db.createStatement()) {
            st.execute("SELECT prepare_baseline(" + hops + ")");
            st.execute("VACUUM ANALYZE baseline"); // as after load: index-only scans, statistics
            prepared = hops;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The impact of failing these controls at this hops: lost and degraded uids, sorted. */
    public Impact impact(List<String> failedControlIds, int hops) {
        if (hops < 0) throw new IllegalArgumentException("hops must be >= 0, not " + hops);
        prepare(hops);
        List<String> lost = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        try {
            impactQuery.setArray(1, db.createArrayOf("text", failedControlIds.toArray()));
            impactQuery.setInt(2, hops);
            try (ResultSet rs = impactQuery.executeQuery()) {
                while (rs.next()) (rs.getBoolean(2) ? lost : degraded).add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        Collections.sort(lost);
        Collections.sort(degraded);
        return new Impact(lost, degraded);
    }

    /** Stops the server (immediate: nothing in it is worth a checkpoint) and deletes the temp dir. */
    @Override
    public void close() {
        try {
            if (db != null) db.close();
        } catch (SQLException e) {
            // the server goes down next anyway
        }
        db = null;
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (IOException | RuntimeException e) {
                System.err.println("PostgresPeer: could not stop the server in " + data + ": " + e.getMessage());
            }
        }
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The newest installed server's bin directory (Debian: /usr/lib/postgresql/VERSION/bin). */
    private static Path binaries() {
        Path lib = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL is not installed (no " + lib + "/*/bin/initdb): install it: apt-get install postgresql");
        }
    }

    /** As root, gives a path to the postgres user, who runs the cluster. */
    private void handOver(Path p) throws IOException {
        if (!asPostgres) return;
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(p, users.lookupPrincipalByName("postgres"));
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("as root, the cluster is run by the postgres user, and there is none:"
                    + " install PostgreSQL from the Debian package (apt-get install postgresql), which creates it");
        }
    }

    /** Runs a PostgreSQL program (as the postgres user when we are root), failing with its output. */
    private void run(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(Arrays.asList(args));
        // output to a file, not a pipe: the server pg_ctl starts must not hold our pipe open
        Path out = Files.createTempFile(dir, program + "-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(program + " interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private long copy(String table, CharSequence csv) throws SQLException, IOException {
        return db.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
    }

    private static int id(Map<String, Integer> idOf, String uid) {
        Integer i = idOf.get(uid);
        if (i == null) throw new IllegalArgumentException("unknown requirement " + uid);
        return i;
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static IllegalStateException failure(Exception e) {
        return new IllegalStateException("PostgreSQL peer: " + e.getMessage(), e);
    }
}
