package crossmap.store;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.event.LabelEntry;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;

/**
 * Every commit that changed the embedded database, from any client (crossmap itself or a Bolt
 * client), numbered; and for the commits that only changed controls' status (plus audit-trail
 * :Change nodes), which statuses they set. Caches key on {@link #version()} and can bring themselves
 * up to date from {@link #statusChanges} instead of re-reading everything after a status change.
 */
public final class CommitLog implements TransactionEventListener<Map<String, String>> {
    static final int KEPT = 4096;
    private static final Label CONTROL = Label.label("Control");
    private static final Label CHANGE = Label.label("Change");

    private long version;
    /** commit number -> control id -> status, for the status-only commits among the last {@link #KEPT}. */
    private final TreeMap<Long, Map<String, String>> statusOnly = new TreeMap<>();

    public synchronized long version() {
        return version;
    }

    /**
     * The statuses set by the commits after `from` up to `to`, later ones winning; null when one of
     * those commits changed anything else (or is too old to know), so the caller must re-read.
     */
    public synchronized Map<String, String> statusChanges(long from, long to) {
        if (to - from > KEPT) return null;
        Map<String, String> out = new HashMap<>();
        for (long v = from + 1; v <= to; v++) {
            Map<String, String> d = statusOnly.get(v);
            if (d == null) return null;
            out.putAll(d);
        }
        return out;
    }

    private synchronized void committed(Map<String, String> statuses) {
        version++;
        if (statuses != null) statusOnly.put(version, statuses);
        while (!statusOnly.isEmpty() && statusOnly.firstKey() <= version - KEPT) statusOnly.pollFirstEntry();
    }

    /** Classifies the commit while its transaction can still read: the statuses it sets, or null if it does more. */
    @Override
    public Map<String, String> beforeCommit(TransactionData data, Transaction tx, GraphDatabaseService db) {
        if (data.deletedNodes().iterator().hasNext() || data.createdRelationships().iterator().hasNext()
                || data.deletedRelationships().iterator().hasNext() || data.removedNodeProperties().iterator().hasNext()
                || data.assignedRelationshipProperties().iterator().hasNext() || data.removedRelationshipProperties().iterator().hasNext()
                || data.removedLabels().iterator().hasNext()) {
            return null;
        }
        for (LabelEntry l : data.assignedLabels()) if (!l.label().equals(CHANGE)) return null;
        for (Node n : data.createdNodes()) if (!n.hasLabel(CHANGE)) return null;
        Map<String, String> statuses = new HashMap<>();
        for (PropertyEntry<Node> p : data.assignedNodeProperties()) {
            Node n = p.entity();
            if (n.hasLabel(CHANGE)) continue;
            if (n.hasLabel(CONTROL) && p.key().equals("status") && p.value() instanceof String s && n.getProperty("id", null) instanceof String id) {
                statuses.put(id, s);
                continue;
            }
            return null;
        }
        return statuses;
    }

    @Override
    public void afterCommit(TransactionData data, Map<String, String> statuses, GraphDatabaseService db) {
        committed(statuses);
    }

    @Override
    public void afterRollback(TransactionData data, Map<String, String> statuses, GraphDatabaseService db) {}
}
