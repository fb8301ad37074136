package crossmap.coverage;

import crossmap.http.ApiException;
import crossmap.store.Graph;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Record;

/**
 * Coverage, impact, explanations and single points of failure (PRODUCT.md section 2). Cypher reads
 * the structure (cached until it changes) and, per question, each control's status, evidence
 * validity on asOf and what it satisfies; {@link Engine} applies the rules.
 */
public final class CoverageService {
    public static final int MAX_HOPS = 4;
    static final int PATH_LIMIT = 20;
    static final int PATH_BUDGET = 200_000;

    private final Graph graph;
    private volatile Cached cached;

    private record Cached(List<Object> fingerprint, Projection projection) {}

    public CoverageService(Graph graph) {
        this.graph = graph;
    }

    /** The structure, re-read when the counts of requirements, crosswalk edges or PART_OF edges change, or after {@link #invalidate()}. */
    public Projection projection() {
        List<Object> fp = graph.read("coverage_fingerprint", Map.of(), r -> List.<Object>of(
                r.get("requirements").asLong(), r.get("mappings").asLong(), r.get("partOf").asLong())).get(0);
        Cached c = cached;
        if (c != null && c.fingerprint().equals(fp)) return c.projection();
        Projection p = graph.inRead(tx -> {
            List<Projection.Req> reqs = tx.run(graph.query("coverage_requirements")).list(r -> new Projection.Req(
                    r.get("uid").asString(), r.get("framework").asString(), r.get("id").asString(), r.get("name").asString(null),
                    r.get("kind").asString(null), r.get("designation").asString(null), r.get("parent").asString(null)));
            List<Projection.Edge> edges = tx.run(graph.query("coverage_mappings")).list(r -> new Projection.Edge(
                    r.get("from").asString(), r.get("to").asString(), r.get("relationship").asString(),
                    r.get("strength").isNull() ? null : r.get("strength").asInt(), r.get("source").asString(null),
                    r.get("note").asString(null), r.get("part").asString(null)));
            return new Projection(reqs, edges);
        });
        cached = new Cached(fp, p);
        return p;
    }

    /** Forget the cached structure (after a write that may change crosswalk properties). */
    public void invalidate() {
        cached = null;
    }

    public List<Engine.ControlInput> controls(LocalDate asOf) {
        Map<String, Object> params = new HashMap<>();
        params.put("asOf", asOf);
        return graph.read("coverage_controls", params, r -> new Engine.ControlInput(r.get("id").asString(), r.get("name").asString(null),
                r.get("status").asString(null), r.get("evidenced").asBoolean(),
                r.get("satisfies").asList(v -> new Engine.Sat(v.get("uid").asString(), Level.of(v.get("strength").asString())))));
    }

    static void checkHops(int hops) {
        if (hops < 0 || hops > MAX_HOPS) throw ApiException.badRequest("hops must be from 0 to " + MAX_HOPS + ", got " + hops);
    }

    private static Set<String> checkFailed(List<Engine.ControlInput> controls, List<String> fail) {
        Set<String> known = new HashSet<>();
        controls.forEach(c -> known.add(c.id()));
        List<String> unknown = fail.stream().filter(f -> !known.contains(f)).toList();
        if (!unknown.isEmpty()) throw ApiException.badRequest("unknown control id(s) in fail: " + String.join(", ", unknown));
        return new LinkedHashSet<>(fail);
    }

    /** Every requirement's level (uid -> none/partial/full) for a failed set, hops and asOf. */
    public Map<String, String> levels(List<String> fail, int hops, LocalDate asOf) {
        checkHops(hops);
        Projection p = projection();
        List<Engine.ControlInput> controls = controls(asOf);
        Engine.Result r = Engine.compute(p, controls, checkFailed(controls, fail), hops);
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < p.size(); i++) out.put(p.req(i).uid(), Level.name(r.level(i)));
        return out;
    }

    /** Every requirement's supporting controls (uid -> sorted control ids; empty when none). */
    public Map<String, List<String>> support(List<String> fail, int hops, LocalDate asOf) {
        checkHops(hops);
        Projection p = projection();
        List<Engine.ControlInput> controls = controls(asOf);
        Engine.Result r = Engine.compute(p, controls, checkFailed(controls, fail), hops);
        Map<String, List<String>> out = new TreeMap<>();
        for (int i = 0; i < p.size(); i++) out.put(p.req(i).uid(), controlIds(r, r.support()[i]).stream().sorted().toList());
        return out;
    }

    // ---- coverage report ------------------------------------------------------------------

    public Map<String, Object> coverage(String framework, int hops, LocalDate asOf, String against) {
        checkHops(hops);
        Projection p = projection();
        List<Engine.ControlInput> controls = controls(asOf);
        Engine.Result r = Engine.compute(p, controls, Set.of(), hops);
        Set<String> fws = new LinkedHashSet<>();
        for (int i = 0; i < p.size(); i++) fws.add(p.req(i).framework());
        if (framework != null && !fws.contains(framework)) throw ApiException.notFound("no framework '" + framework + "'");
        if (against != null && !fws.contains(against)) throw ApiException.notFound("no framework '" + against + "' (against)");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String fw : fws) {
            if (framework != null && !fw.equals(framework)) continue;
            out.add(frameworkReport(p, r, fw, framework != null, against));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hops", hops);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("frameworks", out);
        return m;
    }

    private Map<String, Object> frameworkReport(Projection p, Engine.Result r, String fw, boolean details, String against) {
        Counts all = new Counts();
        Map<String, Counts> byKind = new TreeMap<>();
        Map<String, Counts> byDesignation = new TreeMap<>();
        Map<Integer, Counts> bySection = new LinkedHashMap<>();
        List<Map<String, Object>> none = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            Projection.Req q = p.req(i);
            if (!q.framework().equals(fw)) continue;
            int lvl = r.level(i);
            all.add(lvl);
            byKind.computeIfAbsent(q.kind() == null ? "requirement" : q.kind(), k -> new Counts()).add(lvl);
            if (q.designation() != null && !q.designation().equals("none")) byDesignation.computeIfAbsent(q.designation(), k -> new Counts()).add(lvl);
            if (p.root(i) != i) bySection.computeIfAbsent(p.root(i), k -> new Counts()).add(lvl);
            if (lvl == Level.NONE) none.add(brief(p, i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", fw);
        m.put("total", all.json());
        m.put("byKind", mapJson(byKind));
        m.put("byDesignation", mapJson(byDesignation));
        List<Map<String, Object>> sections = new ArrayList<>();
        bySection.forEach((root, c) -> {
            Map<String, Object> s = brief(p, root);
            s.put("level", Level.name(r.level(root)));
            s.put("counts", c.json());
            sections.add(s);
        });
        m.put("sections", sections);
        if (details) {
            m.put("none", none);
            if (against != null) {
                m.put("against", against);
                m.put("unmapped", graph.read("unmapped_against", Map.of("framework", fw, "against", against), Record::asMap));
                m.put("gapNotes", graph.read("gap_notes", Map.of("framework", fw), Record::asMap));
            }
        }
        return m;
    }

    private static Map<String, Object> mapJson(Map<String, Counts> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.json()));
        return out;
    }

    static Map<String, Object> brief(Projection p, int i) {
        Projection.Req q = p.req(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", q.uid());
        m.put("framework", q.framework());
        m.put("id", q.id());
        m.put("name", q.name());
        m.put("kind", q.kind());
        if (q.designation() != null && !q.designation().equals("none")) m.put("designation", q.designation());
        return m;
    }

    /** Counts of requirements at each level, with percentages (one decimal). */
    static final class Counts {
        final int[] n = new int[3];

        void add(int level) {
            n[level]++;
        }

        Map<String, Object> json() {
            int total = n[0] + n[1] + n[2];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", total);
            m.put("full", n[2]);
            m.put("partial", n[1]);
            m.put("none", n[0]);
            m.put("fullPct", pct(n[2], total));
            m.put("partialPct", pct(n[1], total));
            m.put("nonePct", pct(n[0], total));
            return m;
        }

        static double pct(int a, int total) {
            return total == 0 ? 0.0 : Math.round(1000.0 * a / total) / 10.0;
        }
    }

    // ---- impact ---------------------------------------------------------------------------

    public Map<String, Object> impact(List<String> fail, int hops, LocalDate asOf, List<String> frameworks) {
        checkHops(hops);
        if (fail.isEmpty()) throw ApiException.badRequest("fail must name at least one control id");
        Projection p = projection();
        List<Engine.ControlInput> controls = controls(asOf);
        Set<String> failed = checkFailed(controls, fail);
        Set<String> fwFilter = frameworks == null || frameworks.isEmpty() ? null : new LinkedHashSet<>(frameworks);
        if (fwFilter != null) {
            Set<String> known = new HashSet<>();
            for (int i = 0; i < p.size(); i++) known.add(p.req(i).framework());
            List<String> unknown = fwFilter.stream().filter(f -> !known.contains(f)).toList();
            if (!unknown.isEmpty()) throw ApiException.badRequest("unknown framework(s): " + String.join(", ", unknown));
        }
        Engine.Result before = Engine.compute(p, controls, Set.of(), hops);
        Engine.Result after = Engine.compute(p, controls, failed, hops);
        Map<String, Map<String, Object>> perFw = new LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            String fw = p.req(i).framework();
            if (fwFilter != null && !fwFilter.contains(fw)) continue;
            Map<String, Object> f = perFw.computeIfAbsent(fw, k -> newFrameworkImpact(k));
            int b = before.level(i);
            int a = after.level(i);
            ((Counts) f.get("_before")).add(b);
            ((Counts) f.get("_after")).add(a);
            if (b > Level.NONE && a == Level.NONE) list(f, "lost").add(changed(p, before, after, i, failed));
            else if (b == Level.FULL && a == Level.PARTIAL) list(f, "degraded").add(changed(p, before, after, i, failed));
        }
        List<Map<String, Object>> fws = new ArrayList<>();
        int lost = 0;
        int degraded = 0;
        for (Map<String, Object> f : perFw.values()) {
            f.put("before", ((Counts) f.remove("_before")).json());
            f.put("after", ((Counts) f.remove("_after")).json());
            lost += list(f, "lost").size();
            degraded += list(f, "degraded").size();
            fws.add(f);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fail", List.copyOf(failed));
        m.put("hops", hops);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("lostCount", lost);
        m.put("degradedCount", degraded);
        m.put("frameworks", fws);
        return m;
    }

    private static Map<String, Object> newFrameworkImpact(String fw) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("framework", fw);
        f.put("lost", new ArrayList<Map<String, Object>>());
        f.put("degraded", new ArrayList<Map<String, Object>>());
        f.put("_before", new Counts());
        f.put("_after", new Counts());
        return f;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String k) {
        return (List<Map<String, Object>>) m.get(k);
    }

    private Map<String, Object> changed(Projection p, Engine.Result before, Engine.Result after, int i, Set<String> failed) {
        Map<String, Object> m = brief(p, i);
        m.put("before", Level.name(before.level(i)));
        m.put("after", Level.name(after.level(i)));
        m.put("supportBefore", controlIds(before, before.support()[i]));
        m.put("supportAfter", controlIds(after, after.support()[i]));
        List<Engine.Path> paths = Engine.paths(p, before, i, Set.of(), PATH_LIMIT * 3, PATH_BUDGET);
        List<Engine.Path> lostPaths = paths.stream().filter(x -> failed.contains(x.control())).limit(PATH_LIMIT).toList();
        List<Engine.Path> holding = paths.stream().filter(x -> !failed.contains(x.control())).limit(PATH_LIMIT).toList();
        m.put("lostPaths", lostPaths);
        m.put("holdingPaths", holding);
        return m;
    }

    static List<String> controlIds(Engine.Result r, BitSet s) {
        List<String> out = new ArrayList<>();
        for (int c = s.nextSetBit(0); c >= 0; c = s.nextSetBit(c + 1)) out.add(r.controls().get(c).id());
        return out;
    }

    // ---- explanation ----------------------------------------------------------------------

    /** "How is this requirement covered?": its level, supporting controls and every supporting path (capped). */
    public Map<String, Object> explain(String uid, int hops, LocalDate asOf) {
        checkHops(hops);
        Projection p = projection();
        Integer i = p.indexOf(uid);
        if (i == null) throw ApiException.notFound("no requirement '" + uid + "'");
        Engine.Result r = Engine.compute(p, controls(asOf), Set.of(), hops);
        List<Engine.Path> paths = Engine.paths(p, r, i, Set.of(), 100, PATH_BUDGET);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", Level.name(r.level(i)));
        m.put("hops", hops);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("support", controlIds(r, r.support()[i]));
        m.put("paths", paths);
        m.put("pathsTruncated", paths.size() >= 100);
        return m;
    }

    // ---- single points of failure -----------------------------------------------------------

    public Map<String, Object> singlePointsOfFailure(String framework, int hops, LocalDate asOf) {
        checkHops(hops);
        Projection p = projection();
        Engine.Result r = Engine.compute(p, controls(asOf), Set.of(), hops);
        boolean found = framework == null;
        List<Map<String, Object>> reqs = new ArrayList<>();
        Map<String, List<String>> alone = new TreeMap<>();
        for (int i = 0; i < p.size(); i++) {
            if (framework != null && !p.req(i).framework().equals(framework)) continue;
            found = true;
            if (r.support()[i].cardinality() == 1) {
                String c = r.controls().get(r.support()[i].nextSetBit(0)).id();
                Map<String, Object> m = brief(p, i);
                m.put("level", Level.name(r.level(i)));
                m.put("control", c);
                reqs.add(m);
                alone.computeIfAbsent(c, k -> new ArrayList<>()).add(p.req(i).uid());
            }
        }
        if (!found) throw ApiException.notFound("no framework '" + framework + "'");
        List<Map<String, Object>> ranking = new ArrayList<>();
        alone.forEach((c, list) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("control", c);
            m.put("name", r.controls().stream().filter(x -> x.id().equals(c)).findFirst().map(Engine.ControlInput::name).orElse(null));
            m.put("requirementsHeldAlone", list.size());
            m.put("requirements", list);
            ranking.add(m);
        });
        ranking.sort(Comparator.comparing((Map<String, Object> m) -> -(int) m.get("requirementsHeldAlone")).thenComparing(m -> (String) m.get("control")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", framework);
        m.put("hops", hops);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("requirements", reqs);
        m.put("controls", ranking);
        return m;
    }

    // ---- writes ---------------------------------------------------------------------------

    /** Sets a control's status and records the change in the audit trail, in one transaction. */
    public Map<String, Object> setStatus(String id, String status, String actor, String client) {
        if (!crossmap.bundle.Bundle.STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + String.join(", ", crossmap.bundle.Bundle.STATUSES) + ", got '" + status + "'");
        }
        return graph.inWrite(tx -> {
            List<Record> rows = tx.run(graph.query("set_control_status"), Map.of("id", id, "status", status)).list();
            if (rows.isEmpty()) throw ApiException.notFound("no control '" + id + "'");
            String previous = rows.get(0).get("previous").asString(null);
            Map<String, Object> ch = new HashMap<>();
            ch.put("actor", actor);
            ch.put("client", client);
            ch.put("action", "control.status");
            ch.put("target", id);
            ch.put("detail", previous + " -> " + status);
            String changeId = tx.run(graph.query("record_change"), ch).single().get("id").asString();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("previous", previous);
            m.put("status", status);
            m.put("change", changeId);
            return m;
        });
    }
}
