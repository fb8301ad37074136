package crossmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.App;
import crossmap.HarnessGraph;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/** The query-file loader, and every query the app uses compiles against a real Neo4j (EXPLAIN). */
class CypherFilesTest {

    @Test
    void loads_by_name_once_and_strips_comment_lines() {
        CypherFiles f = new CypherFiles();
        String q = f.get("framework_exists");
        assertSame(q, f.get("framework_exists"));
        assertTrue(q.startsWith("MATCH (f:Framework {id: $id})"), q);
    }

    @Test
    void a_missing_file_fails_naming_the_path() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CypherFiles().get("no_such_query"));
        assertEquals("query file not found on the classpath: cypher/no_such_query.cypher", e.getMessage());
    }

    @Test
    void schema_splits_into_statements() {
        assertEquals(11, CypherFiles.statements(new CypherFiles().get("schema")).size());
    }

    @Test
    void every_query_the_app_uses_compiles() {
        HarnessGraph h = HarnessGraph.get();
        try (Session s = h.driver.session()) {
            for (String name : App.QUERIES) {
                String text = h.graph.query(name);
                try {
                    s.run("EXPLAIN " + text).consume();
                } catch (RuntimeException e) {
                    throw new AssertionError("cypher/" + name + ".cypher does not compile: " + e.getMessage(), e);
                }
            }
        }
    }
}
