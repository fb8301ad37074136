package crossmap;

import crossmap.store.GraphStore;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: parse configuration, start the app, report where it listens; errors as one clear line. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        if (crossmap.cli.Cli.isCommand(list)) {
            System.exit(new crossmap.cli.Cli(System.out, System.err).run(list, System.getenv()));
            return;
        }
        if (!list.isEmpty() && list.get(0).equals("serve")) list = list.subList(1, list.size());
        if (list.contains("--help") || list.contains("-h")) {
            System.out.print(crossmap.cli.Cli.usage("serve"));
            return;
        }
        App app;
        Config config;
        try {
            config = Config.fromArgs(list, System.getenv());
        } catch (Config.ConfigException e) {
            System.err.println("crossmap: " + e.getMessage());
            System.exit(crossmap.cli.Cli.USAGE);
            return;
        }
        try {
            if (!isLoopback(config.host())) {
                LOG.warn("HTTP listening on {} (not loopback): reachable from other machines, and answering to any host name", config.host());
            }
            if (config.embedded() && config.boltPort() != -1 && !isLoopback(config.boltHost())) {
                LOG.warn("Bolt listening on {} (not loopback): reachable from other machines, without TLS", config.boltHost());
            }
            LOG.info("crossmap starting: HTTP on http://{}:{}/, store: {}", config.host(), config.port(),
                    config.embedded() ? "embedded Neo4j in " + config.dataDir().toAbsolutePath().normalize()
                            + (config.boltPort() == -1 ? "" : ", Bolt on " + config.boltHost() + ":" + config.boltPort())
                            : "external Neo4j at " + config.neo4jUri());
            // a port in use is found before the store is created and the dataset loaded, not after
            if (config.port() != 0) {
                try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                    probe.bind(new java.net.InetSocketAddress(config.host(), config.port()));
                } catch (java.io.IOException e) {
                    throw new io.javalin.util.JavalinBindException("port " + config.port() + " is in use", e);
                }
            }
            app = App.start(config);
            LOG.info("crossmap HTTP on http://{}:{}/", config.host(), app.port());
            LOG.info("store: {}", app.store().description());
        } catch (GraphStore.StoreException | org.neo4j.driver.exceptions.Neo4jException e) {
            // the exit codes of the command line: the store is unavailable (or failed while crossmap set it up)
            System.err.println("crossmap: " + (e instanceof GraphStore.StoreException ? "" : "the store failed: ") + e.getMessage());
            System.exit(crossmap.cli.Cli.STORE);
            return;
        } catch (io.javalin.util.JavalinBindException e) {
            // Javalin words every bind failure as a port in use; the cause says which it was
            System.err.println("crossmap: cannot listen on " + config.host() + ":" + config.port() + " (" + GraphStore.rootMessage(e)
                    + "); choose another with --host/--port or CROSSMAP_HOST/CROSSMAP_PORT (port 0 = any free port)");
            System.exit(crossmap.cli.Cli.USAGE);
            return;
        }
        App running = app;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "crossmap-shutdown"));
    }

    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

}
