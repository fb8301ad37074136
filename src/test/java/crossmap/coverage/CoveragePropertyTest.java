package crossmap.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.HarnessGraph;
import crossmap.bundle.Bundle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Many random bundles (several frameworks with 1-4 level hierarchies, withdrawn requirements at any
 * level, every relationship type, parallel edges from two sources, mixed statuses and evidence
 * dates), each imported into Neo4j; for random failed sets, hops 0-4 and
 * asOf dates, the service's levels (from both engines: {@link Engine} and the Cypher rule
 * statements), lost / degraded sets and support sets must equal {@link ReferenceCoverage}'s.
 */
public class CoveragePropertyTest {
    static final List<String> RELS = List.of("equal", "subset_of", "superset_of", "intersects_with", "no_relationship");
    static final LocalDate START = LocalDate.of(2026, 1, 1);

    public static Bundle randomBundle(Random rnd) {
        List<Bundle.Framework> fws = new ArrayList<>();
        List<Bundle.Requirement> reqs = new ArrayList<>();
        int nf = 2 + rnd.nextInt(3);
        for (int f = 0; f < nf; f++) {
            String fw = "f" + f;
            fws.add(new Bundle.Framework(fw, "F" + f, null, null, null, null));
            int roots = 1 + rnd.nextInt(4);
            for (int r = 0; r < roots; r++) grow(rnd, reqs, fw, "r" + r, null, 1 + rnd.nextInt(4));
        }
        List<Bundle.Mapping> maps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int nm = rnd.nextInt(reqs.size() + 5);
        for (int i = 0; i < nm; i++) {
            Bundle.Requirement a = reqs.get(rnd.nextInt(reqs.size()));
            Bundle.Requirement z = reqs.get(rnd.nextInt(reqs.size()));
            if (a.uid().equals(z.uid()) || !seen.add(a.uid() + ">" + z.uid())) continue;
            maps.add(new Bundle.Mapping(new Bundle.Ref(a.framework(), a.id()), new Bundle.Ref(z.framework(), z.id()),
                    RELS.get(rnd.nextInt(RELS.size())), rnd.nextBoolean() ? null : rnd.nextInt(11), null, "src" + rnd.nextInt(3), null, null));
        }
        // now and then a second edge between the same two requirements, from another source
        if (!maps.isEmpty() && rnd.nextInt(3) == 0) {
            Bundle.Mapping m = maps.get(rnd.nextInt(maps.size()));
            maps.add(new Bundle.Mapping(m.from(), m.to(), RELS.get(rnd.nextInt(RELS.size())), null, null, "parallel-source", null, null));
        }
        List<Bundle.Control> ctls = new ArrayList<>();
        List<Bundle.Evidence> evs = new ArrayList<>();
        int nc = 2 + rnd.nextInt(8);
        for (int c = 0; c < nc; c++) {
            String id = "C" + c;
            String status = rnd.nextInt(6) == 0 ? "failed" : rnd.nextInt(8) == 0 ? "not_implemented" : "operating";
            List<Bundle.Satisfies> sat = new ArrayList<>();
            Set<String> used = new HashSet<>();
            int ns = 1 + rnd.nextInt(4);
            for (int s = 0; s < ns; s++) {
                Bundle.Requirement r = reqs.get(rnd.nextInt(reqs.size()));
                if (used.add(r.uid())) sat.add(new Bundle.Satisfies(r.framework(), r.id(), rnd.nextBoolean() ? "full" : "partial", null));
            }
            ctls.add(new Bundle.Control(id, "control " + c, null, null, status, null, sat));
            int ne = rnd.nextInt(3);
            for (int e = 0; e < ne; e++) {
                LocalDate collected = START.plusDays(rnd.nextInt(300));
                LocalDate from = rnd.nextInt(4) == 0 ? collected.plusDays(rnd.nextInt(60)) : null;
                LocalDate until = rnd.nextInt(3) == 0 ? null : (from != null ? from : collected).plusDays(rnd.nextInt(150));
                evs.add(new Bundle.Evidence(id + "-E" + e, id, null, "evidence", collected, from, until, null, null));
            }
        }
        return new Bundle(Bundle.FORMAT, fws, reqs, maps, ctls, List.of(), evs, List.of());
    }

    private static void grow(Random rnd, List<Bundle.Requirement> reqs, String fw, String id, String parent, int depth) {
        // now and then a withdrawn requirement (an OSCAL catalog's withdrawn control), a leaf or one
        // with children of its own: outside its parent's roll-up, its children still rolling up into it
        boolean withdrawn = parent != null && rnd.nextInt(8) == 0;
        reqs.add(new Bundle.Requirement(fw, id, parent, id, withdrawn ? "withdrawn" : "k", null, null, null, null, null, null));
        if (depth <= 1) return;
        int kids = rnd.nextInt(4);
        for (int k = 0; k < kids; k++) grow(rnd, reqs, fw, id + "." + k, id, depth - 1);
    }

    static Map<String, String> names(Map<String, Integer> levels) {
        Map<String, String> out = new TreeMap<>();
        levels.forEach((k, v) -> out.put(k, Level.name(v)));
        return out;
    }

    /**
     * Every lost or degraded requirement: its supportBefore is the reference support, supportAfter
     * that minus the failed set; a lost one has a lost path from a failed control and no holding
     * path; a degraded one keeps a holding path; every path starts at the right kind of control,
     * ends at the requirement and names one step per edge.
     */
    @SuppressWarnings("unchecked")
    static void checkPathsAndSupport(Map<String, Object> impact, List<String> fail, Map<String, Set<String>> support, String ctx) {
        for (Object f : (List<?>) impact.get("frameworks")) {
            for (String kind : List.of("lost", "degraded")) {
                for (Object o : (List<?>) ((Map<?, ?>) f).get(kind)) {
                    Map<String, Object> item = (Map<String, Object>) o;
                    String uid = (String) item.get("uid");
                    assertEquals(List.copyOf(support.get(uid)), item.get("supportBefore"), ctx + " supportBefore of " + uid);
                    assertEquals(support.get(uid).stream().filter(c -> !fail.contains(c)).toList(), item.get("supportAfter"), ctx + " supportAfter of " + uid);
                    List<Engine.Path> lostPaths = (List<Engine.Path>) item.get("lostPaths");
                    List<Engine.Path> holding = (List<Engine.Path>) item.get("holdingPaths");
                    assertTrue(!lostPaths.isEmpty(), ctx + " no lost path for " + uid);
                    assertEquals(kind.equals("lost"), holding.isEmpty(), ctx + " holding paths of " + kind + " " + uid);
                    for (Engine.Path p : lostPaths) assertTrue(fail.contains(p.control()), ctx + " lost path from " + p.control());
                    for (Engine.Path p : holding) assertTrue(!fail.contains(p.control()) && support.get(uid).contains(p.control()), ctx + " holding path from " + p.control());
                    for (Engine.Path p : java.util.stream.Stream.concat(lostPaths.stream(), holding.stream()).toList()) {
                        assertEquals(uid, p.nodes().get(p.nodes().size() - 1), ctx + " path end");
                        assertEquals(p.nodes().size() - 1, p.steps().size(), ctx + " one step per edge");
                    }
                }
            }
        }
    }

    @Test
    void cypher_and_engine_answers_equal_the_reference_on_random_bundles() {
        HarnessGraph h = HarnessGraph.get();
        Random rnd = new Random(20261123L);
        int bundles = 40;
        int questions = 0;
        int nonTrivialImpacts = 0;
        // Both caching modes, each kept across every bundle and status change, so a stale cache
        // fails the comparison: commits observed (embedded) and a count fingerprint (external).
        CoverageService observing = new CoverageService(h.graph, h.commits);
        CoverageService fingerprinting = new CoverageService(h.graph);
        int withdrawnParents = 0;
        int parallelEdges = 0;
        for (int bi = 0; bi < bundles; bi++) {
            Bundle b = randomBundle(rnd);
            Bundle gen = b;
            if (b.requirements().stream().anyMatch(r -> "withdrawn".equals(r.kind())
                    && gen.requirements().stream().anyMatch(c -> r.id().equals(c.parent()) && r.framework().equals(c.framework())))) withdrawnParents++;
            if (b.mappings().stream().anyMatch(m -> "parallel-source".equals(m.source()))) parallelEdges++;
            h.wipe();
            h.bundles.importBundle(b);
            List<String> ids = b.controls().stream().map(Bundle.Control::id).toList();
            if (bi % 3 == 2) {
                // a status change through crossmap between questions must show in the next answers
                Bundle.Control c = b.controls().get(rnd.nextInt(b.controls().size()));
                String status = c.status().equals("operating") ? "failed" : "operating";
                observing.levels(List.of(), 1, null);
                fingerprinting.levels(List.of(), 1, null);
                (bi % 2 == 0 ? observing : fingerprinting).setStatus(c.id(), status, "test", "test");
                List<Bundle.Control> changed = new ArrayList<>();
                for (Bundle.Control x : b.controls()) {
                    changed.add(x != c ? x : new Bundle.Control(x.id(), x.name(), x.description(), x.owner(), status, x.frequency(), x.satisfies()));
                }
                b = new Bundle(b.format(), b.frameworks(), b.requirements(), b.mappings(), changed, b.policies(), b.evidence(), b.gaps());
            }
            ReferenceCoverage ref = new ReferenceCoverage(b);
            for (int q = 0; q < 6; q++) {
                CoverageService svc = q % 2 == 0 ? observing : fingerprinting;
                int hops = rnd.nextInt(5);
                LocalDate asOf = rnd.nextBoolean() ? null : START.plusDays(rnd.nextInt(400));
                List<String> fail = new ArrayList<>(new TreeSet<>(List.of(ids.get(rnd.nextInt(ids.size())), ids.get(rnd.nextInt(ids.size())))));
                String ctx = "bundle " + bi + " hops=" + hops + " asOf=" + asOf + " fail=" + fail;

                Set<String> effBefore = ref.effective(Set.of(), asOf);
                Set<String> effAfter = ref.effective(new HashSet<>(fail), asOf);
                Map<String, Integer> before = ref.levels(effBefore, hops);
                Map<String, Integer> after = ref.levels(effAfter, hops);
                assertEquals(names(before), svc.levels(List.of(), hops, asOf), ctx);
                assertEquals(names(after), svc.levels(fail, hops, asOf), ctx);
                // and the rules as Cypher statements, run by the database (cypher/coverage_rule_*)
                assertEquals(names(before), svc.levels(List.of(), hops, asOf, CoverageService.Rules.CYPHER), ctx + " cypher rules");
                assertEquals(names(after), svc.levels(fail, hops, asOf, CoverageService.Rules.CYPHER), ctx + " cypher rules");

                // the explanation's level by rule, for a few requirements: against the reference's parts
                List<String> uids = b.requirements().stream().map(Bundle.Requirement::uid).toList();
                for (int k = 0; k < 4; k++) {
                    String uid = uids.get(rnd.nextInt(uids.size()));
                    int[] parts = ref.parts(effBefore, hops, uid);
                    Map<?, ?> from = (Map<?, ?>) svc.explain(uid, hops, asOf).get("levelFrom");
                    String[] names = {"none", "partial", "full"};
                    assertEquals(names[parts[0]], from.get("direct"), ctx + " direct level of " + uid);
                    assertEquals(parts[1] < 0 ? null : names[parts[1]], from.get("rollUp"), ctx + " roll-up of " + uid);
                    assertEquals(parts[2] < 0 ? null : names[parts[2]], from.get("crosswalk"), ctx + " crosswalk level of " + uid);
                    assertEquals(names[before.get(uid)], names[Math.max(parts[0], Math.max(parts[1], parts[2]))], ctx + " level of " + uid + " is the highest part");
                }

                Map<String, Set<String>> support = ref.support(effBefore, hops);
                Map<String, List<String>> engineSupport = svc.support(List.of(), hops, asOf);
                support.forEach((uid, s) -> assertEquals(List.copyOf(s), engineSupport.get(uid), ctx + " support of " + uid));

                // withdrawn requirements are outside the counts: never lost or degraded
                Set<String> withdrawn = b.requirements().stream().filter(r -> "withdrawn".equals(r.kind())).map(Bundle.Requirement::uid)
                        .collect(java.util.stream.Collectors.toSet());
                Set<String> lost = new TreeSet<>();
                Set<String> degraded = new TreeSet<>();
                before.forEach((uid, l) -> {
                    if (withdrawn.contains(uid)) return;
                    if (l > 0 && after.get(uid) == 0) lost.add(uid);
                    if (l == 2 && after.get(uid) == 1) degraded.add(uid);
                });
                Map<String, Object> impact = svc.impact(fail, hops, asOf, null);
                Map<String, List<String>> imp = CoverageFixtureTest.lostAndDegraded(impact);
                checkPathsAndSupport(impact, fail, support, ctx);

                // single points of failure: exactly the requirements (withdrawn ones aside) whose reference support has one control
                Map<String, String> sole = new TreeMap<>();
                support.forEach((uid, s) -> {
                    if (s.size() == 1 && !withdrawn.contains(uid)) sole.put(uid, s.iterator().next());
                });
                Map<String, String> spof = new TreeMap<>();
                for (Object r : (List<?>) svc.singlePointsOfFailure(null, hops, asOf).get("requirements")) {
                    spof.put((String) ((Map<?, ?>) r).get("uid"), (String) ((Map<?, ?>) r).get("control"));
                }
                assertEquals(sole, spof, ctx + " single points of failure");
                assertEquals(List.copyOf(lost), imp.getOrDefault("lost", List.of()), ctx + " lost");
                assertEquals(List.copyOf(degraded), imp.getOrDefault("degraded", List.of()), ctx + " degraded");
                if (!lost.isEmpty() || !degraded.isEmpty()) nonTrivialImpacts++;
                questions++;
            }
        }
        assertEquals(240, questions);
        // the generator must actually exercise impact, not only empty answers, and the awkward shapes
        assertTrue(nonTrivialImpacts > 60, "non-trivial impacts: " + nonTrivialImpacts);
        assertTrue(withdrawnParents >= 5, "bundles with a withdrawn requirement that has children: " + withdrawnParents);
        assertTrue(parallelEdges >= 5, "bundles with parallel edges: " + parallelEdges);
    }
}
