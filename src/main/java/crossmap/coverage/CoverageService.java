package crossmap.coverage;

import crossmap.http.ApiException;
import crossmap.query.QueryService;
import crossmap.store.CommitLog;
import crossmap.store.Graph;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Coverage, impact, explanations and single points of failure (PRODUCT.md section 2). Cypher reads
 * the inputs (requirements, PART_OF, crosswalk edges, controls with status, evidence and SATISFIES)
 * once per version of the data into a {@link Model}; {@link Engine} applies the rules. Levels and
 * the coverage report can also come from the rules written as Cypher statements ({@link Rules#CYPHER},
 * {@link CypherRules}), which the database runs over the whole graph per question.
 *
 * <p>Caching, and how it stays correct: in embedded mode crossmap sees every commit to its
 * database (its own writes and any made over Bolt, {@link CommitLog}); a commit that only sets
 * controls' status is applied to the cached inputs, any other makes the next question re-read them. Against an external Neo4j a count-store fingerprint (requirements, crosswalk and
 * PART_OF edges, controls, SATISFIES, evidence, and the audit trail, which every crossmap write
 * extends) is read per question instead. Per (hops, asOf) the levels without any failure are kept
 * ({@link Baseline}), so an impact question recomputes only the requirements the failed controls
 * reach ({@link Engine#region}).
 */
public final class CoverageService {
    public static final int MAX_HOPS = 4;
    static final int PATH_LIMIT = 20;
    static final int PATH_BUDGET = 200_000;
    /**
     * An impact answer lists at most ITEM_LIMIT changed requirements (catalogue order; the counts stay
     * exact) and gives support and paths for the first DETAIL_LIMIT of them. Failing every control of a
     * 31,500-requirement catalogue otherwise answered 272 MB in 9 s at hops 1 and ran a 2 GB heap out
     * at hops 2: a read, open to anyone the server answers, must not be able to do that.
     */
    static final int ITEM_LIMIT = 5_000;
    static final int DETAIL_LIMIT = 500;
    static final int BASELINES_KEPT = 32;
    static final Duration RULES_TIMEOUT = Duration.ofSeconds(60);

    private final Graph graph;
    /** Commits seen by the embedded database, or null when commits cannot be observed (external store). */
    private final CommitLog commits;
    private final Duration rulesTimeout;
    /**
     * Levels from the Cypher rules re-derive the whole graph (1.4 s at T1's 31,500 requirements):
     * one such question at a time, each under its own transaction timeout, so they cannot pile up.
     */
    final Semaphore rulesRunning = new Semaphore(1);
    private volatile Snapshot snapshot;

    /** A model and the baselines computed on it, for one version of the data. */
    private static final class Snapshot {
        volatile Object version;
        final Model model;
        final Map<String, Baseline> baselines = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Baseline> e) {
                return size() > BASELINES_KEPT;
            }
        };

        Snapshot(Object version, Model model) {
            this.version = version;
            this.model = model;
        }

        synchronized Baseline baseline(int hops, LocalDate asOf) {
            return baselines.computeIfAbsent(hops + "|" + asOf, k -> new Baseline(model, hops, asOf));
        }
    }

    /** The answer without any failed control, for one hops and asOf: effective controls and stage levels. */
    static final class Baseline {
        final Model model;
        final int hops;
        final LocalDate asOf;
        final boolean[] eff;
        final byte[][] stages;
        final byte[] levels;
        private volatile Map<String, Counts> byFramework;
        private volatile int[] sole;

        Baseline(Model model, int hops, LocalDate asOf) {
            this.model = model;
            this.hops = hops;
            this.asOf = asOf;
            this.eff = Engine.effective(model, asOf, new int[0]);
            this.stages = Engine.stages(model, eff, hops);
            this.levels = stages[hops];
        }

        Map<String, Counts> byFramework() {
            Map<String, Counts> m = byFramework;
            if (m == null) {
                m = new HashMap<>();
                Projection p = model.p;
                for (int i = 0; i < p.size(); i++) {
                    if (!Projection.withdrawn(p.req(i))) m.computeIfAbsent(p.req(i).framework(), k -> new Counts()).add(levels[i]);
                }
                byFramework = m;
            }
            return m;
        }

        int[] sole() {
            int[] s = sole;
            if (s == null) sole = s = Engine.soleSupporters(model, eff, hops);
            return s;
        }
    }

    public CoverageService(Graph graph) {
        this(graph, null);
    }

    /** @param commits the database's commits (embedded mode), or null to read a fingerprint per question */
    public CoverageService(Graph graph, CommitLog commits) {
        this(graph, commits, RULES_TIMEOUT);
    }

    /** @param rulesTimeout the transaction timeout of levels from the Cypher rules (engine=cypher) */
    public CoverageService(Graph graph, CommitLog commits, Duration rulesTimeout) {
        this.graph = graph;
        this.commits = commits;
        this.rulesTimeout = rulesTimeout;
    }

    /**
     * The inputs as of now. After commits that only set controls' status (a PATCH, or the same
     * through Bolt), the model is brought up to date from the commit log without re-reading the
     * graph; any other change re-reads it.
     */
    private Snapshot snapshot() {
        Object version = commits != null ? (Object) commits.version()
                : graph.read("coverage_fingerprint", Map.of(), r -> r.get("counts").asList(v -> v.asLong())).get(0);
        Snapshot s = snapshot;
        if (s != null && s.version.equals(version)) return s;
        synchronized (this) {
            s = snapshot;
            if (s != null && s.version.equals(version)) return s;
            Map<String, String> statuses = s != null && commits != null ? commits.statusChanges((Long) s.version, (Long) version) : null;
            if (statuses != null && statuses.isEmpty()) {
                s.version = version;
            } else if (statuses != null && s.model.knowsControls(statuses.keySet())) {
                s = new Snapshot(version, s.model.withStatuses(statuses));
            } else {
                s = new Snapshot(version, graph.inRead(this::readModel));
            }
            snapshot = s;
            return s;
        }
    }

    private Model readModel(org.neo4j.driver.TransactionContext tx) {
        record Sorted(Projection.Req req, String sortKey) {}
        List<Sorted> rows = new ArrayList<>(tx.run(graph.query("coverage_requirements")).list(r -> new Sorted(new Projection.Req(
                r.get("uid").asString(), r.get("framework").asString(), r.get("id").asString(), r.get("name").asString(null),
                r.get("kind").asString(null), r.get("designation").asString(null), r.get("parent").asString(null)),
                r.get("sortKey").asString())));
        rows.sort(Comparator.comparing((Sorted x) -> x.req().framework()).thenComparing(Sorted::sortKey).thenComparing(x -> x.req().id()));
        List<Projection.Req> reqs = rows.stream().map(Sorted::req).toList();
        List<Projection.Edge> edges = new ArrayList<>(tx.run(graph.query("coverage_mappings")).list(r -> new Projection.Edge(
                r.get("from").asString(), r.get("to").asString(), r.get("relationship").asString(), r.get("source").asString(null),
                r.get("part").asString(null), r.get("key").asString(""))));
        edges.sort(Comparator.comparing(Projection.Edge::from).thenComparing(Projection.Edge::to).thenComparing(Projection.Edge::key));
        List<Engine.ControlInput> controls = tx.run(graph.query("coverage_controls")).list(r -> new Engine.ControlInput(
                r.get("id").asString(), r.get("name").asString(null), r.get("status").asString(null),
                r.get("evidence").asList(v -> new Engine.Window(date(v.get("from")), date(v.get("until")))),
                r.get("satisfies").asList(v -> new Engine.Sat(v.get("uid").asString(), Level.of(v.get("strength").asString())))));
        controls = new ArrayList<>(controls);
        controls.sort(Comparator.comparing(Engine.ControlInput::id));
        Map<String, List<Map<String, Object>>> gaps = new HashMap<>();
        tx.run(graph.query("coverage_gaps")).list(r -> gaps.computeIfAbsent(r.get("uid").asString(), k -> new ArrayList<>())
                .add(gapNote(r.get("against").asString(null), r.get("source").asString(), r.get("note").asString(null))));
        return new Model(new Projection(reqs, edges, gaps), controls);
    }

    private static Map<String, Object> gapNote(String against, String source, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("against", against);
        m.put("source", source);
        m.put("note", note);
        return m;
    }

    private static LocalDate date(org.neo4j.driver.Value v) {
        return v.isNull() ? null : v.asLocalDate();
    }

    /** Reads the inputs and the default answer (hops 1, no asOf) ahead of the first question; returns how many requirements. */
    public int warm() {
        return snapshot().baseline(1, null).levels.length;
    }

    /** Forget the cached inputs (they are re-read at the next question). */
    public void invalidate() {
        snapshot = null;
    }

    static void checkHops(int hops) {
        String problem = hopsProblem(hops);
        if (problem != null) throw ApiException.badRequest(problem);
    }

    private static String hopsProblem(int hops) {
        return hops < 0 || hops > MAX_HOPS ? "hops must be from 0 to " + MAX_HOPS + ", got " + hops : null;
    }

    private static String unknownControlsProblem(Model m, List<String> fail) {
        List<String> unknown = fail.stream().filter(f -> m.control(f) == null).distinct().toList();
        return unknown.isEmpty() ? null : "unknown control id(s) in fail: " + String.join(", ", unknown);
    }

    /**
     * Everything wrong with an impact question, so that one answer names it all: `hops` out of range
     * (null: already refused by the caller), an empty failed set, unknown control ids, unknown frameworks.
     */
    public List<String> impactProblems(List<String> fail, Integer hops, List<String> frameworks) {
        return impactProblems(snapshot().model, fail, hops, frameworks);
    }

    private static List<String> impactProblems(Model m, List<String> fail, Integer hops, List<String> frameworks) {
        List<String> problems = new ArrayList<>();
        if (hops != null) problems.add(hopsProblem(hops));
        if (fail.isEmpty()) problems.add("fail must name at least one control id");
        problems.add(unknownControlsProblem(m, fail));
        problems.removeIf(java.util.Objects::isNull);
        Projection p = m.p;
        if (frameworks != null) {
            List<String> unknownFw = frameworks.stream().distinct().filter(f -> !p.frameworks.contains(f)).toList();
            if (!unknownFw.isEmpty()) problems.add("unknown framework(s): " + String.join(", ", unknownFw));
        }
        return problems;
    }

    /** The failed set as control indexes; unknown ids are a 400 naming them. */
    private static int[] checkFailed(Model m, List<String> fail) {
        String problem = unknownControlsProblem(m, fail);
        if (problem != null) throw ApiException.badRequest(problem);
        return new LinkedHashSet<>(fail).stream().mapToInt(m::control).toArray();
    }

    /**
     * Which engine computes levels: {@link Engine} over the cached inputs (the default, and the only
     * one that answers support paths), or the rules as Cypher statements run by the database
     * ({@link CypherRules}).
     */
    public enum Rules {
        JAVA, CYPHER;

        /** From a request parameter: null or blank is the default; anything else but java/cypher is a 400. */
        public static Rules of(String name) {
            if (name == null || name.isBlank()) return JAVA;
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "java" -> JAVA;
                case "cypher" -> CYPHER;
                default -> throw ApiException.badRequest("engine must be java or cypher, got '" + name + "'");
            };
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every requirement's level (uid -> none/partial/full) for a failed set, hops and asOf. */
    public Map<String, String> levels(List<String> fail, int hops, LocalDate asOf) {
        return levels(fail, hops, asOf, Rules.JAVA);
    }

    /** The same from the chosen engine. */
    public Map<String, String> levels(List<String> fail, int hops, LocalDate asOf, Rules rules) {
        checkHops(hops);
        Snapshot s = snapshot();
        Model m = s.model;
        int[] failed = checkFailed(m, fail);
        byte[] lv = rules == Rules.CYPHER ? cypherLevels(m.p, fail, hops, asOf)
                : failed.length == 0 ? s.baseline(hops, asOf).levels : Engine.stages(m, Engine.effective(m, asOf, failed), hops)[hops];
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < m.p.size(); i++) out.put(m.p.req(i).uid(), Level.name(lv[i]));
        return out;
    }

    /** Every requirement's supporting controls (uid -> sorted control ids; empty when none). */
    public Map<String, List<String>> support(List<String> fail, int hops, LocalDate asOf) {
        checkHops(hops);
        Model m = snapshot().model;
        boolean[] eff = Engine.effective(m, asOf, checkFailed(m, fail));
        byte[][] st = Engine.stages(m, eff, hops);
        Map<String, List<String>> out = new TreeMap<>();
        Engine.Scratch seen = m.borrow();
        try {
            for (int i = 0; i < m.p.size(); i++) out.put(m.p.req(i).uid(), controlIds(m, Engine.supporters(m, st, eff, i, hops, seen)));
        } finally {
            m.release(seen);
        }
        return out;
    }

    static List<String> controlIds(Model m, int[] cs) {
        List<String> out = new ArrayList<>(cs.length);
        for (int c : cs) out.add(m.controls.get(c).id());
        out.sort(null);
        return out;
    }

    // ---- coverage report ------------------------------------------------------------------

    /** Levels from {@link CypherRules}, indexed as the projection's requirements (absent: none). */
    private byte[] cypherLevels(Projection p, List<String> fail, int hops, LocalDate asOf) {
        if (!rulesRunning.tryAcquire()) {
            throw new ApiException(429, "rules_busy", "the Cypher rules are already computing levels for another question; one runs at a time"
                    + " (each stops at the " + words(rulesTimeout) + " --rules-timeout at the latest): try again shortly, or use engine=java", null);
        }
        CypherRules.Levels l;
        try {
            l = CypherRules.levels(graph, List.copyOf(new LinkedHashSet<>(fail)), hops, asOf, rulesTimeout);
        } catch (Neo4jException e) {
            ApiException refused = QueryService.translate(e);
            if (refused.status() == 408) {
                throw new ApiException(408, "query_timeout", "the Cypher rules ran longer than --rules-timeout (" + words(rulesTimeout)
                        + ") and were stopped; engine=java answers the same levels, or start crossmap with a longer --rules-timeout", null);
            }
            throw refused;
        } finally {
            rulesRunning.release();
        }
        byte[] lv = new byte[p.size()];
        l.byUid().forEach((uid, level) -> {
            Integer i = p.indexOf(uid);
            if (i != null) lv[i] = level.byteValue();
        });
        return lv;
    }

    /** A duration as a person would write it: 250 ms, 5 s, 1.5 s. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    public Map<String, Object> coverage(String framework, int hops, LocalDate asOf, String against) {
        return coverage(framework, hops, asOf, against, Rules.JAVA);
    }

    /** The coverage report, its levels from the chosen engine (the rest of the report is the same). */
    public Map<String, Object> coverage(String framework, int hops, LocalDate asOf, String against, Rules rules) {
        checkHops(hops);
        Snapshot s = snapshot();
        Projection p = s.model.p;
        if (framework != null && !p.frameworks.contains(framework)) throw ApiException.notFound("no framework '" + framework + "'");
        if (against != null && !p.frameworks.contains(against)) throw ApiException.notFound("no framework '" + against + "' (against)");
        if (against != null && framework == null) {
            String example = p.frameworks.stream().filter(f -> !f.equals(against)).findFirst().orElse("F");
            throw ApiException.badRequest("against needs framework: the unmapped list is of one framework's requirements (e.g. ?framework=" + example
                    + "&against=" + against + ")");
        }
        if (against != null && against.equals(framework)) throw ApiException.badRequest("against names the framework itself (" + against + ")");
        List<Map<String, Object>> out = new ArrayList<>();
        byte[] levels = rules == Rules.CYPHER ? cypherLevels(p, List.of(), hops, asOf) : s.baseline(hops, asOf).levels;
        for (String fw : p.frameworks) {
            if (framework != null && !fw.equals(framework)) continue;
            out.add(frameworkReport(s.model, levels, fw, framework != null, against));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", rules.label());
        m.put("hops", hops);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("frameworks", out);
        return m;
    }

    private Map<String, Object> frameworkReport(Model model, byte[] levels, String fw, boolean details, String against) {
        Projection p = model.p;
        Counts all = new Counts();
        int satisfied = 0;
        Map<String, Counts> byKind = new TreeMap<>();
        Map<String, Counts> byDesignation = new TreeMap<>();
        Map<Integer, Counts> bySection = new LinkedHashMap<>();
        Map<Integer, Map<String, Counts>> sectionDesignations = new HashMap<>();
        // one level below the sections (SOC 2's series under its categories, HIPAA's standards under
        // its sections): each part's level and the counts of everything under it; in a one-framework
        // report only (all 2,700 frameworks' parts made T2's all-framework report five times slower)
        Map<Integer, List<Integer>> sectionParts = new HashMap<>();
        Map<Integer, Counts> byPart = new HashMap<>();
        Map<Integer, Map<String, Counts>> partDesignations = new HashMap<>();
        List<Map<String, Object>> none = new ArrayList<>();
        for (int i : p.members.get(fw)) {
            Projection.Req q = p.req(i);
            if (Projection.withdrawn(q)) continue;
            int lvl = levels[i];
            if (model.satByReq[i].length > 0) satisfied++;
            int part = details ? partOf(p, i) : -1;
            if (part == i) sectionParts.computeIfAbsent(p.root(i), k -> new ArrayList<>()).add(i);
            else if (part >= 0) {
                byPart.computeIfAbsent(part, k -> new Counts()).add(lvl);
                if (designated(q)) partDesignations.computeIfAbsent(part, k -> new TreeMap<>()).computeIfAbsent(q.designation(), k -> new Counts()).add(lvl);
            }
            all.add(lvl);
            byKind.computeIfAbsent(q.kind() == null ? "requirement" : q.kind(), k -> new Counts()).add(lvl);
            if (designated(q)) byDesignation.computeIfAbsent(q.designation(), k -> new Counts()).add(lvl);
            if (p.root(i) != i) {
                bySection.computeIfAbsent(p.root(i), k -> new Counts()).add(lvl);
                if (designated(q)) {
                    sectionDesignations.computeIfAbsent(p.root(i), k -> new TreeMap<>()).computeIfAbsent(q.designation(), k -> new Counts()).add(lvl);
                }
            }
            if (lvl == Level.NONE) none.add(brief(p, i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", fw);
        m.put("total", all.json());
        // requirements some control satisfies directly, whatever its status: 0 for a catalogue only the crosswalk reaches
        m.put("satisfiedDirectly", satisfied);
        m.put("byKind", mapJson(byKind));
        m.put("byDesignation", mapJson(byDesignation));
        List<Map<String, Object>> sections = new ArrayList<>();
        bySection.forEach((root, c) -> {
            Map<String, Object> s = brief(p, root);
            s.put("level", Level.name(levels[root]));
            s.put("counts", c.json());
            s.put("byDesignation", mapJson(sectionDesignations.getOrDefault(root, Map.of())));
            if (!details) {
                sections.add(s);
                return;
            }
            List<Map<String, Object>> parts = new ArrayList<>();
            for (int part : sectionParts.getOrDefault(root, List.of())) {
                Map<String, Object> x = brief(p, part);
                x.put("level", Level.name(levels[part]));
                x.put("counts", byPart.getOrDefault(part, new Counts()).json());
                x.put("byDesignation", mapJson(partDesignations.getOrDefault(part, Map.of())));
                parts.add(x);
            }
            s.put("parts", parts);
            sections.add(s);
        });
        m.put("sections", sections);
        if (details) {
            m.put("none", none);
            if (against != null) {
                m.put("against", against);
                m.put("unmapped", graph.read("unmapped_against", Map.of("framework", fw, "against", against), Record::asMap));
                m.put("gapNotes", graph.read("gap_notes", Map.of("framework", fw, "against", against), Record::asMap));
            }
        }
        return m;
    }

    /** The ancestor of i one level below its section (i itself at that level), or -1 for a section. */
    private static int partOf(Projection p, int i) {
        if (p.parent[i] < 0) return -1;
        int at = i;
        while (p.parent[p.parent[at]] >= 0) at = p.parent[at];
        return at;
    }

    private static Map<String, Object> mapJson(Map<String, Counts> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.json()));
        return out;
    }

    /** A HIPAA-style designation (required, addressable): counted apart and shown; "none" is no designation. */
    private static boolean designated(Projection.Req q) {
        return q.designation() != null && !q.designation().equals("none");
    }

    static Map<String, Object> brief(Projection p, int i) {
        Projection.Req q = p.req(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", q.uid());
        m.put("framework", q.framework());
        m.put("id", q.id());
        m.put("name", q.name());
        m.put("kind", q.kind());
        if (designated(q)) m.put("designation", q.designation());
        List<Map<String, Object>> gaps = p.gapNotes.get(q.uid());
        if (gaps != null) m.put("gaps", gaps);
        return m;
    }

    /** Counts of requirements at each level, with percentages (one decimal). */
    static final class Counts {
        final int[] n = new int[3];

        void add(int level) {
            n[level]++;
        }

        void addAll(Counts o) {
            for (int k = 0; k < 3; k++) n[k] += o.n[k];
        }

        /** These counts with a per-level change applied. */
        Counts plus(int[] delta) {
            Counts c = new Counts();
            for (int k = 0; k < 3; k++) c.n[k] = n[k] + (delta == null ? 0 : delta[k]);
            return c;
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

    /**
     * Impact of a failed set (PRODUCT.md section 2, item 6). Only the requirements the failed controls
     * reach are recomputed; `touched` in the answer says how many that was. Frameworks are listed
     * when something in them is lost or degraded, or when named in `frameworks`; the others are
     * counted in `unchangedFrameworks`, and `totals` sums every framework (or the named ones).
     */
    public Map<String, Object> impact(List<String> fail, int hops, LocalDate asOf, List<String> frameworks) {
        Snapshot snap = snapshot();
        Model m = snap.model;
        List<String> problems = impactProblems(m, fail, hops, frameworks);
        if (!problems.isEmpty()) throw ApiException.badRequest(problems);
        Projection p = m.p;
        int[] failed = checkFailed(m, fail);
        Set<String> fwFilter = frameworks == null || frameworks.isEmpty() ? null : new LinkedHashSet<>(frameworks);
        Baseline b = snap.baseline(hops, asOf);
        boolean[] effAfter = b.eff.clone();
        for (int c : failed) effAfter[c] = false;
        // only failed controls that were effective reach anything
        int[] reaching = java.util.stream.IntStream.of(failed).filter(c -> b.eff[c]).toArray();
        Engine.Scratch slot = m.borrow();
        Engine.Scratch seen = m.borrow();
        try {
            int[] region = Engine.bottomUpOrder(p, Engine.region(m, reaching, hops, slot));
            byte[][] after = Engine.localAfter(m, b.stages, effAfter, region, slot, hops);
            byte[] afterFinal = after[hops];
            // changed requirements, in catalogue order
            List<int[]> changed = new ArrayList<>();
            for (int j = 0; j < region.length; j++) {
                int i = region[j];
                // a withdrawn requirement is outside the counts, so it is never lost or degraded either
                if (b.levels[i] != afterFinal[j] && !Projection.withdrawn(p.req(i))
                        && (fwFilter == null || fwFilter.contains(p.req(i).framework()))) changed.add(new int[] {i, j});
            }
            changed.sort(Comparator.comparingInt(x -> x[0]));
            java.util.function.IntPredicate failedHere = c -> b.eff[c] && !effAfter[c];
            Engine.StageLevels beforeInRegion = (t, node) -> slot.has(node) ? b.stages[t][node] : Level.NONE;
            Engine.StageLevels afterView = (t, node) -> slot.has(node) ? after[t][slot.get(node)] : b.stages[t][node];
            Map<String, Map<String, Object>> perFw = new LinkedHashMap<>();
            Map<String, int[]> delta = new HashMap<>();
            int lost = 0;
            int degraded = 0;
            int listed = 0;
            for (int[] x : changed) {
                int i = x[0];
                String fw = p.req(i).framework();
                int bl = b.levels[i];
                int al = afterFinal[x[1]];
                int[] d = delta.computeIfAbsent(fw, k -> new int[3]);
                d[bl]--;
                d[al]++;
                String kind = bl > Level.NONE && al == Level.NONE ? "lost" : bl == Level.FULL && al == Level.PARTIAL ? "degraded" : null;
                if (kind == null) continue;
                if (kind.equals("lost")) lost++;
                else degraded++;
                Map<String, Object> fwImpact = perFw.computeIfAbsent(fw, k -> newFrameworkImpact(k));
                fwImpact.merge(kind + "Count", 1, (a, c) -> (Integer) a + (Integer) c);
                if (listed++ >= ITEM_LIMIT) continue;
                Map<String, Object> item = brief(p, i);
                item.put("before", Level.name(bl));
                item.put("after", Level.name(al));
                list(fwImpact, kind).add(item);
                if (listed > DETAIL_LIMIT) {
                    item.put("detailOmitted", true);
                    continue;
                }
                int[] supBefore = Engine.supporters(m, b.stages, b.eff, i, hops, seen);
                List<String> before = controlIds(m, supBefore);
                item.put("supportBefore", before);
                item.put("supportAfter", before.stream().filter(c -> effAfter[m.control(c)]).toList());
                Engine.Paths lostPaths = Engine.pathsOf(m, beforeInRegion, failedHere, i, hops, PATH_LIMIT, PATH_BUDGET);
                Engine.Paths holdingPaths = Engine.pathsOf(m, afterView, c -> effAfter[c], i, hops, PATH_LIMIT, PATH_BUDGET);
                item.put("lostPaths", lostPaths.list());
                item.put("holdingPaths", holdingPaths.list());
                // at most PATH_LIMIT of each: the flags say when more may exist
                item.put("lostPathsTruncated", lostPaths.truncated());
                item.put("holdingPathsTruncated", holdingPaths.truncated());
            }
            if (fwFilter != null) for (String fw : fwFilter) perFw.computeIfAbsent(fw, k -> newFrameworkImpact(k));
            Map<String, Counts> beforeCounts = b.byFramework();
            Counts totalBefore = new Counts();
            Counts totalAfter = new Counts();
            for (String fw : p.frameworks) {
                if (fwFilter != null && !fwFilter.contains(fw)) continue;
                Counts bc = beforeCounts.getOrDefault(fw, new Counts());
                Counts ac = bc.plus(delta.get(fw));
                totalBefore.addAll(bc);
                totalAfter.addAll(ac);
                Map<String, Object> f = perFw.get(fw);
                if (f != null) {
                    f.put("before", bc.json());
                    f.put("after", ac.json());
                }
            }
            List<Map<String, Object>> fws = new ArrayList<>();
            for (String fw : p.frameworks) if (perFw.containsKey(fw)) fws.add(perFw.get(fw));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("fail", fail.stream().distinct().toList());
            out.put("hops", hops);
            out.put("asOf", asOf == null ? null : asOf.toString());
            out.put("lostCount", lost);
            out.put("degradedCount", degraded);
            // more changed requirements than one answer lists (ITEM_LIMIT) or details (DETAIL_LIMIT)
            out.put("itemsTruncated", lost + degraded > ITEM_LIMIT);
            out.put("detailLimit", DETAIL_LIMIT);
            out.put("touched", region.length);
            // failed controls that were not effective before the failure (not operating, or no evidence
            // valid on asOf): failing them changes nothing, and the answer says why
            List<Map<String, Object>> ineffective = new ArrayList<>();
            for (int c : failed) {
                if (b.eff[c]) continue;
                Engine.ControlInput ci = m.controls.get(c);
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", ci.id());
                x.put("status", ci.status());
                x.put("reason", "operating".equals(ci.status()) ? "no evidence valid on " + asOf : ci.status().replace('_', ' '));
                ineffective.add(x);
            }
            ineffective.sort(Comparator.comparing(x -> (String) x.get("id")));
            out.put("alreadyIneffective", ineffective);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("before", totalBefore.json());
            totals.put("after", totalAfter.json());
            out.put("totals", totals);
            out.put("frameworks", fws);
            out.put("unchangedFrameworks", (fwFilter == null ? p.frameworks.size() : fwFilter.size()) - fws.size());
            return out;
        } finally {
            m.release(slot);
            m.release(seen);
        }
    }

    private static Map<String, Object> newFrameworkImpact(String fw) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("framework", fw);
        f.put("lostCount", 0);
        f.put("degradedCount", 0);
        f.put("lost", new ArrayList<Map<String, Object>>());
        f.put("degraded", new ArrayList<Map<String, Object>>());
        return f;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String k) {
        return (List<Map<String, Object>>) m.get(k);
    }

    // ---- explanation ----------------------------------------------------------------------

    /** "How is this requirement covered?": its level, supporting controls and every supporting path (capped). */
    public Map<String, Object> explain(String uid, int hops, LocalDate asOf) {
        checkHops(hops);
        Baseline b = snapshot().baseline(hops, asOf);
        Model m = b.model;
        Integer i = m.p.indexOf(uid);
        if (i == null) throw ApiException.notFound("no requirement '" + uid + "'");
        Engine.Paths paths = Engine.pathsOf(m, (t, node) -> b.stages[t][node], c -> b.eff[c], i, hops, 100, PATH_BUDGET);
        Engine.Scratch seen = m.borrow();
        List<String> support;
        try {
            support = controlIds(m, Engine.supporters(m, b.stages, b.eff, i, hops, seen));
        } finally {
            m.release(seen);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", Level.name(b.levels[i]));
        out.put("levelFrom", levelFrom(m, b, i, hops));
        out.put("hops", hops);
        out.put("asOf", asOf == null ? null : asOf.toString());
        out.put("support", support);
        out.put("paths", paths.list());
        out.put("pathsTruncated", paths.truncated());
        return out;
    }

    /**
     * The level by the rule it comes from (the level is the highest): `direct` (a control satisfies
     * it), `rollUp` (its children; null when it has none, with `children` counting them by level) and
     * `crosswalk` (its best mapping arrival; null at hops 0 or when no mapping can carry coverage to it,
     * as a no_relationship one cannot). A parent can be
     * full by roll-up while every path to it is partial: the paths alone do not say so.
     */
    private static Map<String, Object> levelFrom(Model m, Baseline b, int i, int hops) {
        int[] parts = Engine.basis(m, b.stages, b.eff, i, hops);
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("direct", Level.name(parts[0]));
        int[] kids = m.p.children[i];
        from.put("rollUp", kids.length == 0 ? null : Level.name(parts[1]));
        if (kids.length > 0) {
            int[] n = new int[3];
            for (int k : kids) n[b.levels[k]]++;
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("full", n[Level.FULL]);
            counts.put("partial", n[Level.PARTIAL]);
            counts.put("none", n[Level.NONE]);
            from.put("children", counts);
        }
        from.put("crosswalk", hops == 0 || m.p.arrivals[i].length == 0 ? null : Level.name(parts[2]));
        return from;
    }

    // ---- single points of failure -----------------------------------------------------------

    public Map<String, Object> singlePointsOfFailure(String framework, int hops, LocalDate asOf) {
        checkHops(hops);
        Baseline b = snapshot().baseline(hops, asOf);
        Model m = b.model;
        Projection p = m.p;
        if (framework != null && !p.frameworks.contains(framework)) throw ApiException.notFound("no framework '" + framework + "'");
        int[] sole = b.sole();
        List<Map<String, Object>> reqs = new ArrayList<>();
        Map<String, List<String>> alone = new TreeMap<>();
        int[] scope = framework == null ? java.util.stream.IntStream.range(0, p.size()).toArray() : p.members.get(framework);
        for (int i : scope) {
            if (sole[i] >= 0 && !Projection.withdrawn(p.req(i))) {
                String c = m.controls.get(sole[i]).id();
                Map<String, Object> r = brief(p, i);
                r.put("level", Level.name(b.levels[i]));
                r.put("control", c);
                reqs.add(r);
                alone.computeIfAbsent(c, k -> new ArrayList<>()).add(p.req(i).uid());
            }
        }
        List<Map<String, Object>> ranking = new ArrayList<>();
        alone.forEach((c, list) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("control", c);
            r.put("name", m.controls.get(m.control(c)).name());
            r.put("requirementsHeldAlone", list.size());
            r.put("requirements", list);
            ranking.add(r);
        });
        ranking.sort(Comparator.comparing((Map<String, Object> r) -> -(int) r.get("requirementsHeldAlone")).thenComparing(r -> (String) r.get("control")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("framework", framework);
        out.put("hops", hops);
        out.put("asOf", asOf == null ? null : asOf.toString());
        out.put("requirements", reqs);
        out.put("controls", ranking);
        return out;
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
