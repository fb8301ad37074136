package crossmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/crossmap as a user runs it: it builds, makes its class-data archive once, and starts each
 * command with the JVM options its header documents (the benchmark launches commands through it).
 */
class BinScriptTest {
    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin", "crossmap").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("CROSSMAP_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "bin/crossmap did not finish");
        return new Run(p.exitValue(), out, err.get());
    }

    static List<String> javaCommand(Map<String, String> env, String... args) throws Exception {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("CROSSMAP_PRINT_JAVA", "1");
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
        Path dir = Files.createTempDirectory("crossmap-bin");
        Run imported = run(Map.of(), "import", "bin/warm-up.json", "--data-dir", dir.resolve("store").toString(), "--no-dataset", "--bolt-port", "-1");
        assertEquals(0, imported.code(), imported.err());
        // stdout holds the answer alone (the JVM's and the build's chatter go to stderr)
        assertTrue(imported.out().startsWith("bin/warm-up.json: imported 11 items (2 frameworks, 4 requirements, 1 mappings, 1 controls, 1 policies, 1 evidence, 1 gaps) in "),
                imported.out());
        Path archive = Path.of("target", "crossmap.jsa").toAbsolutePath();
        assertTrue(Files.size(archive) > 1_000_000, "the class-data archive was made");

        List<String> small = options(javaCommand(Map.of(), "import", "bin/warm-up.json"));
        assertEquals(List.of("-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"), small);
        assertEquals(List.of("-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=" + archive),
                options(javaCommand(Map.of(), "coverage", "--framework", "hipaa-security")));
        assertEquals(List.of("-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr"), options(javaCommand(Map.of(), "serve")));
        assertEquals(List.of("-Xmx1g", "-Xlog:disable", "-Xlog:all=warning:stderr"), options(javaCommand(Map.of())));
        // an import of 64 MiB or more runs long enough for C2 to repay its compilations
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        assertFalse(options(javaCommand(Map.of(), "import", big.toString())).contains("-XX:TieredStopAtLevel=1"));
        // CROSSMAP_JAVA_OPTS comes last, so it overrides
        List<String> withOpts = options(javaCommand(Map.of("CROSSMAP_JAVA_OPTS", "-Xmx3g -Dx=1"), "serve"));
        assertEquals(List.of("-Xmx3g", "-Dx=1"), withOpts.subList(withOpts.size() - 2, withOpts.size()));

        // the archive really is used: crossmap's own classes come from it
        List<String> help = new ArrayList<>(javaCommand(Map.of(), "export", "--help"));
        help.add(help.indexOf("-cp"), "-Xlog:class+load=info:stdout");
        Process p = new ProcessBuilder(help).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(log.lines().anyMatch(l -> l.contains(" crossmap.cli.Cli source: shared objects file (top)")),
                log.lines().filter(l -> l.contains("crossmap.")).limit(5).toList().toString());
    }
}
