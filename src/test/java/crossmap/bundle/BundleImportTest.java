package crossmap.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crossmap.HarnessGraph;
import crossmap.dataset.BuiltinDataset;
import crossmap.http.Server;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bundle import/export against a real Neo4j (harness): validation, atomicity, idempotence, round trip. */
class BundleImportTest {
    static final ObjectMapper JSON = Server.objectMapper();
    HarnessGraph h;

    /** A small valid bundle: two frameworks, a 3-level tree, a mapping, a control with policy and evidence. */
    static final String SMALL = """
            {"format": "crossmap-bundle/1",
             "frameworks": [{"id": "fa", "name": "Framework A"}, {"id": "fb", "name": "Framework B"}],
             "requirements": [
               {"framework": "fa", "id": "S1", "name": "Section 1", "kind": "section"},
               {"framework": "fa", "id": "S1.1", "parent": "S1", "name": "Standard 1.1", "kind": "standard"},
               {"framework": "fa", "id": "S1.1.a", "parent": "S1.1", "name": "Spec a", "kind": "implementation_specification", "designation": "required"},
               {"framework": "fb", "id": "B1", "name": "B one", "kind": "criterion"}],
             "mappings": [{"from": {"framework": "fb", "id": "B1"}, "to": {"framework": "fa", "id": "S1.1"},
                           "relationship": "superset_of", "strength": 8, "rationale": "semantic", "source": "test-source", "note": "n"}],
             "controls": [{"id": "C-1", "name": "Control one", "status": "operating", "frequency": "daily",
                           "satisfies": [{"framework": "fb", "id": "B1"}, {"framework": "fa", "id": "S1.1.a", "strength": "partial"}]}],
             "policies": [{"id": "P-1", "title": "Policy", "version": "1.0", "approvedOn": "2026-01-01", "reviewEveryMonths": 12, "governs": ["C-1"]}],
             "evidence": [{"id": "E-1", "control": "C-1", "kind": "report", "title": "Evidence", "collectedOn": "2026-02-01", "validUntil": "2026-05-01"}],
             "gaps": [{"framework": "fa", "id": "S1.1.a", "against": "fb", "source": "test-source", "note": "no counterpart"}]}
            """;

    @BeforeEach
    void setUp() {
        h = HarnessGraph.get().wipe();
    }

    @Test
    void import_creates_the_graph_with_its_edges_and_properties() {
        BundleStore.ImportResult r = h.bundles.importJson(SMALL);
        assertEquals(2, r.frameworks());
        assertEquals(4, r.requirements());
        String dump = h.bundles.canonicalDump();
        assertTrue(dump.contains("R fa:S1.1 -PART_OF-> fa:S1 {}"), dump);
        assertTrue(dump.contains("R fa:S1.1.a -PART_OF-> fa:S1.1 {}"), dump);
        assertTrue(dump.contains("R fb:B1 -MAPS_TO-> fa:S1.1 {key=test-source|, note=n, rationale=semantic, relationship=superset_of, source=test-source, strength=8:Long, }"), dump);
        assertTrue(dump.contains("R C-1 -SATISFIES-> fa:S1.1.a {strength=partial, }"), dump);
        assertTrue(dump.contains("R C-1 -SATISFIES-> fb:B1 {strength=full, }"), dump);
        assertTrue(dump.contains("R P-1 -GOVERNS-> C-1 {}"), dump);
        assertTrue(dump.contains("R E-1 -SUPPORTS-> C-1 {}"), dump);
        assertTrue(dump.contains("validUntil=2026-05-01:LocalDate"), dump);
        assertEquals(4 + 2 + 1 + 1 + 1 + 1, dump.lines().filter(l -> l.startsWith("N ")).count());
    }

    @Test
    void importing_twice_gives_the_same_graph() {
        h.bundles.importJson(SMALL);
        String once = h.bundles.canonicalDump();
        h.bundles.importJson(SMALL);
        assertEquals(once, h.bundles.canonicalDump());
    }

    @Test
    void export_then_import_into_an_empty_store_reproduces_the_builtin_dataset_exactly() throws Exception {
        h.bundles.importBundle(BuiltinDataset.build().bundle());
        String original = h.bundles.canonicalDump();
        String exported = JSON.writeValueAsString(h.bundles.export());
        h.wipe();
        assertEquals("", h.bundles.canonicalDump());
        h.bundles.importJson(exported);
        assertEquals(original, h.bundles.canonicalDump());
        assertTrue(original.lines().count() > 7000, "the dump covers the whole dataset: " + original.lines().count());
    }

    /** Applies a change to the SMALL bundle, imports it into a store holding SMALL, and returns the refusal. */
    private BundleException refused(Consumer<ObjectNode> change) throws Exception {
        h.bundles.importJson(SMALL);
        String before = h.bundles.canonicalDump();
        ObjectNode b = (ObjectNode) JSON.readTree(SMALL);
        // make the bundle otherwise change something, so "nothing changed" is a real check
        ((ObjectNode) b.withArray("requirements").get(3)).put("name", "B one renamed");
        change.accept(b);
        BundleException e = assertThrows(BundleException.class, () -> h.bundles.importJson(JSON.writeValueAsString(b)));
        assertEquals(before, h.bundles.canonicalDump(), "a refused bundle must leave the graph unchanged");
        return e;
    }

    private static void assertError(BundleException e, String path, String messagePart) {
        assertTrue(e.errors().stream().anyMatch(x -> x.path().equals(path) && x.message().contains(messagePart)),
                "expected " + path + " ~ '" + messagePart + "' in " + e.errors());
    }

    @Test
    void unknown_field_is_refused_naming_array_index_and_field() throws Exception {
        assertError(refused(b -> ((ObjectNode) b.withArray("controls").get(0)).put("colour", "red")), "controls[0].colour", "unknown field");
        assertError(refused(b -> b.put("extra", 1)), "extra", "unknown field");
    }

    @Test
    void a_stored_control_given_without_status_or_links_is_refused_when_that_would_change_it() throws Exception {
        // C-1 is in the store, operating, with 2 links: an import replaces it whole, so leaving out its
        // satisfies would unlink it (its status, operating, would not change)
        assertError(refused(b -> ((ObjectNode) b.withArray("controls").get(0)).remove(List.of("status", "satisfies"))),
                "controls[0].satisfies", "control C-1 is in the store (operating, 2 SATISFIES links) and an import replaces a control as a whole: give its satisfies too");
        // a failed control given without status would be re-enabled
        ObjectNode failed = (ObjectNode) JSON.readTree(SMALL);
        ((ObjectNode) failed.withArray("controls").get(0)).put("status", "failed");
        h.bundles.importJson(JSON.writeValueAsString(failed));
        String before = h.bundles.canonicalDump();
        BundleException e = assertThrows(BundleException.class, () -> h.bundles.importJson(
                "{\"format\": \"crossmap-bundle/1\", \"controls\": [{\"id\": \"C-1\", \"name\": \"renamed\", \"satisfies\": []}]}"));
        assertError(e, "controls[0].status", "control C-1 is in the store (failed, 2 SATISFIES links)");
        assertEquals(before, h.bundles.canonicalDump());
        // a control new to the store may leave both out: operating, no links; the same bundle again
        // (or resumed after a crash) changes nothing and is not refused
        String partial = "{\"format\": \"crossmap-bundle/1\", \"controls\": [{\"id\": \"C-NEW\", \"name\": \"new\"}, {\"id\": \"C-NEW\", \"name\": \"twice\"}]}";
        BundleException dup = assertThrows(BundleException.class, () -> h.bundles.importJson(partial));
        assertError(dup, "controls[1].id", "duplicate of controls[0]");
        String once = "{\"format\": \"crossmap-bundle/1\", \"controls\": [{\"id\": \"C-NEW\", \"name\": \"new\"}]}";
        h.bundles.importJson(once);
        String afterOnce = h.bundles.canonicalDump();
        h.bundles.importJson(once);
        assertEquals(afterOnce, h.bundles.canonicalDump(), "the same partial bundle twice gives the same graph");
        assertEquals(List.of("operating", "0"), h.graph.inRead(tx -> {
            org.neo4j.driver.Record r = tx.run("MATCH (c:Control {id: 'C-NEW'}) RETURN c.status AS s, count { (c)-[:SATISFIES]->() } AS n").single();
            return List.of(r.get("s").asString(), String.valueOf(r.get("n").asLong()));
        }));
        // a stored control listed twice, once without its links: the duplicate is reported, not a crash
        BundleException twice = assertThrows(BundleException.class, () -> h.bundles.importJson(
                "{\"format\": \"crossmap-bundle/1\", \"controls\": [{\"id\": \"C-1\", \"name\": \"a\"}, {\"id\": \"C-1\", \"name\": \"b\", \"status\": \"failed\", \"satisfies\": []}]}"));
        assertError(twice, "controls[1].id", "duplicate of controls[0]");
    }

    @Test
    void dangling_references_are_refused() throws Exception {
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0).get("to")).put("id", "NOPE")), "mappings[0].to", "no requirement fa:NOPE");
        assertError(refused(b -> ((ArrayNode) b.withArray("policies").get(0).get("governs")).add("C-404")), "policies[0].governs[1]", "no control \"C-404\"");
        assertError(refused(b -> ((ObjectNode) b.withArray("evidence").get(0)).put("control", "C-9")), "evidence[0].control", "no control");
        assertError(refused(b -> ((ObjectNode) b.withArray("requirements").get(1)).put("framework", "fz")), "requirements[1].framework", "unknown framework");
        assertError(refused(b -> ((ObjectNode) b.withArray("controls").get(0).withArray("satisfies").get(0)).put("id", "B2")), "controls[0].satisfies[0].id", "no requirement fb:B2");
    }

    @Test
    void unknown_relationship_and_bad_values_are_refused() throws Exception {
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0)).put("relationship", "related")), "mappings[0].relationship", "unknown value \"related\"");
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0)).put("strength", 11)), "mappings[0].strength", "0 to 10");
        assertError(refused(b -> ((ObjectNode) b.withArray("controls").get(0)).put("status", "broken")), "controls[0].status", "unknown value");
        assertError(refused(b -> ((ObjectNode) b.withArray("evidence").get(0)).put("collectedOn", "31/12/2026")), "evidence[0].collectedOn", "ISO-8601");
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0)).remove("source")), "mappings[0].source", "is required");
        assertError(refused(b -> ((ObjectNode) b.withArray("evidence").get(0)).put("validUntil", "2026-01-01")), "evidence[0].validUntil", "before collectedOn");
    }

    @Test
    void duplicate_ids_are_refused() throws Exception {
        assertError(refused(b -> b.withArray("controls").add(b.withArray("controls").get(0).deepCopy())), "controls[1].id", "duplicate of controls[0]");
        assertError(refused(b -> b.withArray("requirements").add(b.withArray("requirements").get(0).deepCopy())), "requirements[4].id", "duplicate of requirements[0]");
    }

    @Test
    void every_other_duplicate_key_and_self_reference_is_refused() throws Exception {
        assertError(refused(b -> b.withArray("frameworks").add(b.withArray("frameworks").get(1).deepCopy())), "frameworks[2].id", "duplicate of frameworks[1]");
        assertError(refused(b -> b.withArray("mappings").add(b.withArray("mappings").get(0).deepCopy())), "mappings[1].to", "duplicate of mappings[0]");
        assertError(refused(b -> b.withArray("policies").add(b.withArray("policies").get(0).deepCopy())), "policies[1].id", "duplicate of policies[0]");
        assertError(refused(b -> b.withArray("evidence").add(b.withArray("evidence").get(0).deepCopy())), "evidence[1].id", "duplicate of evidence[0]");
        assertError(refused(b -> b.withArray("gaps").add(b.withArray("gaps").get(0).deepCopy())), "gaps[1].source", "duplicate of gaps[0]");
        assertError(refused(b -> ((ObjectNode) b.withArray("requirements").get(1)).put("parent", "S1.1")), "requirements[1].parent", "its own parent");
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0).get("to")).put("framework", "fb").put("id", "B1")), "mappings[0].to", "map to itself");
        assertError(refused(b -> {
                    ArrayNode sat = (ArrayNode) b.withArray("controls").get(0).get("satisfies");
                    sat.add(sat.get(0).deepCopy());
                }),
                "controls[0].satisfies[2].id", "listed twice");
        assertError(refused(b -> ((ObjectNode) b.withArray("gaps").get(0)).put("id", "NOPE")), "gaps[0].id", "no requirement fa:NOPE");
        assertError(refused(b -> ((ObjectNode) b.withArray("gaps").get(0)).put("against", "fz")), "gaps[0].against", "unknown framework \"fz\"");
    }

    @Test
    void unknown_vocabulary_values_and_null_required_fields_are_refused() throws Exception {
        assertError(refused(b -> ((ObjectNode) b.withArray("requirements").get(2)).put("designation", "optional")), "requirements[2].designation", "unknown value");
        assertError(refused(b -> ((ObjectNode) b.withArray("mappings").get(0)).put("rationale", "vibes")), "mappings[0].rationale", "unknown value");
        assertError(refused(b -> ((ObjectNode) b.withArray("controls").get(0).withArray("satisfies").get(0)).put("strength", "most")),
                "controls[0].satisfies[0].strength", "unknown value");
        // an explicit null is as missing as an absent field
        assertError(refused(b -> ((ObjectNode) b.withArray("evidence").get(0)).putNull("collectedOn")), "evidence[0].collectedOn", "is required");
        assertError(refused(b -> ((ObjectNode) b.withArray("evidence").get(0)).putNull("control")), "evidence[0].control", "is required");
    }

    @Test
    void a_bundle_built_in_code_with_nulls_is_refused_by_field_not_by_a_null_pointer() throws Exception {
        h.bundles.importJson(SMALL);
        String before = h.bundles.canonicalDump();
        Bundle ok = BundleReader.parse(SMALL);
        Bundle.Evidence e = ok.evidence().get(0);
        Bundle.Policy p = ok.policies().get(0);
        Bundle.Requirement r = ok.requirements().get(1);
        java.util.List<String> governs = new java.util.ArrayList<>();
        governs.add(null);
        Bundle bad = new Bundle(Bundle.FORMAT, ok.frameworks(),
                java.util.List.of(ok.requirements().get(0), new Bundle.Requirement(null, r.id(), r.parent(), r.name(), r.kind(), null, null, null, null, null, null)),
                ok.mappings(), ok.controls(),
                java.util.List.of(new Bundle.Policy(p.id(), p.title(), p.version(), p.approvedOn(), p.reviewEveryMonths(), p.owner(), governs)),
                java.util.List.of(new Bundle.Evidence(e.id(), null, e.kind(), e.title(), null, null, null, null, null)),
                ok.gaps());
        BundleException x = assertThrows(BundleException.class, () -> h.bundles.importBundle(bad));
        assertError(x, "requirements[1].framework", "is required");
        assertError(x, "policies[0].governs[0]", "is required");
        assertError(x, "evidence[0].control", "is required");
        assertError(x, "evidence[0].collectedOn", "is required");
        assertEquals(before, h.bundles.canonicalDump());
    }

    @Test
    void a_parent_in_another_framework_is_refused() throws Exception {
        assertError(refused(b -> ((ObjectNode) b.withArray("requirements").get(1)).put("parent", "B1")), "requirements[1].parent",
                "is a requirement of fb, not of fa");
    }

    @Test
    void part_of_cycles_are_refused_also_through_the_store() throws Exception {
        // S1 -> S1.1.a closes S1.1.a -> S1.1 -> S1 -> S1.1.a
        BundleException e = refused(b -> ((ObjectNode) b.withArray("requirements").get(0)).put("parent", "S1.1.a"));
        assertError(e, "requirements[0].parent", "PART_OF cycle");
        // a bundle with only S1 re-parented: the rest of the loop is in the store
        h.wipe();
        h.bundles.importJson(SMALL);
        String before = h.bundles.canonicalDump();
        BundleException e2 = assertThrows(BundleException.class, () -> h.bundles.importJson("""
                {"format": "crossmap-bundle/1", "requirements": [{"framework": "fa", "id": "S1", "parent": "S1.1.a", "name": "x", "kind": "section"}]}"""));
        assertError(e2, "requirements[0].parent", "PART_OF cycle");
        assertEquals(before, h.bundles.canonicalDump());
    }

    @Test
    void malformed_json_and_wrong_format_are_refused() {
        BundleException e = assertThrows(BundleException.class, () -> h.bundles.importJson("{\"format\": \"crossmap-bundle/1\", \"controls\": ["));
        assertEquals("$", e.errors().get(0).path());
        assertTrue(e.errors().get(0).message().startsWith("not valid JSON"), e.errors().toString());
        BundleException f = assertThrows(BundleException.class, () -> h.bundles.importJson("{\"format\": \"other/2\"}"));
        assertError(f, "format", "must be \"crossmap-bundle/1\"");
        assertEquals("", h.bundles.canonicalDump());
    }

    @Test
    void every_problem_is_reported_at_once() throws Exception {
        BundleException e = refused(b -> {
            ((ObjectNode) b.withArray("controls").get(0)).put("status", "x");
            ((ObjectNode) b.withArray("mappings").get(0)).put("relationship", "y");
        });
        assertEquals(List.of("controls[0].status", "mappings[0].relationship"),
                e.errors().stream().map(BundleError::path).sorted().toList());
    }

    @Test
    void reimport_replaces_a_controls_satisfies_list() throws Exception {
        h.bundles.importJson(SMALL);
        ObjectNode b = (ObjectNode) JSON.readTree(SMALL);
        ((ArrayNode) b.withArray("controls").get(0).withArray("satisfies")).remove(1);
        h.bundles.importJson(JSON.writeValueAsString(b));
        String dump = h.bundles.canonicalDump();
        assertTrue(dump.contains("R C-1 -SATISFIES-> fb:B1"));
        assertTrue(!dump.contains("R C-1 -SATISFIES-> fa:S1.1.a"), dump);
        assertNotEquals("", dump);
    }

    @Test
    void a_ledger_left_by_another_batch_cut_is_not_read_as_committed_and_is_cleared() {
        Bundle b = BundleReader.parse(SMALL);
        // a killed run of the same content with another batch size, and one from the older layout
        // (ids "key:n"), left entries for batch 0
        String otherCut = "K/" + BundleStore.LAYOUT + "x" + (BundleStore.BATCH + 1) + ":0";
        h.graph.inWrite(tx -> tx.run("CREATE (:ImportBatch {id: $a, import: 'K', step: 'import_frameworks', rows: 2}), "
                + "(:ImportBatch {id: 'K:0', import: 'K', step: 'import_frameworks', rows: 2})", java.util.Map.of("a", otherCut)).consume());
        BundleStore.ImportResult r = h.bundles.importInBatches(b, "K", BundleStore.Progress.NONE);
        assertEquals(0, r.batchesAlreadyCommitted());
        assertEquals(8, r.batches()); // frameworks, requirements, parents, mappings, controls, policies, evidence, gaps: one batch each
        long left = h.graph.inRead(tx -> tx.run("MATCH (l:ImportBatch) RETURN count(l) AS n").single().get("n").asLong());
        assertEquals(0L, left, "a finished import clears every entry of its content");
        String batched = h.bundles.canonicalDump();
        h.wipe();
        h.bundles.importJson(SMALL);
        assertEquals(h.bundles.canonicalDump(), batched);
    }
}
