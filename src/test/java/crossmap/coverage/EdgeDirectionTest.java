package crossmap.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crossmap.HarnessGraph;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every relationship in both directions, each on a pair of its own, worked out by hand from
 * PRODUCT.md section 2 step 4 (the hand-worked fixture covers some directions only).
 *
 * <pre>
 * fa: A.eq A.sup A.sub A.int A.no        fb: B.eq B.sup B.sub B.int B.no
 * edges A.r -r-> B.r, one per relationship r (equal, superset_of, subset_of, intersects_with, no_relationship)
 *
 * "along": control CA satisfies every A.r (full); CB fails. hops=1, B.r = min(A.r full, along level):
 *   B.eq  = full     (equal: full both ways)
 *   B.sup = full     (a superset of b covered: b covered)
 *   B.sub = partial  (a subset of b covered: part of b)
 *   B.int = partial
 *   B.no  = none     (no_relationship passes nothing)
 * "against": control CB satisfies every B.r (full); CA fails. hops=1, A.r = min(B.r full, against level):
 *   A.eq  = full
 *   A.sup = partial  (b, a subset of a, covered: part of a) -- the contract names only the full
 *                    cases; crossmap reads this one, and subset_of along, as partial
 *   A.sub = full     (b, a superset of a, covered: a covered)
 *   A.int = partial
 *   A.no  = none
 * hops=0: only the satisfied side is covered.
 * </pre>
 */
class EdgeDirectionTest {
    static final List<String> RELS = List.of("eq", "sup", "sub", "int", "no");
    static final Map<String, String> REL = Map.of("eq", "equal", "sup", "superset_of", "sub", "subset_of", "int", "intersects_with",
            "no", "no_relationship");
    static CoverageService coverage;

    @BeforeAll
    static void load() {
        HarnessGraph h = HarnessGraph.get().wipe();
        StringBuilder reqs = new StringBuilder();
        StringBuilder maps = new StringBuilder();
        StringBuilder satA = new StringBuilder();
        StringBuilder satB = new StringBuilder();
        for (String r : RELS) {
            String sep = reqs.length() == 0 ? "" : ",";
            reqs.append(sep).append("{\"framework\":\"fa\",\"id\":\"A.").append(r).append("\",\"name\":\"a\",\"kind\":\"requirement\"},")
                    .append("{\"framework\":\"fb\",\"id\":\"B.").append(r).append("\",\"name\":\"b\",\"kind\":\"requirement\"}");
            maps.append(sep).append("{\"from\":{\"framework\":\"fa\",\"id\":\"A.").append(r).append("\"},\"to\":{\"framework\":\"fb\",\"id\":\"B.")
                    .append(r).append("\"},\"relationship\":\"").append(REL.get(r)).append("\",\"source\":\"hand\"}");
            satA.append(sep).append("{\"framework\":\"fa\",\"id\":\"A.").append(r).append("\"}");
            satB.append(sep).append("{\"framework\":\"fb\",\"id\":\"B.").append(r).append("\"}");
        }
        h.bundles.importJson("{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"fa\",\"name\":\"A\"},{\"id\":\"fb\",\"name\":\"B\"}],"
                + "\"requirements\":[" + reqs + "],\"mappings\":[" + maps + "],"
                + "\"controls\":[{\"id\":\"CA\",\"name\":\"on A\",\"satisfies\":[" + satA + "]},{\"id\":\"CB\",\"name\":\"on B\",\"satisfies\":[" + satB + "]}]}");
        coverage = new CoverageService(h.graph);
    }

    static Map<String, String> side(Map<String, String> levels, String prefix) {
        Map<String, String> m = new TreeMap<>();
        levels.forEach((uid, lvl) -> { if (uid.startsWith(prefix)) m.put(uid.substring(prefix.length()), lvl); });
        return m;
    }

    static Map<String, String> table(String eq, String sup, String sub, String inter, String no) {
        return new TreeMap<>(Map.of("eq", eq, "sup", sup, "sub", sub, "int", inter, "no", no));
    }

    @Test
    void along_each_edge() {
        Map<String, String> l = coverage.levels(List.of("CB"), 1, null);
        assertEquals(table("full", "full", "full", "full", "full"), side(l, "fa:A."));
        assertEquals(table("full", "full", "partial", "partial", "none"), side(l, "fb:B."));
    }

    @Test
    void against_each_edge() {
        Map<String, String> l = coverage.levels(List.of("CA"), 1, null);
        assertEquals(table("full", "full", "full", "full", "full"), side(l, "fb:B."));
        assertEquals(table("full", "partial", "full", "partial", "none"), side(l, "fa:A."));
    }

    @Test
    void no_hop_no_crossing() {
        assertEquals(table("none", "none", "none", "none", "none"), side(coverage.levels(List.of("CB"), 0, null), "fb:B."));
        assertEquals(table("none", "none", "none", "none", "none"), side(coverage.levels(List.of("CA"), 0, null), "fa:A."));
    }

    @Test
    void the_reference_agrees() {
        // the in-Java reference of the rules reads the same bundle the same way
        for (String fail : List.of("CA", "CB")) {
            for (int hops = 0; hops <= 1; hops++) {
                ReferenceCoverage ref = new ReferenceCoverage(HarnessGraph.get().bundles.export());
                Map<String, String> want = new TreeMap<>();
                ref.levels(ref.effective(java.util.Set.of(fail), null), hops).forEach((uid, l) -> want.put(uid, List.of("none", "partial", "full").get(l)));
                assertEquals(want, new TreeMap<>(coverage.levels(List.of(fail), hops, null)), fail + " hops " + hops);
                assertEquals(want, new TreeMap<>(coverage.levels(List.of(fail), hops, null, CoverageService.Rules.CYPHER)), fail + " hops " + hops + " cypher rules");
            }
        }
    }
}
