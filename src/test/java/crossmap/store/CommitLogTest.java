package crossmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.HarnessGraph;
import crossmap.bundle.BundleReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/** How the commit log classifies commits made by any client over Bolt: status-only ones are replayable, the rest are not. */
class CommitLogTest {
    static final String BUNDLE = """
            {"format": "crossmap-bundle/1",
             "frameworks": [{"id": "fa", "name": "A"}],
             "requirements": [{"framework": "fa", "id": "R1", "name": "one", "kind": "requirement"}],
             "controls": [{"id": "C0", "name": "zero", "status": "operating", "satisfies": [{"framework": "fa", "id": "R1"}]},
                          {"id": "C1", "name": "one", "status": "operating", "satisfies": []}]}
            """;

    long run(HarnessGraph h, String cypher) {
        try (Session s = h.driver.session()) {
            s.run(cypher).consume();
        }
        return h.commits.version();
    }

    @Test
    void status_only_commits_are_replayable_and_any_other_change_is_not() {
        HarnessGraph h = HarnessGraph.get().wipe();
        h.bundles.importBundle(BundleReader.parse(BUNDLE));
        long v0 = h.commits.version();

        long v1 = run(h, "MATCH (c:Control {id: 'C0'}) SET c.status = 'failed'");
        assertTrue(v1 > v0);
        assertEquals(Map.of("C0", "failed"), h.commits.statusChanges(v0, v1));

        // a status change with its audit record, as crossmap's PATCH writes it; the later status wins
        long v2 = run(h, "MATCH (c:Control {id: 'C0'}) SET c.status = 'operating' CREATE (:Change {id: 'x', action: 'control.status'})");
        assertEquals(Map.of("C0", "operating"), h.commits.statusChanges(v0, v2));
        assertEquals(Map.of("C0", "operating"), h.commits.statusChanges(v1, v2));

        // reads do not count as changes
        long v3 = run(h, "MATCH (c:Control) RETURN count(c)");
        assertEquals(Map.of("C0", "operating"), h.commits.statusChanges(v1, v3));

        // anything else: another property, a relationship, a deletion, a new non-audit node
        long base = v3;
        for (String write : new String[] {
                "MATCH (c:Control {id: 'C0'}) SET c.name = 'renamed'",
                "MATCH (c:Control {id: 'C1'}), (r:Requirement) CREATE (c)-[:SATISFIES {strength: 'full'}]->(r)",
                "MATCH (c:Control {id: 'C1'})-[s:SATISFIES]->() DELETE s",
                "CREATE (:Control {id: 'C2', status: 'operating'})",
                "MATCH (r:Requirement) SET r.status = 'odd'"}) {
            long v = run(h, write);
            assertNull(h.commits.statusChanges(base, v), write);
            base = v;
        }
    }
}
