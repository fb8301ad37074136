package crossmap.bench;

import crossmap.cli.Cli;
import crossmap.store.GraphStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The same `crossmap import` several times in one JVM, each into a new store that is removed
 * afterwards: {@code RepeatImport FILE WORK_DIR on|off TIMES}. The benchmark reads the last run's
 * "imported ..." line: the import's cost in a JVM that has already loaded and compiled its code, as
 * in a server that has imported before, against the first run's cost in a cold process.
 */
public final class RepeatImport {
    private RepeatImport() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        int times = Integer.parseInt(args[3]);
        for (int i = 1; i <= times; i++) {
            Path store = work.resolve("repeat-" + i);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                rc = new Cli(o, e).run(List.of("import", args[0], "--data-dir", store.toString(), "--no-dataset", "--bolt-port", "-1",
                        "--bulk", args[2]), System.getenv());
            }
            GraphStore.deleteTree(store);
            System.out.print("run " + i + " of " + times + ": " + out.toString(StandardCharsets.UTF_8));
            if (rc != 0) {
                System.out.println("exit " + rc + "\n" + err.toString(StandardCharsets.UTF_8));
                System.exit(rc);
            }
        }
        System.exit(0);
    }

}
