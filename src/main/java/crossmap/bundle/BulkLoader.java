package crossmap.bundle;

import crossmap.store.GraphStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * The first load of a large bundle into an embedded store that does not exist yet, through Neo4j's
 * offline importer ({@code neo4j-admin database import full}) instead of transactions: the
 * transactional write path costs 60–120 µs per node or edge on a 2-core machine whether the rows
 * come from Cypher or from the Core API (measured; see README), the offline importer writes the
 * store files directly.
 *
 * <p>The graph it writes is the graph {@link BundleStore} would write: the rows are the same
 * {@link BundleStore#steps} rows, only the transport differs (a test compares canonical dumps of
 * both). The caller validates the bundle first, against an empty store.
 *
 * <p>Crash safety: a marker file ({@link GraphStore#BULK_MARKER}), locked by this process, is
 * written before anything else and removed by {@link #finish} once the store has opened, built its
 * indexes and recorded the change; a store found with the marker present and unlocked (its process
 * died) is removed at the next open ({@link GraphStore#discardInterruptedBulkLoad}), so an
 * interrupted first load leaves an empty store and running the import again does it again, never
 * half of it.
 */
public final class BulkLoader {
    private BulkLoader() {}

    public static final class BulkLoadException extends RuntimeException {
        BulkLoadException(String message) {
            super(message);
        }
    }

    /** One CSV file for the importer: a node label or relationship type, its file, and whether a value in it spans lines. */
    private record Input(boolean nodes, String name, Path file, boolean multiline) {}

    /**
     * Writes the bundle into the (not yet existing) store in `dataDir` with the offline importer.
     * Leaves the crash marker in place: call {@link #finish} after the store has been opened.
     */
    public static void load(Bundle b, Path dataDir, java.util.function.Consumer<String> progress) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!GraphStore.isFresh(dir)) throw new BulkLoadException("the store in " + dir + " already exists");
        Path staging = dir.resolve("bulk-load");
        GraphStore.beginBulkLoad(dir);
        try {
            GraphStore.deleteTree(staging);
            Files.createDirectories(staging);
            long t0 = System.nanoTime();
            List<Input> inputs = writeCsv(b, staging);
            long t1 = System.nanoTime();
            List<String> multiline = inputs.stream().filter(Input::multiline).map(Input::name).toList();
            progress.accept(String.format(java.util.Locale.ROOT, "%d CSV files written in %.2f s; %s", inputs.size(), (t1 - t0) / 1e9,
                    multiline.isEmpty() ? "no value spans lines" : "values span lines in " + String.join(", ", multiline)));
            run(inputs, dir, staging, progress);
            progress.accept(String.format(java.util.Locale.ROOT, "store written by the offline importer in %.2f s", (System.nanoTime() - t1) / 1e9));
            GraphStore.deleteTree(staging);
        } catch (IOException | RuntimeException e) {
            GraphStore.abandonBulkLoad(dir);
            if (e instanceof BulkLoadException be) throw be;
            throw new BulkLoadException("bulk load into " + dir + " failed (the partial store is removed when crossmap next opens it): " + e.getMessage());
        }
    }

    /** Declares the first load complete: the store stays even if the process is killed from now on. */
    public static void finish(Path dataDir) {
        GraphStore.endBulkLoad(dataDir);
    }

    /** The first id (framework, requirement, control, policy, evidence or gap note) both bundles hold, described; null if none. */
    public static String sharedKey(Bundle a, Bundle b) {
        record Keys(String what, Function<Bundle, List<String>> of) {}
        for (Keys k : List.of(
                new Keys("framework", x -> x.frameworks().stream().map(Bundle.Framework::id).toList()),
                new Keys("requirement", x -> x.requirements().stream().map(Bundle.Requirement::uid).toList()),
                new Keys("control", x -> x.controls().stream().map(Bundle.Control::id).toList()),
                new Keys("policy", x -> x.policies().stream().map(Bundle.Policy::id).toList()),
                new Keys("evidence", x -> x.evidence().stream().map(Bundle.Evidence::id).toList()),
                new Keys("gap note", x -> x.gaps().stream().map(Bundle.Gap::key).toList()))) {
            java.util.Set<String> theirs = new java.util.HashSet<>(k.of().apply(b));
            for (String id : k.of().apply(a)) if (theirs.contains(id)) return k.what() + " " + id;
        }
        return null;
    }

    // ---- CSV in the importer's dialect --------------------------------------------------------

    private static List<Input> writeCsv(Bundle b, Path staging) throws IOException {
        Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();
        for (BundleStore.Step s : BundleStore.steps(b)) steps.put(s.query(), s.rows());
        List<Input> in = new ArrayList<>();
        List<Map<String, Object>> fws = steps.get("import_frameworks");
        List<Map<String, Object>> reqs = steps.get("import_requirements");
        nodes(in, staging, "Framework", "id", fws, r -> r);
        nodes(in, staging, "Requirement", "uid", reqs, r -> r);
        rels(in, staging, "IN", "Requirement", "Framework", reqs, r -> r.get("uid"), r -> r.get("framework"), r -> Map.of());
        rels(in, staging, "PART_OF", "Requirement", "Requirement",
                steps.get("import_requirement_parents").stream().filter(r -> r.get("parentUid") != null).toList(),
                r -> r.get("uid"), r -> r.get("parentUid"), r -> Map.of());
        rels(in, staging, "MAPS_TO", "Requirement", "Requirement", steps.get("import_mappings"),
                r -> r.get("fromUid"), r -> r.get("toUid"), BulkLoader::props);
        List<Map<String, Object>> controls = steps.get("import_controls");
        nodes(in, staging, "Control", "id", controls, BulkLoader::props);
        rels(in, staging, "SATISFIES", "Control", "Requirement", flatten(controls, "satisfies", "uid"),
                r -> r.get("from"), r -> r.get("uid"), r -> without(r, "from", "uid"));
        List<Map<String, Object>> policies = steps.get("import_policies");
        nodes(in, staging, "Policy", "id", policies, BulkLoader::props);
        rels(in, staging, "GOVERNS", "Policy", "Control", flatten(policies, "governs", "control"),
                r -> r.get("from"), r -> r.get("control"), r -> Map.of());
        List<Map<String, Object>> evidence = steps.get("import_evidence");
        nodes(in, staging, "Evidence", "id", evidence, BulkLoader::props);
        rels(in, staging, "SUPPORTS", "Evidence", "Control", evidence, r -> props(r).get("id"), r -> r.get("control"), r -> Map.of());
        List<Map<String, Object>> gaps = steps.get("import_gaps");
        nodes(in, staging, "Gap", "id", gaps, BulkLoader::props);
        rels(in, staging, "ABOUT", "Gap", "Requirement", gaps, r -> props(r).get("id"), r -> r.get("uid"), r -> Map.of());
        return in;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> row) {
        return (Map<String, Object>) row.get("props");
    }

    private static Map<String, Object> without(Map<String, Object> row, String... keys) {
        Map<String, Object> m = new LinkedHashMap<>(row);
        for (String k : keys) m.remove(k);
        return m;
    }

    /** One row per element of each owner's list (`list`), carrying the owner's id as "from"; plain strings become {field: value}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> flatten(List<Map<String, Object>> owners, String list, String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : owners) {
            for (Object x : (List<Object>) o.get(list)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", props(o).get("id"));
                if (x instanceof Map<?, ?> xm) m.putAll((Map<String, Object>) xm);
                else m.put(field, x);
                out.add(m);
            }
        }
        return out;
    }

    private static void nodes(List<Input> in, Path staging, String label, String idKey, List<Map<String, Object>> rows,
                              Function<Map<String, Object>, Map<String, Object>> props) throws IOException {
        // the ID column also becomes the node's property of that name
        file(in, staging, true, label, List.of(idKey + ":ID(" + label + ")"), List.of(r -> props.apply(r).get(idKey)), rows,
                r -> without(props.apply(r), idKey));
    }

    private static void rels(List<Input> in, Path staging, String type, String fromGroup, String toGroup, List<Map<String, Object>> rows,
                             Function<Map<String, Object>, Object> from, Function<Map<String, Object>, Object> to,
                             Function<Map<String, Object>, Map<String, Object>> props) throws IOException {
        file(in, staging, false, type, List.of(":START_ID(" + fromGroup + ")", ":END_ID(" + toGroup + ")"), List.of(from, to), rows, props);
    }

    /** One importer CSV: the leading columns (ids or ends), then a typed column per property any row has. */
    private static void file(List<Input> in, Path staging, boolean nodes, String name, List<String> leadHeader,
                             List<Function<Map<String, Object>, Object>> lead, List<Map<String, Object>> rows,
                             Function<Map<String, Object>, Map<String, Object>> props) throws IOException {
        if (rows.isEmpty()) return;
        List<Map<String, Object>> ps = rows.stream().map(props).toList();
        List<String> cols = columns(ps);
        Path f = staging.resolve(name + ".csv");
        try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(f), StandardCharsets.UTF_8), 1 << 16)) {
            List<String> header = new ArrayList<>(leadHeader);
            for (String c : cols) header.add(c + type(ps, c));
            w.write(String.join(",", header));
            w.write('\n');
            boolean multiline = false;
            for (int i = 0; i < rows.size(); i++) {
                for (int l = 0; l < lead.size(); l++) multiline |= value(w, l > 0, lead.get(l).apply(rows.get(i)));
                Map<String, Object> p = ps.get(i);
                for (String c : cols) multiline |= value(w, true, p.get(c));
                w.write('\n');
            }
            in.add(new Input(nodes, name, f, multiline));
        }
    }

    /** Every key any row has, in first-seen order. */
    private static List<String> columns(List<Map<String, Object>> rows) {
        java.util.LinkedHashSet<String> cols = new java.util.LinkedHashSet<>();
        for (Map<String, Object> r : rows) cols.addAll(r.keySet());
        return new ArrayList<>(cols);
    }

    /** The importer's type suffix for a column, from its values (the bundle's records type every field). */
    private static String type(List<Map<String, Object>> rows, String col) {
        for (Map<String, Object> r : rows) {
            Object v = r.get(col);
            if (v == null) continue;
            if (v instanceof Integer || v instanceof Long) return ":long";
            if (v instanceof LocalDate) return ":date";
            if (v instanceof Boolean) return ":boolean";
            if (v instanceof String) return "";
            throw new BulkLoadException("column " + col + " holds a " + v.getClass().getSimpleName() + ", which the bulk load does not write");
        }
        return "";
    }

    /**
     * One CSV field: a null is an empty field (no property), every string is quoted (so "" stays an
     * empty string). Returns whether the value spans lines.
     */
    private static boolean value(Writer w, boolean comma, Object v) throws IOException {
        if (comma) w.write(',');
        if (v == null) return false;
        if (v instanceof String s) {
            w.write('"');
            w.write(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\""));
            w.write('"');
            return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        }
        w.write(v.toString());
        return false;
    }

    // ---- the importer -------------------------------------------------------------------------

    /** The importer's output, kept in its log; its stage lines ("(2/4) Relationship import", "... COMPLETED in 1s 147ms") also go to `progress`. */
    private static final class StageLines extends java.io.FilterOutputStream {
        private static final java.util.regex.Pattern STAGE = java.util.regex.Pattern.compile("\\(\\d/\\d\\) .*|.* COMPLETED in .*|IMPORT DONE in .*");
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private final java.util.function.Consumer<String> progress;

        StageLines(java.io.OutputStream log, java.util.function.Consumer<String> progress) {
            super(log);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b != '\n') {
                line.write(b);
                return;
            }
            String s = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (STAGE.matcher(s).matches()) progress.accept("importer: " + s.replaceFirst(" \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+[+-]\\d{4}$", ""));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) write(b[i]);
        }
    }

    private static void run(List<Input> inputs, Path dir, Path staging, java.util.function.Consumer<String> progress) throws IOException {
        List<String> args = new ArrayList<>();
        for (Input i : inputs) args.add((i.nodes() ? "--nodes=" : "--relationships=") + i.name() + "=" + i.file());
        // only the files whose values span lines are read as multi-line: the importer reads the others
        // in parallel chunks (multi-line reading is serial; 1.1 s of 4.4 s at T1 on 2 cores)
        List<String> multiline = inputs.stream().filter(Input::multiline).map(i -> i.file().toString()).toList();
        if (multiline.isEmpty()) args.add("--multiline-fields=false");
        else args.addAll(List.of("--multiline-fields-format=v2", "--multiline-fields=" + String.join(",", multiline)));
        args.addAll(List.of("--id-type=string", "--trim-strings=false", "--ignore-empty-strings=false",
                "--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--report-file=" + staging.resolve("import.report"),
                "--overwrite-destination=false", "neo4j"));
        Path log = staging.resolve("importer.log");
        int rc;
        try (PrintStream out = new PrintStream(new StageLines(new java.io.BufferedOutputStream(Files.newOutputStream(log)), progress), true, StandardCharsets.UTF_8)) {
            ExecutionContext ctx = new ExecutionContext(GraphStore.neo4jHome(dir), staging, out, out, InputStream.nullInputStream(),
                    new DefaultFileSystemAbstraction());
            // `database import full ...` exactly as neo4j-admin builds it: the parent command, its `full` subcommand made with our context
            CommandLine.IFactory factory = new CommandLine.IFactory() {
                @Override
                public <K> K create(Class<K> cls) throws Exception {
                    return cls == ImportCommand.Full.class ? cls.cast(new ImportCommand.Full(ctx)) : CommandLine.defaultFactory().create(cls);
                }
            };
            args.add(0, "full");
            rc = new CommandLine(new ImportCommand(), factory).execute(args.toArray(String[]::new));
        }
        if (rc != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new BulkLoadException("Neo4j's offline importer failed (exit " + rc + "; the partial store is removed when crossmap next opens it): "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
    }
}
