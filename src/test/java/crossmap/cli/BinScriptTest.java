package crossmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/crossmap as a user runs it: it builds, makes its class-data archive once, and starts each
 * command with the JVM options its header documents (the benchmark launches commands through it).
 * The archive goes to a directory of the test's own (CROSSMAP_ARCHIVE), so the test sees it made;
 * only the first call runs the Maven build.
 */
class BinScriptTest {
    record Run(int code, String out, String err) {}

    static Path dir;
    static Path archive;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("crossmap-bin");
        archive = dir.resolve("archive").resolve("crossmap.jsa");
        Files.createDirectories(archive.getParent());
    }

    @AfterAll
    static void tearDown() throws IOException {
        crossmap.store.GraphStore.deleteTree(dir);
    }

    static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin", "crossmap").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (String v : List.of("CROSSMAP_JAVA_OPTS", "CROSSMAP_PRINT_JAVA", "CROSSMAP_NO_BUILD", "CROSSMAP_ARCHIVE")) pb.environment().remove(v);
        pb.environment().put("CROSSMAP_ARCHIVE", archive.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "bin/crossmap did not finish in 300 s");
        return new Run(p.exitValue(), out.get(), err.get());
    }

    static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The java command bin/crossmap prints for `args`, without building again. */
    static List<String> javaCommand(Map<String, String> env, String... args) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.put("CROSSMAP_PRINT_JAVA", "1");
        e.put("CROSSMAP_NO_BUILD", "1");
        Run r = run(e, args);
        assertEquals(0, r.code(), r.err());
        List<String> cmd = r.out().lines().toList();
        assertTrue(cmd.contains("crossmap.Main"), cmd.toString());
        return cmd;
    }

    static List<String> options(List<String> cmd) {
        return cmd.subList(1, cmd.indexOf("-cp"));
    }

    @Test
    void short_commands_start_from_the_class_data_archive_and_serve_keeps_the_full_jit() throws Exception {
        Run imported = run(Map.of(), "import", "bin/warm-up.json", "--data-dir", dir.resolve("store").toString(), "--no-dataset", "--bolt-port", "-1");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.err().contains("making the class-data archive for this build"), imported.err());
        // stdout holds the answer alone (the JVM's and the build's chatter go to stderr)
        assertTrue(imported.out().startsWith("bin/warm-up.json: imported 11 items (2 frameworks, 4 requirements, 1 mappings, 1 controls, 1 policies, 1 evidence, 1 gaps) in "),
                imported.out());
        assertTrue(Files.size(archive) > 1_000_000, "the class-data archive was made");

        List<String> base = List.of("-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr");
        List<String> withArchive = new ArrayList<>(base);
        withArchive.add("-XX:SharedArchiveFile=" + archive);
        List<String> small = new ArrayList<>(withArchive);
        small.add("-XX:TieredStopAtLevel=1");
        assertEquals(small, options(javaCommand(Map.of(), "import", "bin/warm-up.json")));
        assertEquals(withArchive, options(javaCommand(Map.of(), "coverage", "--framework", "hipaa-security")));
        assertEquals(base, options(javaCommand(Map.of(), "serve")));
        assertEquals(base, options(javaCommand(Map.of())));
        // an import of 64 MiB or more runs long enough for C2 to repay its compilations
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        assertEquals(withArchive, options(javaCommand(Map.of(), "import", big.toString())));
        // CROSSMAP_JAVA_OPTS comes last, split on spaces and never globbed
        List<String> withOpts = options(javaCommand(Map.of("CROSSMAP_JAVA_OPTS", "-Xmx3g -Dx=*"), "serve"));
        assertEquals(List.of("-Xmx3g", "-Dx=*"), withOpts.subList(withOpts.size() - 2, withOpts.size()));

        // the archive really is used: crossmap's own classes come from it
        List<String> help = new ArrayList<>(javaCommand(Map.of(), "export", "--help"));
        help.add(help.indexOf("-cp"), "-Xlog:class+load=info:stdout");
        Process p = new ProcessBuilder(help).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(log.lines().anyMatch(l -> l.contains(" crossmap.cli.Cli source: shared objects file (top)")),
                log.lines().filter(l -> l.contains("crossmap.")).limit(5).toList().toString());

        // made once: the next short command does not make it again
        Run again = run(Map.of("CROSSMAP_NO_BUILD", "1"), "export", "--help");
        assertEquals(0, again.code(), again.err());
        assertFalse(again.err().contains("making the class-data archive"), again.err());
    }

    @Test
    void a_command_whose_archive_cannot_be_made_runs_without_it() throws Exception {
        Path nowhere = dir.resolve("no-such-directory").resolve("crossmap.jsa");
        Run r = run(Map.of("CROSSMAP_ARCHIVE", nowhere.toString()), "export", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("could not make the archive, so commands start without it"), r.err());
        assertTrue(r.out().contains("usage: crossmap export"), r.out());
        List<String> cmd = javaCommand(Map.of("CROSSMAP_ARCHIVE", nowhere.toString()), "export", "--help");
        assertFalse(options(cmd).stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile")), cmd.toString());
    }
}
