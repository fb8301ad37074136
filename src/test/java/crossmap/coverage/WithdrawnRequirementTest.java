package crossmap.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import crossmap.HarnessGraph;
import crossmap.bundle.Bundle;
import crossmap.interchange.OscalCatalog;
import crossmap.interchange.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An OSCAL catalog's withdrawn controls (kind `withdrawn`) stay in the graph but outside roll-up
 * and coverage counts. Worked by hand on src/test/resources/interchange/catalog.json:
 *
 * <pre>
 * ac > ac-acct > ac-2 > ac-2.1, ac-2.1_smt.a, ac-2.2 (withdrawn) ; ac > ac-1 ; au > au-2, au-15 (withdrawn)
 * control K satisfies ac-2.1, ac-2.1_smt.a, ac-1, au-2 and the withdrawn au-15 (full); hops 0.
 *   ac-2    = full (children ac-2.1 and ac-2.1_smt.a full; the withdrawn ac-2.2 does not count;
 *             counting it, ac-2 would be partial for ever)
 *   ac-acct = full (ac-2 full); ac = full (ac-acct, ac-1 full); au = full (au-2; au-15 withdrawn)
 *   au-15 itself = full (satisfied directly), but counted nowhere
 *   counts: 10 requirements, 2 withdrawn, so 8 counted, all full; none of them at none
 * failing K: the 8 counted requirements are lost; au-15 drops too but is not listed
 * </pre>
 */
class WithdrawnRequirementTest {
    @Test
    void withdrawn_controls_neither_hold_back_their_parent_nor_count_as_gaps() {
        HarnessGraph h = HarnessGraph.get().wipe();
        h.bundles.importBundle(OscalCatalog.read(Resources.text("interchange/catalog.json"), "cat"));
        h.bundles.importJson("""
                {"format": "crossmap-bundle/1", "controls": [{"id": "K", "name": "k", "satisfies": [
                  {"framework": "cat", "id": "ac-2.1"}, {"framework": "cat", "id": "ac-2.1_smt.a"},
                  {"framework": "cat", "id": "ac-1"}, {"framework": "cat", "id": "au-2"}, {"framework": "cat", "id": "au-15"}]}]}""");
        CoverageService coverage = new CoverageService(h.graph);
        Map<String, String> l = coverage.levels(List.of(), 0, null);
        for (String id : List.of("ac", "ac-acct", "ac-2", "ac-2.1", "ac-2.1_smt.a", "ac-1", "au", "au-2")) {
            assertEquals("full", l.get("cat:" + id), id);
        }
        assertEquals("none", l.get("cat:ac-2.2"));
        assertEquals("full", l.get("cat:au-15"));
        assertEquals(l, coverage.levels(List.of(), 0, null, CoverageService.Rules.CYPHER), "cypher rules");
        @SuppressWarnings("unchecked")
        Map<String, Object> f = ((List<Map<String, Object>>) coverage.coverage("cat", 0, null, null).get("frameworks")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) f.get("total");
        assertEquals(8, ((Number) total.get("count")).intValue());
        assertEquals(8, ((Number) total.get("full")).intValue());
        assertEquals(List.of(), f.get("none"));
        @SuppressWarnings("unchecked")
        Map<String, Object> kinds = (Map<String, Object>) f.get("byKind");
        assertFalse(kinds.containsKey("withdrawn"), kinds.keySet().toString());
        // impact: the counted requirements are lost, the withdrawn one is not listed, the totals count 8
        Map<String, List<String>> imp = CoverageFixtureTest.lostAndDegraded(coverage.impact(List.of("K"), 0, null, null));
        assertEquals(List.of("cat:ac", "cat:ac-1", "cat:ac-2", "cat:ac-2.1", "cat:ac-2.1_smt.a", "cat:ac-acct", "cat:au", "cat:au-2"),
                imp.get("lost").stream().sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) coverage.impact(List.of("K"), 0, null, null).get("totals");
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) totals.get("before");
        assertEquals(8, ((Number) before.get("count")).intValue());
        // the reference of the rules agrees
        ReferenceCoverage ref = new ReferenceCoverage(h.bundles.export());
        Map<String, Integer> want = ref.levels(ref.effective(java.util.Set.of(), null), 0);
        for (Bundle.Requirement r : h.bundles.export().requirements()) {
            assertEquals(List.of("none", "partial", "full").get(want.get(r.uid())), l.get(r.uid()), r.uid());
        }
        // a mapping on a withdrawn control maps neither it nor its parent: both are outside, the parent is listed
        h.bundles.importJson("""
                {"format": "crossmap-bundle/1", "frameworks": [{"id": "other", "name": "Other"}],
                 "requirements": [{"framework": "other", "id": "O1", "name": "o", "kind": "requirement"}],
                 "mappings": [{"from": {"framework": "cat", "id": "ac-2.2"}, "to": {"framework": "other", "id": "O1"},
                               "relationship": "equal", "source": "hand"}]}""");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> unmapped = (List<Map<String, Object>>) ((List<Map<String, Object>>) coverage.coverage("cat", 0, null, "other")
                .get("frameworks")).get(0).get("unmapped");
        List<String> uids = unmapped.stream().map(u -> (String) u.get("uid")).sorted().toList();
        assertEquals(List.of("cat:ac", "cat:ac-1", "cat:ac-2", "cat:ac-2.1", "cat:ac-2.1_smt.a", "cat:ac-acct", "cat:au", "cat:au-2"), uids);
    }
}
