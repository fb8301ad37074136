package crossmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.App;
import crossmap.Config;
import crossmap.bundle.Bundle;
import crossmap.coverage.CoveragePropertyTest;
import crossmap.http.Server;
import crossmap.store.GraphStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `crossmap import` into a new embedded store: when the offline first load applies (--bulk on /
 * auto) and when it does not, and that either way the store ends up the same: with the built-in
 * dataset loaded as well, a first load of a bundle equals loading the dataset and then importing the
 * bundle through transactions.
 */
class FirstLoadCliTest {
    static Path root;
    static Path bundle;

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory("crossmap-first-load");
        bundle = root.resolve("random.json");
        Server.objectMapper().writeValue(bundle.toFile(), CoveragePropertyTest.randomBundle(new Random(11)));
    }

    static CliTest.Run run(Path dataDir, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--data-dir", dataDir.toString(), "--bolt-port", "-1"));
        return CliTest.exec(a);
    }

    static String dump(Path dataDir) {
        try (App.Services s = App.open(Config.from(Map.of("--data-dir", dataDir.toString(), "--bolt-port", "-1", "--no-dataset", "true")))) {
            return s.bundles().canonicalDump();
        }
    }

    static long changes(Path dataDir) {
        return changes(dataDir, "bundle.import");
    }

    static long changes(Path dataDir, String action) {
        try (App.Services s = App.open(Config.from(Map.of("--data-dir", dataDir.toString(), "--bolt-port", "-1", "--no-dataset", "true")))) {
            return s.graph().inRead(tx -> tx.run("MATCH (c:Change {action: $action}) RETURN count(c) AS n", Map.of("action", action)).single().get("n").asLong());
        }
    }

    @Test
    void a_first_load_with_the_dataset_equals_the_dataset_then_a_transactional_import() throws Exception {
        Path bulk = root.resolve("bulk");
        CliTest.Run b = run(bulk, "import", bundle.toString(), "--bulk", "on");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("(offline first load)"), b.out());
        assertTrue(b.err().contains("through Neo4j's offline importer"), b.err());
        // the importer's stages are shown as they finish
        assertTrue(b.err().contains(": importer: (1/4) Node import\n") && b.err().contains(": importer: Relationship import COMPLETED in ")
                && b.err().contains(": importer: IMPORT DONE in "), b.err());
        assertFalse(Files.exists(bulk.resolve(GraphStore.BULK_MARKER)), "the marker is removed once the load is complete");
        // the built-in dataset is written by the importer with the file, not by transactions after it
        long rows = CoveragePropertyTest.randomBundle(new Random(11)).rows();
        assertTrue(b.err().contains("(" + rows + " rows, plus the built-in dataset's 4770; read and checked in "), b.err());
        assertTrue(b.err().contains(": the built-in dataset went in with it: 6 frameworks, 1711 requirements, 2693 mappings, 42 controls, 12 policies, 122 evidence, 8 gap notes; 242 mappings_public.csv rows"), b.err());
        assertFalse(b.err().contains("DatasetLoader"), "no transactional dataset load");

        Path tx = root.resolve("tx");
        CliTest.Run t = run(tx, "import", bundle.toString(), "--bulk", "off");
        assertEquals(0, t.code(), t.err());
        assertFalse(t.out().contains("offline"), t.out());
        // progress: the step's rows and the items so far with their rate
        java.util.regex.Matcher pm = java.util.regex.Pattern.compile("\r[^:\r]+: evidence (\\d+)/(\\d+); ([0-9,]+) items in [0-9.]+ s, [0-9,]+ items/s").matcher(t.err());
        assertTrue(pm.find(), t.err());
        String last = null;
        do last = pm.group(3); while (pm.find());
        crossmap.bundle.Bundle rb = CoveragePropertyTest.randomBundle(new Random(11));
        assertEquals(rb.frameworks().size() + rb.requirements().size() + rb.mappings().size() + rb.controls().size() + rb.policies().size()
                + rb.evidence().size(), Long.parseLong(last.replace(",", "")), "items written up to the last evidence batch");

        String expected = dump(tx);
        assertTrue(expected.contains("soc2-tsc-2017") && expected.contains("uid=f0:r0"), "the dataset and the bundle are both there");
        assertEquals(expected, dump(bulk));
        assertEquals(1, changes(bulk), "the first load is in the audit trail");
        assertEquals(1, changes(tx));
        assertEquals(1, changes(bulk, "dataset.load"), "so is the dataset that went in with it");
        assertEquals(1, changes(tx, "dataset.load"));
    }

    @Test
    void bulk_on_refuses_with_the_reason_when_it_cannot_apply_and_changes_nothing() throws Exception {
        Path dir = root.resolve("existing");
        assertEquals(0, run(dir, "import", bundle.toString(), "--no-dataset", "--bulk", "off").code());
        String before = dump(dir);
        CliTest.Run again = run(dir, "import", bundle.toString(), "--no-dataset", "--bulk", "on");
        assertEquals(Cli.USAGE, again.code());
        assertTrue(again.err().contains("--bulk on cannot apply: the store in") && again.err().contains("already exists"), again.err());
        assertEquals(before, dump(dir));

        // a file that refers to the built-in dataset cannot be a first load on its own
        Path refers = root.resolve("refers.json");
        Bundle r = new Bundle(Bundle.FORMAT, List.of(), List.of(), List.of(),
                List.of(new Bundle.Control("X-1", "x", null, null, "operating", null, List.of(new Bundle.Satisfies("hipaa-security", "164.312(d)", "full", null)))),
                List.of(), List.of(), List.of());
        Server.objectMapper().writeValue(refers.toFile(), r);
        CliTest.Run ref = run(root.resolve("fresh-1"), "import", refers.toString(), "--bulk", "on");
        assertEquals(Cli.USAGE, ref.code());
        assertTrue(ref.err().contains("refers to things it does not hold itself"), ref.err());
        assertTrue(GraphStore.isFresh(root.resolve("fresh-1")), "refused before the store was created");

        // a file sharing ids with the dataset, while the dataset is to be loaded
        Path clash = root.resolve("clash.json");
        Bundle c = new Bundle(Bundle.FORMAT, List.of(new Bundle.Framework("soc2-tsc-2017", "mine", null, null, null, null)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        Server.objectMapper().writeValue(clash.toFile(), c);
        CliTest.Run cl = run(root.resolve("fresh-2"), "import", clash.toString(), "--bulk", "on");
        assertEquals(Cli.USAGE, cl.code());
        assertTrue(cl.err().contains("shares framework soc2-tsc-2017 with the built-in dataset"), cl.err());

        CliTest.Run bad = run(root.resolve("fresh-3"), "import", bundle.toString(), "--bulk", "sometimes");
        assertEquals(Cli.USAGE, bad.code());
        assertTrue(bad.err().contains("--bulk must be auto, on or off, not 'sometimes'"), bad.err());
    }

    @Test
    void auto_keeps_small_files_on_the_transactional_path() {
        Path dir = root.resolve("auto-small");
        CliTest.Run a = run(dir, "import", bundle.toString(), "--no-dataset");
        assertEquals(0, a.code(), a.err());
        assertFalse(a.out().contains("offline"), a.out());
        assertTrue(a.out().contains("imported"), a.out());
    }
}
