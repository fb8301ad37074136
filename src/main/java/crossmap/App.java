package crossmap;

import crossmap.bundle.BundleStore;
import crossmap.catalog.CatalogService;
import crossmap.coverage.CoverageService;
import crossmap.dataset.DatasetLoader;
import crossmap.http.Auth;
import crossmap.http.Routes;
import crossmap.http.Server;
import crossmap.query.QueryService;
import crossmap.store.CypherFiles;
import crossmap.store.Graph;
import crossmap.store.GraphStore;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: configuration -> store -> driver -> services -> routes. {@code main} and the tests
 * build the application through {@link #start}.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** Every query file the application uses; all are loaded (and so checked) at start-up. */
    public static final List<String> QUERIES = List.of(
            "import_frameworks", "import_requirements", "import_requirement_parents", "import_mappings", "import_controls",
            "import_policies", "import_evidence", "import_gaps", "known_frameworks", "known_requirements",
            "known_requirement_ids", "known_control_states", "known_parents", "export_frameworks", "export_requirements",
            "export_mappings", "export_controls", "export_policies", "export_evidence", "export_gaps", "canonical_nodes",
            "canonical_relationships", "frameworks", "framework_requirements", "framework_exists", "requirement", "crosswalk",
            "controls", "control", "search", "graph_focus", "graph_neighbours", "graph_nodes", "health", "store_is_empty",
            "coverage_requirements", "coverage_mappings", "coverage_controls", "coverage_fingerprint", "unmapped_against",
            "gap_notes", "set_control_status", "record_change", "changes", "ledger_has_batch", "ledger_record_batch", "ledger_clear", "fulltext_await",
            "await_indexes", "server_version", "coverage_gaps", "coverage_rule_direct", "coverage_rule_rollup",
            "coverage_rule_crossing", "sources");

    private final GraphStore store;
    private final Javalin http;
    private final Graph graph;
    private final String token;
    private final Services services;

    private App(Services services, Javalin http, String token) {
        this.services = services;
        this.store = services.store();
        this.http = http;
        this.graph = services.graph();
        this.token = token;
    }

    /** The store and the services, without HTTP: what the server and the command line share. */
    public record Services(GraphStore store, Graph graph, BundleStore bundles, CatalogService catalog, CoverageService coverage,
                           DatasetLoader dataset, QueryService queries) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    /** Opens the store, applies the schema and loads the built-in dataset into an empty store. */
    public static Services open(Config config) {
        CypherFiles files = new CypherFiles();
        QUERIES.forEach(files::get);
        files.get("admin_set_bolt_password"); // run by the embedded store on the system database
        String schema = files.get("schema");
        GraphStore store = GraphStore.open(config, files);
        try {
            Graph graph = new Graph(store.driver(), store.database(), files);
            for (String statement : CypherFiles.statements(schema)) graph.schema(statement);
            BundleStore bundles = new BundleStore(graph);
            CatalogService catalog = new CatalogService(graph);
            DatasetLoader dataset = new DatasetLoader(bundles);
            if (config.loadDataset() && catalog.empty()) {
                LOG.info("empty store: loading the built-in dataset");
                dataset.load(DatasetLoader.change("crossmap", "first start", "loaded the built-in dataset into an empty store"));
            }
            return new Services(store, graph, bundles, catalog, new CoverageService(graph, store.commitLog(), config.rulesTimeout()), dataset,
                    new QueryService(graph, config.queryTimeout(), config.rowCap(), config.maxQueryChars(), config.maxConsoleQueries()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens the services and serves HTTP. */
    public static App start(Config config) {
        Services s = open(config);
        try {
            String token = token(config);
            Auth auth = new Auth(token);
            Routes routes = new Routes(s.graph(), s.catalog(), s.coverage(), s.bundles(), s.dataset(), auth, s.queries(),
                    s.store().description(), config.openConsole());
            Javalin http = Server.create(config, routes, auth);
            http.start();
            Thread warm = new Thread(() -> {
                long t0 = System.nanoTime();
                try {
                    int n = s.coverage().warm();
                    LOG.info("coverage inputs read: {} requirements in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
                } catch (RuntimeException e) {
                    LOG.warn("coverage inputs not read ahead ({}); the first question will read them", e.getMessage());
                }
            }, "crossmap-warm-up");
            warm.setDaemon(true);
            warm.start();
            return new App(s, http, token);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String token(Config config) {
        if (config.token() != null) return config.token();
        Path file = config.dataDir().toAbsolutePath().normalize().resolve("token");
        boolean existed = Files.exists(file);
        String t = GraphStore.Secrets.readOrCreate(file, () -> GraphStore.randomSecret(24));
        if (!existed) {
            LOG.info("generated a write token (printed once; kept in {} readable only by you): {}", file, t);
        }
        return t;
    }

    public int port() {
        return http.port();
    }

    public Graph graph() {
        return graph;
    }

    public GraphStore store() {
        return store;
    }

    public String token() {
        return token;
    }

    public BundleStore bundles() {
        return services.bundles();
    }

    /** The services the server runs on (the same instances its routes use). */
    public Services services() {
        return services;
    }

    @Override
    public void close() {
        http.stop();
        store.close();
    }
}
