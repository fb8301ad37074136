package crossmap.bundle;

import crossmap.store.Graph;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Imports a bundle into the graph (validated, in one transaction, batched with UNWIND, idempotent)
 * and exports the graph as a bundle. The import queries begin with {@code CYPHER replan=skip}: their
 * plans are index seeks at any size, and a store that grows under an import would otherwise have them
 * planned again each time its statistics move (a few hundred milliseconds each time).
 */
public final class BundleStore {
    /**
     * The writes in one UNWIND batch (one transaction of a crash-safe import): a row counts one, plus
     * one per link it carries (a control's SATISFIES, a policy's GOVERNS), so a transaction's size is
     * bounded whatever the rows hold (1,000 controls of 48 links each were one 49,000-write
     * transaction before). Against 1,000 plain rows, with re-planning skipped, the T1 benchmark file
     * took a median 15.5 s instead of 16.7 s through the batches (three interleaved runs each,
     * 2026-11-29; the ranges overlap: this machine varies by a tenth between runs).
     */
    static final int BATCH = Integer.getInteger("crossmap.importBatch", 5000);
    /** How {@link #steps} cuts a bundle into batches; a change to it changes this, so a ledger left by another cut is not misread. */
    static final String LAYOUT = "2";
    private final Graph graph;

    public BundleStore(Graph graph) {
        this.graph = graph;
    }

    /** What an import did. */
    public record ImportResult(int frameworks, int requirements, int mappings, int controls, int policies, int evidence, int gaps,
                               int batches, int batchesAlreadyCommitted) {
        ImportResult(Bundle b, int batches, int batchesAlreadyCommitted) {
            this(b.frameworks().size(), b.requirements().size(), b.mappings().size(), b.controls().size(), b.policies().size(),
                    b.evidence().size(), b.gaps().size(), batches, batchesAlreadyCommitted);
        }

        public int total() {
            return frameworks + requirements + mappings + controls + policies + evidence + gaps;
        }
    }

    /** Parses, validates and imports bundle JSON; a refused bundle throws {@link BundleException} and changes nothing. */
    public ImportResult importJson(String json) {
        return importBundle(BundleReader.parse(json));
    }

    public ImportResult importBundle(Bundle b) {
        return importBundle(b, null);
    }

    /**
     * Validates and imports in one transaction; when `change` is given (actor, client, action,
     * target, detail) it is recorded in the audit trail in that same transaction.
     */
    public ImportResult importBundle(Bundle b, Map<String, Object> change) {
        return importBundle(b, change, Progress.NONE);
    }

    /**
     * Reports batches written: what (the step), its rows done and in all, and the bundle's items
     * written so far (a second pass over rows already counted, as the requirements' parent links, adds none).
     */
    public interface Progress {
        void batch(String what, int done, int total, long items);

        Progress NONE = (what, done, total, items) -> { };
    }

    public ImportResult importBundle(Bundle b, Map<String, Object> change, Progress progress) {
        ImportResult r = graph.inWrite(tx -> {
            BundleChecks.check(b, known(tx));
            write(tx, b, progress);
            if (change != null) tx.run(graph.query("record_change"), change).consume();
            return new ImportResult(b, 1, 0);
        });
        awaitSearchIndex();
        return r;
    }

    /** The full-text index is eventually consistent (see schema.cypher): an import returns once search sees it. */
    private void awaitSearchIndex() {
        graph.inRead(tx -> tx.run(graph.query("fulltext_await")).consume());
    }

    /** One import query and the rows it is run with, in UNWIND batches of about {@link #BATCH} writes. */
    record Step(String query, List<Map<String, Object>> rows, boolean secondPass) {
        Step(String query, List<Map<String, Object>> rows) {
            this(query, rows, false);
        }

        /** Where each batch ends: fixed by the rows alone, so a resumed import cuts them as the first run did. */
        List<Integer> batchEnds() {
            List<Integer> ends = new ArrayList<>();
            int weight = 0;
            for (int i = 0; i < rows.size(); i++) {
                int w = weight(rows.get(i));
                if (weight > 0 && weight + w > BATCH) {
                    ends.add(i);
                    weight = 0;
                }
                weight += w;
            }
            if (weight > 0) ends.add(rows.size());
            return ends;
        }

        private static int weight(Map<String, Object> row) {
            int w = 1;
            for (String links : List.of("satisfies", "governs")) if (row.get(links) instanceof List<?> l) w += l.size();
            return w;
        }
    }

    /** The bundle as an ordered list of import steps (frameworks first, gap notes last). */
    static List<Step> steps(Bundle b) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("import_frameworks", b.frameworks().stream().map(f -> props(
                "id", f.id(), "name", f.name(), "version", f.version(), "publisher", f.publisher(), "kind", f.kind(),
                "source", f.source())).toList()));
        steps.add(new Step("import_requirements", b.requirements().stream().map(r -> props(
                "uid", r.uid(), "framework", r.framework(), "id", r.id(), "name", r.name(), "kind", r.kind(),
                "designation", r.designation() == null ? "none" : r.designation(), "summary", r.summary(),
                "sortKey", r.sortKey() == null ? SortKeys.of(r.id()) : r.sortKey(),
                "cosoPrinciple", r.cosoPrinciple(), "safeguard", r.safeguard(), "label", r.label())).toList()));
        steps.add(new Step("import_requirement_parents", b.requirements().stream().map(r -> props(
                "uid", r.uid(), "parentUid", r.parent() == null ? null : Bundle.uid(r.framework(), r.parent()))).toList(), true));
        steps.add(new Step("import_mappings", b.mappings().stream().map(m -> props(
                "fromUid", m.from().uid(), "toUid", m.to().uid(),
                "props", props("key", m.key(), "relationship", m.relationship(), "strength", m.strength(),
                        "rationale", m.rationale(), "source", m.source(), "note", m.note(), "part", m.part()))).toList()));
        steps.add(new Step("import_controls", b.controls().stream().map(c -> props(
                "props", props("id", c.id(), "name", c.name(), "description", c.description(), "owner", c.owner(),
                        // absent (a new control: the checks refuse it for one the store holds): operating, no links
                        "status", c.status() == null ? "operating" : c.status(), "frequency", c.frequency()),
                "satisfies", (c.satisfies() == null ? List.<Bundle.Satisfies>of() : c.satisfies()).stream()
                        .map(s -> props("uid", s.uid(), "strength", s.strength(), "note", s.note())).toList()))
                .toList()));
        steps.add(new Step("import_policies", b.policies().stream().map(p -> props(
                "props", props("id", p.id(), "title", p.title(), "version", p.version(), "approvedOn", p.approvedOn(),
                        "reviewEveryMonths", p.reviewEveryMonths(), "owner", p.owner()),
                "governs", p.governs())).toList()));
        steps.add(new Step("import_evidence", b.evidence().stream().map(e -> props(
                "control", e.control(),
                "props", props("id", e.id(), "kind", e.kind(), "title", e.title(), "collectedOn", e.collectedOn(),
                        "validFrom", e.validFrom(), "validUntil", e.validUntil(), "uri", e.uri(), "sha256", e.sha256()))).toList()));
        steps.add(new Step("import_gaps", b.gaps().stream().map(g -> props(
                "uid", Bundle.uid(g.framework(), g.id()),
                "props", props("id", g.key(), "against", g.against(), "source", g.source(), "note", g.note()))).toList()));
            return steps;
    }

    private void write(TransactionContext tx, Bundle b, Progress progress) {
        long items = 0;
        for (Step step : steps(b)) {
            String text = graph.query(step.query());
            int i = 0;
            for (int end : step.batchEnds()) {
                tx.run(text, Map.of("rows", step.rows().subList(i, end))).consume();
                if (!step.secondPass()) items += end - i;
                i = end;
                progress.batch(step.query().replace("import_", ""), end, step.rows().size(), items);
            }
        }
    }

    /**
     * A crash-safe import for large files: validated first as a whole (a refused bundle changes
     * nothing), then committed batch by batch, each batch with a ledger entry
     * ({@code :ImportBatch {id: importKey + "/" + LAYOUT + "x" + BATCH + ":" + n, import: importKey}}) written in the same transaction. A process
     * killed at any moment leaves only whole batches; running the same import again skips the
     * batches in the ledger and finishes the rest. A finished import clears its ledger, so the same
     * file imported again later is applied again. `importKey` names the content (a hash of the file).
     */
    /** An audit-trail entry (record_change): who, from where, what kind of write, on what, in words. */
    public static Map<String, Object> change(String actor, String client, String action, String target, String detail) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("actor", actor);
        m.put("client", client);
        m.put("action", action);
        m.put("target", target);
        m.put("detail", detail);
        return m;
    }

    public ImportResult importInBatches(Bundle b, String importKey, Progress progress) {
        return importInBatches(b, importKey, null, progress);
    }

    /**
     * As above; `change` (actor, client, action, target, detail), when given, is recorded in the
     * audit trail after the last batch. An import of several batches also records, with the first
     * batch this run writes, the same change with action {@code <action>.started}: a run killed
     * half-way has written whole batches, and the trail says so.
     */
    public ImportResult importInBatches(Bundle b, String importKey, Map<String, Object> change, Progress progress) {
        graph.inRead(tx -> {
            BundleChecks.check(b, known(tx));
            return null;
        });
        // a batch is named by the import's content, how its batches are cut (another cut names other
        // batches, so a resumed run with another batch size applies everything again, which is safe:
        // imports are idempotent), and its place in the sequence
        String run = importKey + "/" + LAYOUT + "x" + BATCH;
        int n = 0;
        int skipped = 0;
        long items = 0;
        List<Step> steps = steps(b);
        Map<String, Object> started = null;
        if (change != null && steps.stream().mapToInt(st -> st.batchEnds().size()).sum() > 1) {
            started = new java.util.HashMap<>(change);
            started.put("action", change.get("action") + ".started");
        }
        boolean[] startRecorded = {started == null};
        for (Step step : steps) {
            String text = graph.query(step.query());
            int start = 0;
            for (int end : step.batchEnds()) {
                List<Map<String, Object>> rows = step.rows().subList(start, end);
                if (!step.secondPass()) items += end - start;
                start = end;
                String id = run + ":" + n++;
                Map<String, Object> startChange = started;
                boolean written = graph.inWrite(tx -> {
                    if (tx.run(graph.query("ledger_has_batch"), Map.of("id", id)).hasNext()) return false;
                    tx.run(text, Map.of("rows", rows)).consume();
                    tx.run(graph.query("ledger_record_batch"), Map.of("id", id, "import", importKey, "step", step.query(), "rows", rows.size())).consume();
                    if (!startRecorded[0]) tx.run(graph.query("record_change"), startChange).consume();
                    return true;
                });
                if (written) startRecorded[0] = true;
                if (!written) skipped++;
                progress.batch(step.query().replace("import_", ""), end, step.rows().size(), items);
            }
        }
        graph.inWrite(tx -> {
            // every entry of this content, whatever cut wrote it
            tx.run(graph.query("ledger_clear"), Map.of("import", importKey)).consume();
            if (change != null) tx.run(graph.query("record_change"), change).consume();
            return null;
        });
        awaitSearchIndex();
        return new ImportResult(b, n, skipped);
    }

    /**
     * Completes an offline first load ({@link BulkLoader}) once the store has opened on it: waits
     * until every index (built over the loaded data when the schema was applied) is online, and
     * records the changes in the audit trail, in one transaction.
     */
    public ImportResult finishBulkLoad(Bundle b, List<Map<String, Object>> changes) {
        graph.inRead(tx -> tx.run(graph.query("await_indexes")).consume());
        if (!changes.isEmpty()) {
            graph.inWrite(tx -> {
                for (Map<String, Object> change : changes) tx.run(graph.query("record_change"), change).consume();
                return null;
            });
        }
        awaitSearchIndex();
        return new ImportResult(b, 0, 0);
    }

    /** A map that keeps insertion order and drops null values (so absent stays absent in the graph). */
    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private BundleChecks.Known known(TransactionContext tx) {
        return new BundleChecks.Known() {
            public Set<String> frameworks(Collection<String> ids) {
                return ids.isEmpty() ? Set.of() : strings(tx, "known_frameworks", Map.of("ids", List.copyOf(ids)), "id");
            }

            public Set<String> requirements(Collection<String> uids) {
                return uids.isEmpty() ? Set.of() : strings(tx, "known_requirements", Map.of("uids", List.copyOf(uids)), "uid");
            }

            public Map<String, List<String>> frameworksOfRequirementIds(Collection<String> ids) {
                Map<String, List<String>> out = new HashMap<>();
                tx.run(graph.query("known_requirement_ids"), Map.of("ids", List.copyOf(ids))).forEachRemaining(r ->
                        out.put(r.get("id").asString(), r.get("frameworks").asList(Value::asString)));
                return out;
            }

            public Set<String> controls(Collection<String> ids) {
                return controlStates(ids).keySet();
            }

            public Map<String, BundleChecks.ControlState> controlStates(Collection<String> ids) {
                Map<String, BundleChecks.ControlState> out = new HashMap<>();
                if (ids.isEmpty()) return out;
                tx.run(graph.query("known_control_states"), Map.of("ids", List.copyOf(ids))).forEachRemaining(r ->
                        out.put(r.get("id").asString(), new BundleChecks.ControlState(r.get("status").asString(null), r.get("links").asLong())));
                return out;
            }

            public Map<String, String> parents(Collection<String> frameworks) {
                Map<String, String> out = new HashMap<>();
                tx.run(graph.query("known_parents"), Map.of("frameworks", List.copyOf(frameworks))).forEachRemaining(r ->
                        out.put(r.get("child").asString(), r.get("parent").asString()));
                return out;
            }
        };
    }

    private Set<String> strings(TransactionContext tx, String query, Map<String, Object> params, String column) {
        return tx.run(graph.query(query), params).list(r -> r.get(column).asString()).stream().collect(Collectors.toSet());
    }

    // ---- export ---------------------------------------------------------------------------

    /** The whole graph as a bundle; importing it into an empty store gives the same graph. */
    public Bundle export() {
        return graph.inRead(tx -> {
            List<Bundle.Framework> fws = tx.run(graph.query("export_frameworks")).list(r -> {
                Map<String, Object> f = r.get("f").asMap();
                return new Bundle.Framework(s(f, "id"), s(f, "name"), s(f, "version"), s(f, "publisher"), s(f, "kind"), s(f, "source"));
            });
            // the queries stream unordered; sorting here keeps the transaction's memory flat at any size
            record SortedReq(String sortKey, Bundle.Requirement r) {}
            List<Bundle.Requirement> reqs = tx.run(graph.query("export_requirements")).list(r -> {
                Map<String, Object> m = r.get("r").asMap();
                return new SortedReq(s(m, "sortKey"), new Bundle.Requirement(s(m, "framework"), s(m, "id"),
                        r.get("parent").isNull() ? null : r.get("parent").asString(),
                        s(m, "name"), s(m, "kind"), s(m, "designation"), s(m, "summary"), s(m, "sortKey"),
                        m.get("cosoPrinciple") == null ? null : ((Number) m.get("cosoPrinciple")).intValue(), s(m, "safeguard"), s(m, "label")));
            }).stream().sorted(Comparator.comparing((SortedReq x) -> x.r().framework())
                    .thenComparing(SortedReq::sortKey, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(x -> x.r().id())).map(SortedReq::r).toList();
            List<Bundle.Mapping> maps = new ArrayList<>(tx.run(graph.query("export_mappings")).list(r -> {
                Map<String, Object> m = r.get("m").asMap();
                return new Bundle.Mapping(new Bundle.Ref(r.get("fromFramework").asString(), r.get("fromId").asString()),
                        new Bundle.Ref(r.get("toFramework").asString(), r.get("toId").asString()), s(m, "relationship"),
                        m.get("strength") == null ? null : ((Number) m.get("strength")).intValue(), s(m, "rationale"),
                        s(m, "source"), s(m, "note"), s(m, "part"));
            }));
            maps.sort(Comparator.comparing((Bundle.Mapping m) -> m.from().uid()).thenComparing(m -> m.to().uid()).thenComparing(Bundle.Mapping::key));
            record Sat(String sortKey, Bundle.Satisfies s) {}
            Map<String, Map<String, Object>> ctlProps = new java.util.TreeMap<>();
            Map<String, List<Sat>> sats = new HashMap<>();
            tx.run(graph.query("export_controls")).forEachRemaining(r -> {
                Map<String, Object> c = r.get("c").asMap();
                String id = s(c, "id");
                ctlProps.putIfAbsent(id, c);
                List<Sat> list = sats.computeIfAbsent(id, k -> new ArrayList<>());
                if (!r.get("framework").isNull()) {
                    list.add(new Sat(r.get("sortKey").asString(null), new Bundle.Satisfies(r.get("framework").asString(), r.get("id").asString(),
                            r.get("strength").asString(null), r.get("note").asString(null))));
                }
            });
            List<Bundle.Control> ctls = new ArrayList<>();
            ctlProps.forEach((id, c) -> {
                List<Bundle.Satisfies> sat = sats.get(id).stream().sorted(Comparator.comparing((Sat x) -> x.s().framework())
                        .thenComparing(Sat::sortKey, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(x -> x.s().id())).map(Sat::s).toList();
                ctls.add(new Bundle.Control(id, s(c, "name"), s(c, "description"), s(c, "owner"), s(c, "status"), s(c, "frequency"), sat));
            });
            List<Bundle.Policy> pols = tx.run(graph.query("export_policies")).list(r -> {
                Map<String, Object> p = r.get("p").asMap();
                return new Bundle.Policy(s(p, "id"), s(p, "title"), s(p, "version"), (LocalDate) p.get("approvedOn"),
                        p.get("reviewEveryMonths") == null ? null : ((Number) p.get("reviewEveryMonths")).intValue(), s(p, "owner"),
                        r.get("governs").asList(Value::asString));
            });
            List<Bundle.Evidence> evs = tx.run(graph.query("export_evidence")).list(r -> {
                Map<String, Object> e = r.get("e").asMap();
                return new Bundle.Evidence(s(e, "id"), r.get("control").asString(null), s(e, "kind"), s(e, "title"),
                        (LocalDate) e.get("collectedOn"), (LocalDate) e.get("validFrom"), (LocalDate) e.get("validUntil"),
                        s(e, "uri"), s(e, "sha256"));
            }).stream().sorted(Comparator.comparing(Bundle.Evidence::id)).toList();
            List<Bundle.Gap> gaps = tx.run(graph.query("export_gaps")).list(r -> {
                Map<String, Object> g = r.get("g").asMap();
                return new Bundle.Gap(r.get("framework").asString(), r.get("id").asString(), s(g, "against"), s(g, "source"), s(g, "note"));
            });
            return new Bundle(Bundle.FORMAT, fws, reqs, maps, ctls, pols, evs, gaps);
        });
    }

    private static String s(Map<String, Object> m, String k) {
        Object o = m.get(k);
        return o == null ? null : o.toString();
    }

    /**
     * A canonical text dump of the whole graph: every node (labels, properties) and relationship
     * (ends by key, type, properties), sorted, independent of internal ids. Two stores holding the
     * same graph give the same dump; values other than strings carry their type.
     */
    public String canonicalDump() {
        return graph.inRead(tx -> {
            TreeSet<String> lines = new TreeSet<>();
            List<String> nodes = tx.run(graph.query("canonical_nodes")).list(r ->
                    "N " + new TreeSet<>(r.get("labels").asList(Value::asString)) + " " + sorted(r.get("props").asMap()));
            List<String> rels = tx.run(graph.query("canonical_relationships")).list(r ->
                    "R " + r.get("from").asString(null) + " -" + r.get("type").asString() + "-> " + r.get("to").asString(null)
                            + " " + sorted(r.get("props").asMap()));
            List<String> all = new ArrayList<>(nodes);
            all.addAll(rels);
            // keep duplicates visible: count identical lines
            Map<String, Integer> counts = new HashMap<>();
            for (String l : all) counts.merge(l, 1, Integer::sum);
            counts.forEach((l, n) -> lines.add(n == 1 ? l : l + " x" + n));
            return String.join("\n", lines);
        });
    }

    private static String sorted(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        // a value that is not a string carries its type, so 8 (integer) and "8", or a date and its text, differ
        new java.util.TreeMap<>(m).forEach((k, v) -> sb.append(k).append('=').append(String.valueOf(v))
                .append(v == null || v instanceof String ? "" : ":" + v.getClass().getSimpleName()).append(", "));
        return sb.append('}').toString();
    }
}
