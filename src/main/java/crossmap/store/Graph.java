package crossmap.store;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.TransactionConfig;

/**
 * Every query of the application goes through here: a named query file, {@code $parameters},
 * the official driver, in a read or write transaction of the configured database.
 */
public final class Graph {
    private final Driver driver;
    private final String database;
    private final CypherFiles files;

    public Graph(Driver driver, String database, CypherFiles files) {
        this.driver = driver;
        this.database = database;
        this.files = files;
    }

    public Driver driver() {
        return driver;
    }

    public String database() {
        return database;
    }

    public CypherFiles files() {
        return files;
    }

    public String query(String name) {
        return files.get(name);
    }

    public Session session(AccessMode mode) {
        return driver.session(SessionConfig.builder().withDatabase(database).withDefaultAccessMode(mode).build());
    }

    /** Runs a named read query and maps each record. */
    public <T> List<T> read(String name, Map<String, Object> params, Function<Record, T> mapper) {
        String text = files.get(name);
        try (Session s = session(AccessMode.READ)) {
            return s.executeRead(tx -> tx.run(text, params).list(mapper::apply));
        }
    }

    /** Runs work in one read transaction. */
    public <T> T inRead(TransactionCallback<T> work) {
        try (Session s = session(AccessMode.READ)) {
            return s.executeRead(work);
        }
    }

    /** Runs work in one read transaction with this configuration (a timeout, say). */
    public <T> T inRead(TransactionCallback<T> work, TransactionConfig config) {
        try (Session s = session(AccessMode.READ)) {
            return s.executeRead(work, config);
        }
    }

    /** Runs work in one write transaction: all of it commits, or none of it. */
    public <T> T inWrite(TransactionCallback<T> work) {
        try (Session s = session(AccessMode.WRITE)) {
            return s.executeWrite(work, TransactionConfig.empty());
        }
    }

    /** Runs a schema statement in its own auto-commit transaction. */
    public void schema(String statement) {
        try (Session s = session(AccessMode.WRITE)) {
            s.run(statement).consume();
        }
    }
}
