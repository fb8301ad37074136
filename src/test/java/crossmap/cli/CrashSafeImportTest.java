package crossmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.App;
import crossmap.Config;
import crossmap.bundle.Bundle;
import crossmap.dataset.BuiltinDataset;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the command-line import: a real crossmap process is killed (SIGKILL) at random
 * moments while it writes a large crosswalk import (after its store exists), several times; re-running the same import finishes it,
 * and the store then equals a store that imported the file once without interruption.
 */
class CrashSafeImportTest {
    static final int ROWS = 20_000;

    static Path bigCsv(Path dir) throws Exception {
        Bundle ds = BuiltinDataset.build().bundle();
        List<String> sp = ds.requirements().stream().filter(r -> r.framework().equals("nist-sp800-53r5")).map(Bundle.Requirement::id).toList();
        List<String> csf = ds.requirements().stream().filter(r -> r.framework().equals("nist-csf-2.0")).map(Bundle.Requirement::id).toList();
        StringBuilder sb = new StringBuilder("from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\r\n");
        String[] rels = {"intersects_with", "equal", "subset_of", "superset_of", "no_relationship"};
        int n = 0;
        outer:
        for (String a : sp) {
            for (String b : csf) {
                if (n == ROWS) break outer;
                sb.append("nist-sp800-53r5,").append(a).append(",nist-csf-2.0,").append(b).append(',').append(rels[n % 5]).append(',')
                        .append(n % 11).append(",semantic,synthetic-load-test,row ").append(n).append("\r\n");
                n++;
            }
        }
        Path f = dir.resolve("big.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    static Process start(Path dataDir, Path csv) throws Exception {
        return start(dataDir, "import", csv.toString());
    }

    /** A crossmap process on its own store; the store is created (with the built-in dataset) by a first, uninterrupted run. */
    static Process start(Path dataDir, String... command) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // batches of 1,000 writes (the default is 5,000): the 20,000-row file has 20 of them for the kills to fall between
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dcrossmap.importBatch=1000", "-cp", System.getProperty("java.class.path"), "crossmap.Main"));
        cmd.addAll(List.of(command));
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "--bolt-port", "-1"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
        return pb.start();
    }

    static long count(Path dataDir, String query) {
        try (App.Services s = App.open(Config.from(Map.of("--data-dir", dataDir.toString(), "--bolt-port", "-1", "--no-dataset", "true")))) {
            return s.graph().inRead(tx -> tx.run(query).single().get("n").asLong());
        }
    }

    static String dump(Path dataDir) {
        try (App.Services s = App.open(Config.from(Map.of("--data-dir", dataDir.toString(), "--bolt-port", "-1")))) {
            return s.bundles().canonicalDump();
        }
    }

    @Test
    void an_import_killed_at_random_points_and_rerun_equals_a_clean_import() throws Exception {
        Path root = Files.createTempDirectory("crossmap-crash");
        Path csv = bigCsv(root);
        Path clean = root.resolve("clean");
        Process p = start(clean, csv);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(root.resolve("clean.log")));
        String expected = dump(clean);
        assertTrue(expected.contains("synthetic-load-test"));

        Path crashed = root.resolve("crashed");
        Process init = start(crashed, "coverage", "--framework", "hipaa-security");
        assertTrue(init.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, init.exitValue(), Files.readString(root.resolve("crashed.log")));
        Random rnd = new Random(42);
        List<Long> killedAfter = new ArrayList<>();
        int killsThatInterrupted = 0;
        int finishedBeforeTheKill = 0; // a run that finished on its own records its import like any other
        Path log = root.resolve("crashed.log");
        // at least four runs, and on until one is killed mid-import (a run that finished before its
        // kill leaves nothing to resume), so the last run below always resumes
        boolean lastInterrupted = false;
        for (int k = 0; k < 10 && (k < 4 || !lastInterrupted); k++) {
            lastInterrupted = false;
            Process q = start(crashed, csv);
            // kill once the batches are being written (some runs: before), at a random moment
            long deadline = System.currentTimeMillis() + 60_000;
            while (q.isAlive() && System.currentTimeMillis() < deadline && !Files.readString(log).contains("mappings ")) Thread.sleep(50);
            long ms = rnd.nextInt(2_500);
            killedAfter.add(ms);
            if (!q.waitFor(ms, TimeUnit.MILLISECONDS)) {
                q.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean store shutdown
                killsThatInterrupted++;
                lastInterrupted = true;
            } else if (q.exitValue() == 0) {
                finishedBeforeTheKill++;
            }
        }
        Process last = start(crashed, csv);
        assertTrue(last.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, last.exitValue(), Files.readString(root.resolve("crashed.log")));
        assertTrue(killsThatInterrupted >= 2, "kills that interrupted a run: " + killsThatInterrupted + " after " + killedAfter);
        String finalLog = Files.readString(log);
        assertTrue(finalLog.contains("resumed an interrupted import"), "the last run resumed from the ledger: " + finalLog.substring(Math.max(0, finalLog.length() - 600)));
        String actual = dump(crashed);
        assertEquals(expected.lines().count(), actual.lines().count());
        assertEquals(expected, actual);
        // what the canonical dump leaves out: no ledger entry is left behind; each finished run is in the
        // audit trail once, and every run that wrote a batch left a bundle.import.started entry (the
        // killed ones included: they did write), one for the clean import
        assertEquals(0, count(crashed, "MATCH (l:ImportBatch) RETURN count(l) AS n"));
        assertEquals(0, count(clean, "MATCH (l:ImportBatch) RETURN count(l) AS n"));
        // (a run killed while its store shut down may have recorded its import already: at most one each)
        long imports = count(crashed, "MATCH (c:Change {action: 'bundle.import'}) RETURN count(c) AS n");
        assertTrue(imports >= 1 + finishedBeforeTheKill && imports <= 1 + finishedBeforeTheKill + killsThatInterrupted,
                imports + " import entries for " + finishedBeforeTheKill + " finished and " + killsThatInterrupted + " killed runs");
        assertEquals(1, count(clean, "MATCH (c:Change {action: 'bundle.import'}) RETURN count(c) AS n"));
        assertEquals(1, count(clean, "MATCH (c:Change {action: 'bundle.import.started'}) RETURN count(c) AS n"));
        long started = count(crashed, "MATCH (c:Change {action: 'bundle.import.started'}) RETURN count(c) AS n");
        assertTrue(started >= 1 && started <= 1 + killedAfter.size(), "started entries: " + started + " for " + (1 + killedAfter.size()) + " runs");
        for (File f : List.of(root.resolve("clean.log").toFile())) assertTrue(Files.readString(f.toPath()).contains("imported " + ROWS + " items"));
    }

    /**
     * The offline first load is all or nothing: a process killed at random moments of it (while the
     * importer writes, while the store opens and builds its indexes, while the dataset loads) leaves
     * a store that the next run removes and loads again; the final store equals a clean first load.
     */
    @Test
    void a_first_load_killed_at_random_points_and_rerun_equals_a_clean_first_load() throws Exception {
        Path root = Files.createTempDirectory("crossmap-crash-first");
        Path file = root.resolve("first.json");
        crossmap.http.Server.objectMapper().writeValue(file.toFile(), crossmap.coverage.CoveragePropertyTest.randomBundle(new Random(5)));
        Path clean = root.resolve("clean");
        Process p = start(clean, "import", file.toString(), "--bulk", "on");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(root.resolve("clean.log")));
        String expected = dump(clean);
        assertTrue(expected.contains("uid=f0:r0") && expected.contains("soc2-tsc-2017"));

        Path crashed = root.resolve("crashed");
        Path log = root.resolve("crashed.log");
        Random rnd = new Random(43);
        List<Long> killedAfter = new ArrayList<>();
        int interruptedLoads = 0;
        for (int k = 0; k < 4; k++) {
            Process q = start(crashed, "import", file.toString(), "--bulk", "on");
            long deadline = System.currentTimeMillis() + 60_000;
            while (q.isAlive() && System.currentTimeMillis() < deadline && !Files.readString(log).contains("first load into a new store")) Thread.sleep(20);
            long ms = rnd.nextInt(4_000);
            killedAfter.add(ms);
            if (!q.waitFor(ms, TimeUnit.MILLISECONDS)) {
                q.destroyForcibly().waitFor();
                if (Files.exists(crashed.resolve(crossmap.store.GraphStore.BULK_MARKER))) interruptedLoads++;
            }
            // a run that finished (or was killed after finishing) leaves a complete store: start again from nothing
            if (!crossmap.store.GraphStore.isFresh(crashed) && !Files.exists(crashed.resolve(crossmap.store.GraphStore.BULK_MARKER))) {
                try (var w = Files.walk(crashed)) {
                    for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
                }
            }
        }
        assertTrue(interruptedLoads >= 2, "kills that left an unfinished first load: " + interruptedLoads + " after " + killedAfter);
        boolean unfinished = Files.exists(crashed.resolve(crossmap.store.GraphStore.BULK_MARKER));
        Process last = start(crashed, "import", file.toString(), "--bulk", "on");
        assertTrue(last.waitFor(5, TimeUnit.MINUTES));
        String finalLog = Files.readString(log);
        assertEquals(0, last.exitValue(), finalLog);
        assertEquals(unfinished, finalLog.contains("an interrupted first load was found"), finalLog);
        assertTrue(finalLog.contains("(offline first load)"), finalLog);
        assertEquals(expected, dump(crashed));
    }
}
