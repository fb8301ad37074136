package crossmap.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.HarnessGraph;
import crossmap.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coverage rules on a hand-worked fixture (src/test/resources/coverage-fixture.json).
 *
 * <pre>
 * fx: X1 (section) > X1.a, X1.b ; X2          fy: Y1 > Y1.i, Y1.ii ; Y2 ; Y3 ; Y4 ; Y5 ; Y6 > Y6.a, Y6.b     fz: Z1 ; Z2
 * M1 X1.a -equal-> Y1.i     M2 X1.b -superset_of-> Y1.ii   M3 Y2 -subset_of-> X2   M4 X2 -subset_of-> Y4
 * M5 Y3 -intersects_with-> Z2   M6 Z2 -equal-> Y5   M7 Z1 -no_relationship-> Y4
 * C1 X1.a full | C2 X1.b partial | C3 (failed) X2 | C4 X2 full (evidence to 2026-03-31) | C5 Y3 (evidence from 2026-06-01)
 * C6 Z1 (old evidence, never expires) | C7 Y6.a, Y6.b | C8 X1.b full (no evidence) | C9 (not implemented) Y5
 *
 * hops=1, no asOf. Effective: C1 C2 C4 C5 C6 C7 C8 (C3 failed, C9 not implemented).
 *   direct: X1.a=full X1.b=full(max of C8 full, C2 partial) X2=full Y3=full Z1=full Y6.a=full Y6.b=full
 *   roll-up: X1 = full (all children full); Y6 = full
 *   round 1 (reads the levels above):
 *     M1 along equal:       Y1.i  = min(X1.a full, full)    = full
 *     M2 along superset_of: Y1.ii = min(X1.b full, full)    = full
 *     M3 against subset_of: Y2    = min(X2 full, full)      = full
 *     M4 along subset_of:   Y4    = min(X2 full, partial)   = partial
 *     M5 along intersects:  Z2    = min(Y3 full, partial)   = partial
 *     M6 along equal:       Y5    = min(Z2 none (before the round), full) = none   (needs a 2nd hop)
 *     M7 no_relationship:   nothing
 *   roll-up: Y1 = full (Y1.i, Y1.ii full)
 * hops=2: round 2 adds Y5 = min(Z2 partial, full) = partial; nothing else rises.
 * hops=0: direct + roll-up only.
 * </pre>
 */
class CoverageFixtureTest {
    static HarnessGraph h;
    static CoverageService coverage;

    @BeforeAll
    static void load() throws IOException {
        h = HarnessGraph.get().wipe();
        try (InputStream in = CoverageFixtureTest.class.getResourceAsStream("/coverage-fixture.json")) {
            h.bundles.importJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        coverage = new CoverageService(h.graph);
    }

    /** The levels every hand-worked expectation below is checked against, from both engines. */
    static Map<String, String> levels(List<String> fail, int hops, String asOf) {
        LocalDate date = asOf == null ? null : LocalDate.parse(asOf);
        Map<String, String> java = coverage.levels(fail, hops, date);
        assertEquals(java, coverage.levels(fail, hops, date, CoverageService.Rules.CYPHER), "cypher rules, fail " + fail + " hops " + hops + " asOf " + asOf);
        return java;
    }

    static Map<String, String> expect(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (String u : List.of("fx:X1", "fx:X1.a", "fx:X1.b", "fx:X2", "fy:Y1", "fy:Y1.i", "fy:Y1.ii", "fy:Y2", "fy:Y3", "fy:Y4",
                "fy:Y5", "fy:Y6", "fy:Y6.a", "fy:Y6.b", "fz:Z1", "fz:Z2")) m.put(u, "none");
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static final String[] HOPS1 = {"fx:X1", "full", "fx:X1.a", "full", "fx:X1.b", "full", "fx:X2", "full", "fy:Y1", "full",
            "fy:Y1.i", "full", "fy:Y1.ii", "full", "fy:Y2", "full", "fy:Y3", "full", "fy:Y4", "partial", "fy:Y6", "full",
            "fy:Y6.a", "full", "fy:Y6.b", "full", "fz:Z1", "full", "fz:Z2", "partial"};

    @Test
    void levels_with_one_hop_follow_every_relationship_in_both_directions() {
        assertEquals(expect(HOPS1), levels(List.of(), 1, null));
    }

    @Test
    void a_two_hop_chain_is_reached_only_with_hops_2() {
        Map<String, String> two = expect(HOPS1);
        two.put("fy:Y5", "partial");
        assertEquals(two, levels(List.of(), 2, null));
        assertEquals("none", levels(List.of(), 1, null).get("fy:Y5"));
    }

    @Test
    void hops_0_is_direct_satisfaction_and_rollup_only() {
        assertEquals(expect("fx:X1", "full", "fx:X1.a", "full", "fx:X1.b", "full", "fx:X2", "full", "fy:Y3", "full", "fy:Y6", "full",
                "fy:Y6.a", "full", "fy:Y6.b", "full", "fz:Z1", "full"), levels(List.of(), 0, null));
    }

    @Test
    void rollup_is_partial_when_only_some_children_are_full() {
        // without C8, X1.b is partial (C2) so X1 has one full and one partial child: partial; Y1 likewise
        Map<String, String> l = levels(List.of("C8"), 1, null);
        assertEquals("partial", l.get("fx:X1.b"));
        assertEquals("partial", l.get("fx:X1"));
        assertEquals("partial", l.get("fy:Y1.ii"));
        assertEquals("partial", l.get("fy:Y1"));
        // without C1 and C8: X1.a none, X1.b partial -> X1 partial ("any child above none")
        assertEquals("partial", levels(List.of("C1", "C8"), 1, null).get("fx:X1"));
        // without C1, C2 and C8: no child above none -> none
        assertEquals("none", levels(List.of("C1", "C2", "C8"), 1, null).get("fx:X1"));
    }

    @Test
    void as_of_uses_evidence_validity_expired_not_yet_valid_and_never_expiring() {
        // 2026-02-15: C4 valid (to 03-31); C5 not yet valid (from 06-01); C8 has no evidence; C6 never expires
        Map<String, String> feb = levels(List.of(), 1, "2026-02-15");
        assertEquals("full", feb.get("fx:X2"));
        assertEquals("none", feb.get("fy:Y3"));
        assertEquals("none", feb.get("fz:Z2"));
        assertEquals("partial", feb.get("fx:X1.b"));
        assertEquals("full", feb.get("fz:Z1"));
        // boundaries are inclusive
        assertEquals("full", levels(List.of(), 1, "2026-03-31").get("fx:X2"));
        assertEquals("none", levels(List.of(), 1, "2026-04-01").get("fx:X2"));
        assertEquals("none", levels(List.of(), 1, "2026-05-31").get("fy:Y3"));
        assertEquals("full", levels(List.of(), 1, "2026-06-01").get("fy:Y3"));
        // 2026-07-01: C4 expired (X2, Y2 lose, Y4 loses its only source); C5 valid
        Map<String, String> jul = levels(List.of(), 1, "2026-07-01");
        assertEquals("none", jul.get("fx:X2"));
        assertEquals("none", jul.get("fy:Y2"));
        assertEquals("none", jul.get("fy:Y4"));
        assertEquals("full", jul.get("fy:Y3"));
        assertEquals("partial", jul.get("fz:Z2"));
        assertEquals("full", levels(List.of(), 1, "2030-01-01").get("fz:Z1"));
    }

    static Map<String, List<String>> lostAndDegraded(Map<String, Object> impact) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Object f : (List<?>) impact.get("frameworks")) {
            Map<?, ?> fw = (Map<?, ?>) f;
            for (String k : List.of("lost", "degraded")) {
                for (Object r : (List<?>) fw.get(k)) out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add((String) ((Map<?, ?>) r).get("uid"));
            }
        }
        out.values().forEach(l -> l.sort(String::compareTo));
        return out;
    }

    @Test
    void impact_lists_lost_and_degraded_requirements() {
        // C1 alone holds X1.a, and Y1.i through M1; X1 and Y1 fall from full to partial
        assertEquals(Map.of("lost", List.of("fx:X1.a", "fy:Y1.i"), "degraded", List.of("fx:X1", "fy:Y1")),
                lostAndDegraded(coverage.impact(List.of("C1"), 1, null, null)));
        // C8 gone: X1.b keeps C2's partial -> degraded, and so X1, Y1.ii, Y1; nothing lost
        assertEquals(Map.of("degraded", List.of("fx:X1", "fx:X1.b", "fy:Y1", "fy:Y1.ii")),
                lostAndDegraded(coverage.impact(List.of("C8"), 1, null, null)));
        // C4: X2 and both requirements it reaches through M3 and M4 (Y4 was partial: still lost)
        assertEquals(Map.of("lost", List.of("fx:X2", "fy:Y2", "fy:Y4")), lostAndDegraded(coverage.impact(List.of("C4"), 1, null, null)));
        // C6: only Z1; the no_relationship edge M7 never carried coverage to Y4
        assertEquals(Map.of("lost", List.of("fz:Z1")), lostAndDegraded(coverage.impact(List.of("C6"), 1, null, null)));
        // C5: Y3 and Z2 with one hop; Y5 as well with two
        assertEquals(Map.of("lost", List.of("fy:Y3", "fz:Z2")), lostAndDegraded(coverage.impact(List.of("C5"), 1, null, null)));
        assertEquals(Map.of("lost", List.of("fy:Y3", "fy:Y5", "fz:Z2")), lostAndDegraded(coverage.impact(List.of("C5"), 2, null, null)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void impact_names_the_lost_and_the_holding_paths_with_every_edge() {
        Map<String, Object> imp = coverage.impact(List.of("C8"), 1, null, List.of("fy"));
        Map<String, Object> fy = (Map<String, Object>) ((List<?>) imp.get("frameworks")).get(0);
        Map<String, Object> y1ii = ((List<Map<String, Object>>) fy.get("degraded")).stream().filter(r -> r.get("uid").equals("fy:Y1.ii")).findFirst().orElseThrow();
        List<Engine.Path> lost = (List<Engine.Path>) y1ii.get("lostPaths");
        List<Engine.Path> holding = (List<Engine.Path>) y1ii.get("holdingPaths");
        assertEquals(List.of("C8|fx:X1.b|fy:Y1.ii"), lost.stream().map(p -> String.join("|", p.nodes())).toList());
        assertEquals(List.of("C2|fx:X1.b|fy:Y1.ii"), holding.stream().map(p -> String.join("|", p.nodes())).toList());
        Engine.Step m2 = lost.get(0).steps().get(1);
        assertEquals("MAPS_TO", m2.type());
        assertEquals("superset_of", m2.relationship());
        assertEquals("M2", m2.source());
        assertEquals("along", m2.direction());
        assertEquals("full", lost.get(0).level());
        assertEquals("partial", holding.get(0).level());
        assertEquals(List.of("C2", "C8"), y1ii.get("supportBefore"));
        assertEquals(List.of("C2"), y1ii.get("supportAfter"));
        Map<String, Object> before = (Map<String, Object>) fy.get("before");
        Map<String, Object> after = (Map<String, Object>) fy.get("after");
        assertEquals(8, before.get("full"));   // Y1 Y1.i Y1.ii Y2 Y3 Y6 Y6.a Y6.b
        assertEquals(1, before.get("partial")); // Y4
        assertEquals(1, before.get("none"));    // Y5
        assertEquals(6, after.get("full"));     // Y1 and Y1.ii drop to partial
        assertEquals(3, after.get("partial")); // Y1, Y1.ii, Y4
    }

    @Test
    void explanation_says_which_rule_gives_the_level() {
        // X1: no control on it, no mapping to it; full because both children are full (hand-worked above)
        Map<?, ?> x1 = (Map<?, ?>) coverage.explain("fx:X1", 1, null).get("levelFrom");
        assertEquals("none", x1.get("direct"));
        assertEquals("full", x1.get("rollUp"));
        assertEquals(Map.of("full", 2, "partial", 0, "none", 0), x1.get("children"));
        assertEquals(null, x1.get("crosswalk"));
        // Y4: a leaf reached only through M4 (subset_of, along: partial)
        Map<?, ?> y4 = (Map<?, ?>) coverage.explain("fy:Y4", 1, null).get("levelFrom");
        assertEquals("none", y4.get("direct"));
        assertEquals(null, y4.get("rollUp"));
        assertEquals("partial", y4.get("crosswalk"));
        // X1.b: C8 full directly; its mapping M2 carries nothing back in round 1 (Y1.ii was none before it)
        Map<?, ?> x1b = (Map<?, ?>) coverage.explain("fx:X1.b", 1, null).get("levelFrom");
        assertEquals("full", x1b.get("direct"));
        assertEquals("none", x1b.get("crosswalk"));
        // at hops 0 no crosswalk part at all
        assertEquals(null, ((Map<?, ?>) coverage.explain("fy:Y4", 0, null).get("levelFrom")).get("crosswalk"));
    }

    @Test
    void explanation_lists_every_supporting_path_including_rollup() {
        Map<String, Object> ex = coverage.explain("fy:Y1", 1, null);
        assertEquals("full", ex.get("level"));
        assertEquals(List.of("C1", "C2", "C8"), ((List<?>) ex.get("support")).stream().map(Object::toString).sorted().toList());
        @SuppressWarnings("unchecked")
        List<Engine.Path> paths = (List<Engine.Path>) ex.get("paths");
        assertEquals(List.of("C1|fx:X1.a|fy:Y1.i|fy:Y1", "C2|fx:X1.b|fy:Y1.ii|fy:Y1", "C8|fx:X1.b|fy:Y1.ii|fy:Y1"),
                paths.stream().map(p -> String.join("|", p.nodes())).sorted().toList());
        assertEquals(List.of("SATISFIES", "MAPS_TO", "PART_OF"), paths.get(0).steps().stream().map(Engine.Step::type).toList());
        @SuppressWarnings("unchecked")
        List<Engine.Path> y5 = (List<Engine.Path>) coverage.explain("fy:Y5", 2, null).get("paths");
        assertEquals(List.of("C5|fy:Y3|fz:Z2|fy:Y5"), y5.stream().map(p -> String.join("|", p.nodes())).toList());
        assertEquals(List.of(), coverage.explain("fy:Y5", 1, null).get("paths"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void single_points_of_failure_and_control_ranking() {
        Map<String, Object> s = coverage.singlePointsOfFailure(null, 1, null);
        Map<String, String> reqs = ((List<Map<String, Object>>) s.get("requirements")).stream()
                .collect(Collectors.toMap(m -> (String) m.get("uid"), m -> (String) m.get("control"), (a, b) -> a, TreeMap::new));
        assertEquals(Map.ofEntries(Map.entry("fx:X1.a", "C1"), Map.entry("fx:X2", "C4"), Map.entry("fy:Y1.i", "C1"),
                Map.entry("fy:Y2", "C4"), Map.entry("fy:Y3", "C5"), Map.entry("fy:Y4", "C4"), Map.entry("fz:Z1", "C6"),
                Map.entry("fz:Z2", "C5"), Map.entry("fy:Y6", "C7"), Map.entry("fy:Y6.a", "C7"), Map.entry("fy:Y6.b", "C7")), reqs);
        List<String> ranking = ((List<Map<String, Object>>) s.get("controls")).stream()
                .map(m -> m.get("control") + "=" + m.get("requirementsHeldAlone")).toList();
        assertEquals(List.of("C4=3", "C7=3", "C1=2", "C5=2", "C6=1"), ranking);
    }

    @Test
    void bad_questions_are_400s_naming_the_problem() {
        ApiException unknown = assertThrows(ApiException.class, () -> coverage.impact(List.of("C1", "NOPE"), 1, null, null));
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("NOPE"), unknown.getMessage());
        ApiException hops = assertThrows(ApiException.class, () -> coverage.impact(List.of("C1"), 5, null, null));
        assertTrue(hops.getMessage().contains("hops must be from 0 to 4"), hops.getMessage());
        assertEquals(400, assertThrows(ApiException.class, () -> coverage.levels(List.of(), -1, null)).status());
    }

    @Test
    void one_question_to_the_cypher_rules_at_a_time_and_the_engine_answers_meanwhile() {
        CoverageService svc = new CoverageService(h.graph);
        svc.rulesRunning.acquireUninterruptibly();
        try {
            ApiException busy = assertThrows(ApiException.class, () -> svc.levels(List.of(), 1, null, CoverageService.Rules.CYPHER));
            assertEquals(429, busy.status());
            assertEquals("rules_busy", busy.code());
            assertTrue(busy.getMessage().contains("one runs at a time"), busy.getMessage());
            assertEquals(levels(List.of(), 1, null), svc.levels(List.of(), 1, null));
        } finally {
            svc.rulesRunning.release();
        }
        // an unknown control is refused before the rules run; after each answer the next one runs
        assertEquals(400, assertThrows(ApiException.class, () -> svc.levels(List.of("NOPE"), 1, null, CoverageService.Rules.CYPHER)).status());
        assertEquals(levels(List.of(), 2, null), svc.levels(List.of(), 2, null, CoverageService.Rules.CYPHER));
        assertEquals(levels(List.of(), 3, null), svc.levels(List.of(), 3, null, CoverageService.Rules.CYPHER));
    }
}
