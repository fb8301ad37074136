package crossmap.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.App;
import crossmap.Config;
import crossmap.coverage.CoveragePropertyTest;
import crossmap.dataset.BuiltinDataset;
import crossmap.store.GraphStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The offline first load writes exactly the graph the transactional import writes: for the
 * built-in dataset (every kind of node and edge), for random bundles and for a bundle of awkward
 * values (quotes, commas, line breaks, empty strings, non-ASCII, dates, integers), the canonical
 * dump (typed values) of a bulk-loaded store equals that of a store the same bundle was imported
 * into through transactions.
 */
class BulkLoadTest {

    static Config config(Path dir) {
        return Config.from(Map.of("--data-dir", dir.toString(), "--bolt-port", "-1", "--no-dataset", "true"));
    }

    static String transactional(Bundle b, Path dir) {
        try (App.Services s = App.open(config(dir))) {
            s.bundles().importBundle(b);
            return s.bundles().canonicalDump();
        }
    }

    static String bulk(Bundle b, Path dir) {
        return bulk(b, dir, new ArrayList<>());
    }

    static String bulk(Bundle b, Path dir, List<String> progress) {
        BulkLoader.load(b, dir, progress::add);
        assertTrue(progress.get(progress.size() - 1).startsWith("store written by the offline importer"), progress.toString());
        try (App.Services s = App.open(config(dir))) {
            s.bundles().finishBulkLoad(b, List.of());
            BulkLoader.finish(dir);
            return s.bundles().canonicalDump();
        }
    }

    static Bundle awkward() {
        var fws = List.of(new Bundle.Framework("fw-a", "Framework \"A\", quoted", "1.0", "Pub, Inc.", "regulation", "src-a"),
                new Bundle.Framework("fw-b", "Cadre B — réglementation", null, null, null, null));
        var reqs = List.of(
                new Bundle.Requirement("fw-a", "1", null, "Top, with comma", "section", null, "line one\nline two\r\nand \"quotes\"", null, null, null, null),
                new Bundle.Requirement("fw-a", "1.1", "1", "Child", "standard", "required", "", null, 7, "administrative", null),
                new Bundle.Requirement("fw-a", "1.1(a)", "1.1", "a = b, c", "specification", "addressable", " leading and trailing ", "zz-custom", null, null, null),
                new Bundle.Requirement("fw-b", "B-1", null, "Ünïcödé ✓ 日本", "control", null, "tab\there", null, null, null, null));
        var maps = List.of(
                new Bundle.Mapping(new Bundle.Ref("fw-a", "1.1(a)"), new Bundle.Ref("fw-b", "B-1"), "subset_of", 7, "semantic", "src, one", "a \"note\"", null),
                new Bundle.Mapping(new Bundle.Ref("fw-a", "1.1(a)"), new Bundle.Ref("fw-b", "B-1"), "intersects_with", null, null, "src, one", "", "part-a"),
                new Bundle.Mapping(new Bundle.Ref("fw-b", "B-1"), new Bundle.Ref("fw-a", "1"), "no_relationship", 0, null, "src2", null, null));
        var ctls = List.of(
                new Bundle.Control("C-1", "MFA, everywhere", "desc\nmultiline", "Security \"team\"", "operating", "continuous",
                        List.of(new Bundle.Satisfies("fw-a", "1.1(a)", "full", "note, with comma\nand a second line"), new Bundle.Satisfies("fw-b", "B-1", "partial", null))),
                new Bundle.Control("C-2", "Unused", null, null, "failed", null, List.of()));
        var pols = List.of(new Bundle.Policy("P-1", "Access policy", "v2", LocalDate.of(2026, 2, 28), 12, "CISO", List.of("C-1", "C-2")));
        var evs = List.of(
                new Bundle.Evidence("E-1", "C-1", "screenshot", "MFA settings", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), LocalDate.of(2027, 3, 1),
                        "https://example.test/e?a=1,b=2", "ab".repeat(32)),
                new Bundle.Evidence("E-2", "C-1", null, "no dates beyond collection", LocalDate.of(2026, 1, 5), null, null, null, null));
        var gaps = List.of(new Bundle.Gap("fw-b", "B-1", "fw-a", "src-gap", "no counterpart, says the source"));
        return new Bundle(Bundle.FORMAT, fws, reqs, maps, ctls, pols, evs, gaps);
    }

    @Test
    void the_bulk_loaded_graph_equals_the_transactionally_imported_graph() throws Exception {
        Path root = Files.createTempDirectory("crossmap-bulk");
        List<Bundle> bundles = new ArrayList<>(List.of(awkward(), BuiltinDataset.build().bundle()));
        Random rnd = new Random(7);
        for (int i = 0; i < 3; i++) bundles.add(CoveragePropertyTest.randomBundle(rnd));
        for (int i = 0; i < bundles.size(); i++) {
            Bundle b = bundles.get(i);
            BundleChecks.check(b, BundleChecks.Known.NOTHING);
            String expected = transactional(b, root.resolve("tx-" + i));
            List<String> progress = new ArrayList<>();
            String actual = bulk(b, root.resolve("bulk-" + i), progress);
            assertEquals(expected, actual, "bundle " + i);
            // only files with a value that spans lines are read as multi-line (the others in parallel)
            String csvLine = progress.stream().filter(l -> l.contains("CSV files written")).findFirst().orElseThrow();
            String spans = i == 0 ? "values span lines in Requirement, Control, SATISFIES" : "no value spans lines";
            assertTrue(csvLine.endsWith(spans), csvLine);
            // and the dumps hold what they should, typed
            long nodes = expected.lines().filter(l -> l.startsWith("N ")).count();
            assertEquals(b.frameworks().size() + b.requirements().size() + b.controls().size() + b.policies().size()
                    + b.evidence().size() + b.gaps().size(), nodes, "bundle " + i);
        }
        String awkward = transactional(awkward(), root.resolve("tx-again"));
        assertTrue(awkward.contains("summary=line one\nline two\r\nand \"quotes\""), "line breaks and quotes kept");
        assertTrue(awkward.contains("note=, ") || awkward.contains("note=}"), "an empty string stays an empty string, not absent");
        assertTrue(awkward.contains("collectedOn=2026-03-01:LocalDate"), "dates are dates");
        assertTrue(awkward.contains("strength=7:Long"), "integers are integers");
        assertTrue(awkward.contains("cosoPrinciple=7:Long"));
    }

    @Test
    void a_store_that_exists_is_never_bulk_loaded() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-bulk-exists");
        transactional(awkward(), dir);
        BulkLoader.BulkLoadException e = assertThrows(BulkLoader.BulkLoadException.class, () -> BulkLoader.load(awkward(), dir, m -> { }));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(GraphStore.BULK_MARKER)));
    }

    @Test
    void a_first_load_left_unfinished_by_another_process_is_removed_when_the_store_next_opens() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-bulk-interrupted");
        BulkLoader.load(awkward(), dir, m -> { });
        // what a killed process leaves: its marker, no longer locked, and a complete or partial store
        GraphStore.abandonBulkLoad(dir);
        assertTrue(Files.exists(dir.resolve(GraphStore.BULK_MARKER)));
        assertFalse(GraphStore.isFresh(dir));
        try (App.Services s = App.open(config(dir))) {
            assertEquals("", s.bundles().canonicalDump());
        }
        assertFalse(Files.exists(dir.resolve(GraphStore.BULK_MARKER)));
        assertFalse(Files.exists(dir.resolve("bulk-load")));
    }

    /** A first load another live process is running is never removed: the marker's lock says it is alive. */
    @Test
    void a_first_load_another_live_process_holds_is_left_alone() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-bulk-live");
        Files.createDirectories(GraphStore.neo4jHome(dir).resolve("data"));
        Path marker = dir.resolve(GraphStore.BULK_MARKER);
        Files.writeString(marker, "held by another process\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), marker.toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            GraphStore.StoreException e = assertThrows(GraphStore.StoreException.class, () -> GraphStore.discardInterruptedBulkLoad(dir));
            assertTrue(e.getMessage().contains("another crossmap process is loading"), e.getMessage());
            assertTrue(Files.exists(GraphStore.neo4jHome(dir).resolve("data")), "nothing removed");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertTrue(GraphStore.discardInterruptedBulkLoad(dir), "once its process is gone, the load is removed");
        assertTrue(GraphStore.isFresh(dir));
        assertFalse(Files.exists(marker));
    }

    /** Holds an OS lock on a file until killed (a stand-in for a crossmap process in the middle of a first load). */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            var ch = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE);
            if (ch.tryLock() == null) throw new IllegalStateException("already locked");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void shared_keys_are_found_by_kind() {
        Bundle ds = BuiltinDataset.build().bundle();
        assertEquals(null, BulkLoader.sharedKey(awkward(), ds));
        assertEquals("framework soc2-tsc-2017", BulkLoader.sharedKey(ds, ds));
        Bundle onlyControl = new Bundle(Bundle.FORMAT, List.of(), List.of(), List.of(),
                List.of(new Bundle.Control(ds.controls().get(0).id(), "x", null, null, "operating", null, List.of())), List.of(), List.of(), List.of());
        assertEquals("control " + ds.controls().get(0).id(), BulkLoader.sharedKey(onlyControl, ds));
    }
}
