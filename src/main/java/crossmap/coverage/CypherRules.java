package crossmap.coverage;

import crossmap.store.Graph;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * The coverage levels of PRODUCT.md section 2, steps 1-4, computed by the database: one Cypher
 * statement per rule ({@code cypher/coverage_rule_direct}, {@code _rollup}, {@code _crossing}),
 * run here in the contract's order (direct, roll-up, then for each of `hops` rounds a crossing and a
 * roll-up) in one read transaction under a timeout. Java only passes each statement's answer (the
 * uids at full, and those at partial or full) to the next. (Neo4j reads at read-committed isolation:
 * a write committed between two statements is seen by the later ones, as by any multi-statement
 * read; the engine's answers come from one snapshot of the inputs.)
 *
 * <p>This is crossmap's second engine ({@code engine=cypher} on {@code /api/coverage} and
 * {@code /api/coverage/levels}, {@code crossmap coverage --engine cypher}): the rules as the contract
 * states them, against which {@link Engine}'s answers are checked (tests) and timed (benchmark).
 * It answers levels, not support paths.
 */
public final class CypherRules {
    /** The levels: uids at full, and uids at partial or full (a superset of full). */
    public record Levels(List<String> full, List<String> reached) {
        /** uid -> 2 (full) or 1 (partial); a uid that is absent is at none. */
        public Map<String, Integer> byUid() {
            Map<String, Integer> m = new HashMap<>(reached.size() * 2);
            for (String uid : reached) m.put(uid, Level.PARTIAL);
            for (String uid : full) m.put(uid, Level.FULL);
            return m;
        }
    }

    private CypherRules() {}

    /** The levels for a failed set, hops and asOf, under this transaction timeout. */
    public static Levels levels(Graph graph, List<String> failed, int hops, LocalDate asOf, Duration timeout) {
        CoverageService.checkHops(hops);
        TransactionConfig config = TransactionConfig.builder().withTimeout(timeout).withMetadata(Map.of("app", "crossmap-cypher-rules")).build();
        return graph.inRead(tx -> {
            Map<String, Object> start = new HashMap<>();
            start.put("failed", failed);
            start.put("asOf", asOf == null ? null : asOf.toString());
            Levels l = step(tx, graph, "coverage_rule_rollup", step(tx, graph, "coverage_rule_direct", start));
            for (int round = 1; round <= hops; round++) {
                l = step(tx, graph, "coverage_rule_rollup", step(tx, graph, "coverage_rule_crossing", l));
            }
            return l;
        }, config);
    }

    private static Levels step(TransactionContext tx, Graph graph, String rule, Levels in) {
        return step(tx, graph, rule, Map.of("full", in.full(), "reached", in.reached()));
    }

    private static Levels step(TransactionContext tx, Graph graph, String rule, Map<String, Object> params) {
        Record r = tx.run(graph.query(rule), params).single();
        return new Levels(r.get("full").asList(v -> v.asString()), r.get("reached").asList(v -> v.asString()));
    }
}
