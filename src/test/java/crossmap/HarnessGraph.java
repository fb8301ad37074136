package crossmap;

import crossmap.bundle.BundleStore;
import crossmap.store.CommitLog;
import crossmap.store.CypherFiles;
import crossmap.store.Graph;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A neo4j-harness in-process database shared by the store-level tests of this JVM, reached through
 * the official driver over Bolt exactly as crossmap reaches any store, with crossmap's schema applied.
 * {@link #wipe()} empties it between tests.
 */
public final class HarnessGraph {
    private static HarnessGraph instance;

    public final Neo4j neo4j;
    public final Driver driver;
    public final Graph graph;
    public final BundleStore bundles;
    /** Commits, observed as crossmap's embedded store observes them. */
    public final CommitLog commits = new CommitLog();

    private HarnessGraph() {
        // timeouts enforced every 100 ms, as crossmap's embedded store sets it (GraphStore), not Neo4j's default 2 s
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer()
                .withConfig(org.neo4j.configuration.GraphDatabaseSettings.transaction_monitor_check_interval, java.time.Duration.ofMillis(100))
                .build();
        driver = GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none());
        graph = new Graph(driver, "neo4j", new CypherFiles());
        for (String s : CypherFiles.statements(graph.query("schema"))) graph.schema(s);
        bundles = new BundleStore(graph);
        neo4j.databaseManagementService().registerTransactionEventListener("neo4j", commits);
    }

    public static synchronized HarnessGraph get() {
        if (instance == null) {
            instance = new HarnessGraph();
            HarnessGraph h = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                h.driver.close();
                h.neo4j.close();
            }));
        }
        return instance;
    }

    /** Deletes every node and relationship (the schema stays). */
    public HarnessGraph wipe() {
        try (Session s = driver.session()) {
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume();
        }
        return this;
    }
}
