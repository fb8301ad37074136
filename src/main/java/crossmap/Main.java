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
        if (list.contains("--help") || list.contains("-h")) {
            System.out.println(help());
            return;
        }
        App app;
        try {
            Config config = Config.fromArgs(list, System.getenv());
            if (!isLoopback(config.host())) {
                LOG.warn("listening on {} (not loopback): HTTP{} reachable from other machines", config.host(),
                        config.embedded() ? " and Bolt are" : " is");
            }
            app = App.start(config);
            LOG.info("crossmap HTTP on http://{}:{}/", config.host(), app.port());
            LOG.info("store: {}", app.store().description());
        } catch (Config.ConfigException | GraphStore.StoreException e) {
            System.err.println("crossmap: " + e.getMessage());
            System.exit(2);
            return;
        }
        App running = app;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "crossmap-shutdown"));
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    static String help() {
        StringBuilder sb = new StringBuilder("crossmap: SOC 2 / HIPAA crosswalk and control-impact explorer on Neo4j\n\n"
                + "usage: mvn -q compile exec:exec -Dcrossmap.args=\"[options]\"\n\noptions (flag / environment variable / default):\n");
        for (Config.Option o : Config.OPTIONS) {
            sb.append(String.format("  %-20s %-26s %-16s %s%n", o.flag(), o.env(), o.defaultValue(), o.meaning()));
        }
        return sb.toString();
    }
}
