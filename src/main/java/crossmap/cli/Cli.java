package crossmap.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import crossmap.App;
import crossmap.Config;
import crossmap.bundle.BulkLoader;
import crossmap.bundle.Bundle;
import crossmap.bundle.BundleChecks;
import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import crossmap.bundle.BundleStore;
import crossmap.coverage.CoverageService;
import crossmap.coverage.Engine;
import crossmap.dataset.BuiltinDataset;
import crossmap.http.ApiException;
import crossmap.interchange.Formats;
import crossmap.interchange.Origins;
import crossmap.http.Server;
import crossmap.store.GraphStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line: {@code serve} (default), {@code import}, {@code export}, {@code impact},
 * {@code coverage}; each with {@code --help}. Commands other than serve open the store, answer and
 * exit. Exit codes: 0 done, 1 input refused (nothing from the refused input written), 2 usage or configuration error,
 * 3 store unavailable or failing, 4 internal error.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int STORE = 3;
    public static final int INTERNAL = 4;

    /**
     * Rows (items plus SATISFIES entries) from which a first load goes through the offline importer
     * when --bulk is auto. Measured on 2 cores (whole command, BENCHMARKS.md): the offline path takes
     * about 0.7 s more for a small file and about 60 µs a row less, so the two break even near
     * 17,000 rows; below 50,000 the gain is a few seconds at most, and the batches have the edge of
     * resuming where a killed import stopped instead of starting again.
     */
    static final int BULK_MIN_ROWS = 50_000;

    /** A command's own options: name, value placeholder (null for a switch), meaning. */
    record Opt(String name, String value, String meaning) {}

    record Command(String name, String synopsis, String about, List<Opt> options) {}

    static final List<Command> COMMANDS = List.of(
            new Command("serve", "serve [options]", "run the HTTP API and UI (the default command)", List.of()),
            new Command("import", "import FILE... [--as FORMAT] [--framework ID] [options]",
                    "import files into the store; each file is validated as a whole first (a refused file changes nothing), then committed in batches of up to 5,000 writes with a ledger, so an interrupted import is finished by running it again. "
                            + "A large first file going into an embedded store that does not exist yet is written by Neo4j's offline importer instead (all or nothing: an interrupted first load is removed at the next start)",
                    List.of(new Opt("--as", "FORMAT", "bundle | crosswalk-csv | reference-csv | oscal-catalog | oscal-mapping (default: from the file's extension and content)"),
                            new Opt("--framework", "ID", "framework id for an OSCAL catalog (default: the file name without extension)"),
                            new Opt("--source-framework", "ID", "OSCAL mapping collection from another tool: the framework of its source resources, where the document does not name one"),
                            new Opt("--target-framework", "ID", "OSCAL mapping collection from another tool: the framework of its target resources, where the document does not name one"),
                            new Opt("--bulk", "auto|on|off", "offline first load: auto (default) for a first file of " + BULK_MIN_ROWS
                                    + "+ rows into a new embedded store; on requires it (exit 2 if it cannot apply); off never"))),
            new Command("export", "export [--format FORMAT] [--from FW --to FW] [--out FILE] [options]",
                    "write the store (or the crosswalk between two frameworks) to a file or standard output",
                    List.of(new Opt("--format", "FORMAT", "bundle (default) | crosswalk-csv | oscal-mapping"),
                            new Opt("--from", "FW", "crosswalk-csv / oscal-mapping: one side (default soc2-tsc-2017)"),
                            new Opt("--to", "FW", "crosswalk-csv / oscal-mapping: the other side (default hipaa-security)"),
                            new Opt("--out", "FILE", "write here instead of standard output"))),
            new Command("impact", "impact --fail ID[,ID...] [--hops N] [--as-of DATE] [--format table|json] [options]",
                    "which requirements lose coverage (or degrade) if these controls fail",
                    List.of(new Opt("--fail", "IDS", "comma-separated control ids (required)"), new Opt("--hops", "N", "crosswalk rounds 0-4 (default 1)"),
                            new Opt("--as-of", "DATE", "count only evidence valid on this date (yyyy-mm-dd)"),
                            new Opt("--framework", "ID", "only this framework (repeatable as a comma list)"),
                            new Opt("--format", "FORMAT", "table (default) | json"))),
            new Command("coverage", "coverage [--framework F] [--hops N] [--as-of DATE] [--against F] [--engine java|cypher] [--format table|json] [options]",
                    "coverage per framework and section: full / partial / none",
                    List.of(new Opt("--framework", "ID", "one framework (default: all)"), new Opt("--hops", "N", "crosswalk rounds 0-4 (default 1)"),
                            new Opt("--as-of", "DATE", "count only evidence valid on this date"),
                            new Opt("--against", "ID", "with --framework: list requirements with no mapping to this framework"),
                            new Opt("--engine", "NAME", "java (default): crossmap's engine; cypher: the rules as Cypher statements run by the database (cypher/coverage_rule_*.cypher)"),
                            new Opt("--format", "FORMAT", "table (default) | json"))));

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** True when the arguments name a command other than serve (the server is started by Main). */
    public static boolean isCommand(List<String> args) {
        return !args.isEmpty() && !args.get(0).startsWith("-") && !args.get(0).equals("serve");
    }

    /** Parsed command: its positional arguments, its own options, and the rest for {@link Config}. */
    record Parsed(Command command, List<String> positional, Map<String, String> own, List<String> common, boolean help) {}

    static Parsed parse(List<String> args) {
        String name = args.isEmpty() || args.get(0).startsWith("-") ? "serve" : args.get(0);
        Command cmd = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown command '" + name + "' (commands: serve, import, export, impact, coverage; --help)"));
        List<String> rest = args.isEmpty() || args.get(0).startsWith("-") ? args : args.subList(1, args.size());
        List<String> positional = new ArrayList<>();
        Map<String, String> own = new LinkedHashMap<>();
        List<String> common = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String value = null;
            int eq = a.indexOf('=');
            String flag = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (a.startsWith("--") && eq > 0) value = a.substring(eq + 1);
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            Opt o = cmd.options().stream().filter(x -> x.name().equals(flag)).findFirst().orElse(null);
            if (o != null) {
                if (value == null) {
                    if (i + 1 >= rest.size()) throw new UsageException("option " + flag + " needs a value");
                    value = rest.get(++i);
                }
                own.put(flag, value);
            } else if (a.startsWith("-")) {
                common.add(a);
                boolean isSwitch = Config.OPTIONS.stream().anyMatch(c -> c.flag().equals(flag) && c.defaultValue().equals("false"));
                if (eq < 0 && !isSwitch && i + 1 < rest.size()) common.add(rest.get(++i));
            } else {
                positional.add(a);
            }
        }
        return new Parsed(cmd, positional, own, common, help);
    }

    public static String usage(Command cmd) {
        StringBuilder sb = new StringBuilder("usage: crossmap ").append(cmd.synopsis()).append("\n  ").append(cmd.about()).append("\n");
        if (!cmd.options().isEmpty()) {
            sb.append("\noptions:\n");
            for (Opt o : cmd.options()) sb.append(String.format("  %-24s %s%n", o.name() + (o.value() == null ? "" : " " + o.value()), o.meaning()));
        }
        sb.append("\nstore and server options (flag / environment variable / default):\n");
        for (Config.Option o : Config.OPTIONS) sb.append(String.format("  %-22s %-29s %-16s %s%n", o.flag(), o.env(), o.defaultValue(), o.meaning()));
        sb.append("\ncommands: ");
        COMMANDS.forEach(c -> sb.append(c.name()).append(' '));
        sb.append("\nrun with Maven: mvn -q compile exec:exec -Dcrossmap.args=\"<command> [options]\"\n");
        sb.append("exit codes: 0 done, 1 input refused (nothing from the refused file written; files before it on the line stay imported,\n"
                + "  and the message names them), 2 usage or configuration error, 3 store unavailable or failing, 4 internal error\n");
        return sb.toString();
    }

    public static String usage(String command) {
        return usage(COMMANDS.stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow());
    }

    /** Runs a non-serve command; returns its exit code. */
    public int run(List<String> args, Map<String, String> env) {
        Parsed p;
        try {
            p = parse(args);
        } catch (UsageException e) {
            err.println("crossmap: " + e.getMessage());
            return USAGE;
        }
        if (p.help()) {
            out.print(usage(p.command()));
            return OK;
        }
        Config config;
        try {
            // a command does not publish Bolt unless asked: it would take the port of a running server
            // (put first, so a flag of the user's wins and an option missing its value is still named)
            List<String> common = p.common();
            String envBolt = env.get("CROSSMAP_BOLT_PORT");
            if (common.stream().noneMatch(a -> a.startsWith("--bolt-port")) && (envBolt == null || envBolt.isBlank())) {
                List<String> withDefault = new java.util.ArrayList<>(List.of("--bolt-port", "-1"));
                withDefault.addAll(common);
                common = withDefault;
            }
            config = Config.fromArgs(common, env);
            checkOwn(p);
        } catch (Config.ConfigException | UsageException e) {
            err.println("crossmap " + p.command().name() + ": " + e.getMessage());
            return USAGE;
        }
        FirstLoad first = null;
        if (p.command().name().equals("import")) {
            try {
                first = firstLoad(config, p);
            } catch (UsageException e) {
                err.println("crossmap import: " + e.getMessage());
                return USAGE;
            } catch (GraphStore.StoreException | BulkLoader.BulkLoadException e) {
                err.println("crossmap import: " + e.getMessage());
                return STORE;
            }
        }
        try (App.Services s = App.open(config)) {
            return switch (p.command().name()) {
                case "import" -> importFiles(s, p, config, first);
                case "export" -> export(s, p);
                case "impact" -> impact(s, p);
                case "coverage" -> coverage(s, p);
                default -> USAGE;
            };
        } catch (GraphStore.StoreException e) {
            err.println("crossmap " + p.command().name() + ": " + e.getMessage());
            return STORE;
        } catch (UsageException e) {
            err.println("crossmap " + p.command().name() + ": " + e.getMessage());
            return USAGE;
        } catch (ApiException e) {
            err.println("crossmap " + p.command().name() + ": " + e.getMessage());
            return e.status() == 404 || e.status() == 400 ? USAGE : REFUSED;
        } catch (org.neo4j.driver.exceptions.ServiceUnavailableException e) {
            err.println("crossmap " + p.command().name() + ": the store is not reachable: " + e.getMessage());
            return STORE;
        } catch (org.neo4j.driver.exceptions.Neo4jException e) {
            err.println("crossmap " + p.command().name() + ": the store failed: " + e.getMessage());
            return STORE;
        } catch (RuntimeException e) {
            // a bug, not the user's input: one line a script can log, and its own exit code
            err.println("crossmap " + p.command().name() + ": internal error (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); please report it");
            return INTERNAL;
        }
    }

    private static void checkOwn(Parsed p) {
        switch (p.command().name()) {
            case "import" -> {
                if (p.positional().isEmpty()) throw new UsageException("name at least one FILE to import");
            }
            case "impact" -> {
                if (!p.own().containsKey("--fail")) throw new UsageException("--fail ID[,ID...] is required");
            }
            case "coverage" -> {
                if (!p.positional().isEmpty()) throw new UsageException("unexpected argument '" + p.positional().get(0) + "'");
                engine(p);
            }
            default -> {
                if (!p.positional().isEmpty()) throw new UsageException("unexpected argument '" + p.positional().get(0) + "'");
            }
        }
    }

    // ---- import -------------------------------------------------------------------------------

    /** A first file written by the offline importer before the store opened; finished by {@link #importFiles}. */
    /**
     * The first file as {@link #firstLoad} read it (null fields: not read there), and whether it was
     * written by the offline importer; {@link #importFiles} finishes it or imports it without reading it again.
     */
    record FirstLoad(String file, byte[] bytes, Formats.Read read, long startedNanos, boolean loaded, BuiltinDataset.Result dataset) {
        Bundle bundle() {
            return read.bundle();
        }
    }

    /**
     * Writes the first file with the offline importer when --bulk allows and it can apply: an
     * embedded store that does not exist yet, a file that stands on its own (valid against an empty
     * store), of {@link #BULK_MIN_ROWS}+ rows under auto, and, when the built-in dataset will be
     * loaded, sharing no id with it (so loading the dataset after it gives the graph that loading it
     * first would). Otherwise every file takes the transactional path (the first one, when read
     * here, is handed on with `loaded` false).
     */
    private FirstLoad firstLoad(Config config, Parsed p) {
        String mode = p.own().getOrDefault("--bulk", "auto");
        if (!List.of("auto", "on", "off").contains(mode)) throw new UsageException("--bulk must be auto, on or off, not '" + mode + "'");
        if (mode.equals("off")) return null;
        boolean required = mode.equals("on");
        if (!config.embedded()) return refuseBulk(required, "an external Neo4j is loaded through transactions only", null);
        if (GraphStore.discardInterruptedBulkLoad(config.dataDir())) {
            err.println("crossmap import: an interrupted first load was found in " + config.dataDir() + " and removed; loading again");
        }
        if (!GraphStore.isFresh(config.dataDir())) return refuseBulk(required, "the store in " + config.dataDir() + " already exists", null);
        String f = p.positional().get(0);
        long t0 = System.nanoTime();
        byte[] bytes;
        Formats.Read r;
        try {
            bytes = Files.readAllBytes(Path.of(f));
            r = read(bytes, Path.of(f), p);
        } catch (Formats.UnknownFormatException e) {
            throw new UsageException("--as: " + e.getMessage());
        } catch (Formats.SidesException e) {
            throw new UsageException("--source-framework / --target-framework: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return refuseBulk(required, f + " could not be read as a whole here (" + e.getMessage() + "); the transactional import will report why", null);
        }
        Bundle b = r.bundle();
        FirstLoad read = new FirstLoad(f, bytes, r, t0, false, null);
        if (!required && b.rows() < BULK_MIN_ROWS) return read;
        try {
            BundleChecks.check(b, BundleChecks.Known.NOTHING);
        } catch (BundleException e) {
            return refuseBulk(required, f + " refers to things it does not hold itself, so it cannot be a first load", read);
        }
        BuiltinDataset.Result dataset = null;
        if (config.loadDataset()) {
            dataset = BuiltinDataset.build();
            String clash = BulkLoader.sharedKey(b, dataset.bundle());
            if (clash != null) return refuseBulk(required, f + " shares " + clash + " with the built-in dataset (use --no-dataset to load it alone)", read);
        }
        err.printf(Locale.ROOT, "crossmap import: %s: first load into a new store, through Neo4j's offline importer (%d rows%s; read and checked in %.2f s)%n",
                f, b.rows(), dataset == null ? "" : String.format(Locale.ROOT, ", plus the built-in dataset's %d", dataset.bundle().rows()),
                (System.nanoTime() - t0) / 1e9);
        // the dataset goes in with the file: the same graph as loading it first (no key in both), without its transactions
        BulkLoader.load(dataset == null ? b : dataset.bundle().with(b), config.dataDir(), m -> err.println("crossmap import: " + f + ": " + m));
        return new FirstLoad(f, bytes, r, t0, true, dataset);
    }

    /** The import's progress on one line, redrawn after every batch: the step, its rows so far, and the items written so far with their rate. */
    private BundleStore.Progress progressLine(String file, long startedNanos) {
        return (what, done, of, items) -> {
            double sec = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
            err.printf(Locale.ROOT, "\r%s: %s %d/%d; %,d items in %.1f s, %,.0f items/s   ", file, what, done, of, items, sec, items / sec);
        };
    }

    /** `--bulk on` turns a reason the first load cannot apply into a usage error; otherwise the file goes on as `read`. */
    private FirstLoad refuseBulk(boolean required, String why, FirstLoad read) {
        if (required) throw new UsageException("--bulk on cannot apply: " + why);
        return read;
    }

    /** A refusal part-way through several files: says which were imported before it (they stay), then gives `code`. */
    private int kept(List<String> done, String refused, int code) {
        if (!done.isEmpty()) {
            err.println("crossmap import: stopped at " + refused + "; imported before it, and kept: " + String.join(", ", done)
                    + " (run the files from " + refused + " on again once it is mended)");
        }
        return code;
    }

    private int importFiles(App.Services s, Parsed p, Config config, FirstLoad first) {
        int total = 0;
        long t0 = first == null ? System.nanoTime() : first.startedNanos();
        List<String> files = p.positional();
        List<String> done = new ArrayList<>(); // files imported by this command: a later refusal leaves them in place
        if (first != null && first.loaded()) {
            Bundle b = first.bundle();
            long opened = System.nanoTime();
            List<Map<String, Object>> changes = new ArrayList<>();
            BuiltinDataset.Result ds = first.dataset();
            if (ds != null) {
                changes.add(crossmap.dataset.DatasetLoader.change(CLI_ACTOR, "command line",
                        "loaded the built-in dataset with the first load of " + Path.of(first.file()).getFileName()));
                err.printf(Locale.ROOT, "crossmap import: %s: the built-in dataset went in with it: %s%n", first.file(), ds.summary());
                for (BuiltinDataset.Problem x : ds.problems()) err.println("crossmap import: " + x.describe());
            }
            changes.add(importChange(Path.of(first.file()), b));
            BundleStore.ImportResult r = s.bundles().finishBulkLoad(b, changes);
            BulkLoader.finish(config.dataDir());
            err.printf(Locale.ROOT, "crossmap import: %s: indexes built and the change%s recorded in %.2f s%n", first.file(),
                    changes.size() > 1 ? "s" : "", (System.nanoTime() - opened) / 1e9);
            double sec = Math.max(1e-9, (System.nanoTime() - first.startedNanos()) / 1e9);
            out.printf(Locale.ROOT, "%s: imported %d items (%d frameworks, %d requirements, %d mappings, %d controls, %d policies, %d evidence, %d gaps; %d SATISFIES) in %.2f s, %.0f items/s, %.0f rows/s with SATISFIES (offline first load)%n",
                    first.file(), r.total(), r.frameworks(), r.requirements(), r.mappings(), r.controls(), r.policies(), r.evidence(), r.gaps(),
                    b.rows() - b.size(), sec, r.total() / sec, b.rows() / sec);
            total += r.total();
            done.add(first.file());
            files = files.subList(1, files.size());
        }
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            Path path = Path.of(f);
            // the first file, when the first-load check read it but did not load it, is not read again
            boolean known = i == 0 && first != null && !first.loaded();
            byte[] bytes;
            try {
                bytes = known ? first.bytes() : Files.readAllBytes(path);
            } catch (IOException e) {
                err.println("crossmap import: cannot read " + f + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
                        : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
                return kept(done, f, REFUSED);
            }
            long t1 = System.nanoTime();
            Origins origins = Origins.NONE;
            try {
                Formats.Read read = known ? first.read() : read(bytes, path, p);
                origins = read.origins();
                Bundle b = read.bundle();
                String key = importKey(bytes, p.own().get("--as"), p.own().get("--framework") + "|" + p.own().get("--source-framework")
                        + "|" + p.own().get("--target-framework"));
                Map<String, Object> change = importChange(path, b);
                BundleStore.ImportResult r = s.bundles().importInBatches(b, key, change, progressLine(path.getFileName().toString(), t1));
                double sec = Math.max(1e-9, (System.nanoTime() - t1) / 1e9);
                err.print("\r");
                if (r.batches() > 0 && r.batchesAlreadyCommitted() == r.batches()) {
                    out.printf(Locale.ROOT, "%s: finished an interrupted import: all %d batch(es) had been committed%n", f, r.batches());
                } else {
                    out.printf(Locale.ROOT, "%s: imported %d items (%d frameworks, %d requirements, %d mappings, %d controls, %d policies, %d evidence, %d gaps) in %.2f s, %.0f items/s%n",
                            f, r.total(), r.frameworks(), r.requirements(), r.mappings(), r.controls(), r.policies(), r.evidence(), r.gaps(), sec, r.total() / sec);
                    if (r.batchesAlreadyCommitted() > 0) {
                        out.printf(Locale.ROOT, "%s: resumed an interrupted import: %d of %d batch(es) had been committed and were skipped%n",
                                f, r.batchesAlreadyCommitted(), r.batches());
                    }
                }
                total += r.total();
                done.add(f);
            } catch (BundleException refused) {
                BundleException e = origins.locate(refused);
                err.print("\r");
                err.println("crossmap import: " + f + " refused, nothing from it was written (" + e.errors().size() + " problem(s)):");
                for (BundleError x : e.errors().subList(0, Math.min(50, e.errors().size()))) {
                    err.println("  " + (x.path().startsWith(f) || x.path().startsWith(path.getFileName().toString()) ? "" : f + ": ") + x.path() + ": " + x.message());
                }
                if (e.errors().size() > 50) err.println("  ... and " + (e.errors().size() - 50) + " more");
                return kept(done, f, REFUSED);
            } catch (UsageException e) {
                err.println("crossmap import: " + f + ": " + e.getMessage());
                return kept(done, f, USAGE);
            } catch (Formats.UnknownFormatException e) {
                err.println("crossmap import: --as: " + e.getMessage());
                return kept(done, f, USAGE);
            } catch (Formats.SidesException e) {
                err.println("crossmap import: --source-framework / --target-framework: " + e.getMessage());
                return kept(done, f, USAGE);
            } catch (RuntimeException e) {
                // the store failed, or a fault: the command's own handler words it; what stays is said here
                kept(done, f, 0);
                throw e;
            }
        }
        if (p.positional().size() > 1) {
            out.printf(Locale.ROOT, "total: %d items from %d files in %.2f s%n", total, p.positional().size(), (System.nanoTime() - t0) / 1e9);
        }
        s.coverage().invalidate();
        return OK;
    }

    /** A file read with the import's format options (--as, --framework, --source-framework, --target-framework). */
    private static Formats.Read read(byte[] bytes, Path path, Parsed p) {
        return Formats.read(bytes, path.getFileName().toString(), p.own().get("--as"), p.own().get("--framework"),
                p.own().get("--source-framework"), p.own().get("--target-framework"));
    }

    /** The audit-trail entry of a command-line import. */
    private static Map<String, Object> importChange(Path path, Bundle b) {
        return BundleStore.change(CLI_ACTOR, "command line", "bundle.import", path.toAbsolutePath().toString(), "crossmap import of " + path.getFileName()
                + " (" + b.requirements().size() + " requirements, " + b.mappings().size() + " mappings, " + b.controls().size() + " controls)");
    }

    /** Who the audit trail names for a command-line write. */
    private static final String CLI_ACTOR = "cli:" + System.getProperty("user.name");

    /** Names an import by content (and how it is read), for the crash-safe batch ledger. */
    static String importKey(byte[] bytes, String as, String framework) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            md.update(("|" + as + "|" + framework).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- export -------------------------------------------------------------------------------

    private int export(App.Services s, Parsed p) {
        String format = p.own().getOrDefault("--format", "bundle");
        String from = p.own().getOrDefault("--from", "soc2-tsc-2017");
        String to = p.own().getOrDefault("--to", "hipaa-security");
        byte[] data;
        Bundle all = s.bundles().export();
        switch (format) {
            case "bundle" -> data = json(all).getBytes(StandardCharsets.UTF_8);
            case "crosswalk-csv", "oscal-mapping" -> {
                if (from.equals(to)) throw new UsageException("--from and --to name the same framework (" + from + "); a crosswalk is between two");
                s.catalog().requireFramework(from);
                s.catalog().requireFramework(to);
                List<Bundle.Mapping> rows = all.mappings().stream().filter(m ->
                        (m.from().framework().equals(from) && m.to().framework().equals(to))
                                || (m.from().framework().equals(to) && m.to().framework().equals(from))).toList();
                if (rows.isEmpty() && format.equals("oscal-mapping")) {
                    err.println("crossmap export: no mapping between " + from + " and " + to + " in this store, and an OSCAL mapping collection"
                            + " needs at least one; nothing written");
                    return REFUSED;
                }
                data = Formats.writeCrosswalk(format, from, to, rows).getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new UsageException("unknown --format '" + format + "' (bundle, crosswalk-csv, oscal-mapping)");
        }
        String outFile = p.own().get("--out");
        if (outFile == null) {
            out.write(data, 0, data.length);
            out.flush();
        } else {
            try {
                Files.write(Path.of(outFile), data);
            } catch (IOException e) {
                Path parent = Path.of(outFile).toAbsolutePath().getParent();
                boolean noDir = e instanceof java.nio.file.NoSuchFileException && parent != null && !Files.isDirectory(parent);
                boolean denied = e instanceof java.nio.file.AccessDeniedException;
                err.println("crossmap export: --out: cannot write " + outFile + ": " + (noDir ? "no such directory " + parent : denied ? "permission denied"
                        : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage()));
                // a path that cannot be written to is a usage error; anything else (a full disk) is not
                return noDir || denied ? USAGE : REFUSED;
            }
            err.println("wrote " + data.length + " bytes to " + outFile);
        }
        return OK;
    }

    // ---- impact and coverage ------------------------------------------------------------------

    static CoverageService.Rules engine(Parsed p) {
        String e = p.own().get("--engine");
        try {
            return CoverageService.Rules.of(e);
        } catch (ApiException x) {
            throw new UsageException("--engine must be java or cypher, got '" + e + "'");
        }
    }

    static int hops(Parsed p) {
        String h = p.own().getOrDefault("--hops", "1");
        try {
            int n = Integer.parseInt(h);
            if (n < 0 || n > 4) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--hops must be a whole number from 0 to 4, got '" + h + "'");
        }
    }

    static LocalDate asOf(Parsed p) {
        String d = p.own().get("--as-of");
        if (d == null) return null;
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw new UsageException("--as-of must be a date yyyy-mm-dd, got '" + d + "'");
        }
    }

    static String format(Parsed p) {
        String f = p.own().getOrDefault("--format", "table");
        if (!f.equals("table") && !f.equals("json")) throw new UsageException("--format must be table or json, got '" + f + "'");
        return f;
    }

    @SuppressWarnings("unchecked")
    private int impact(App.Services s, Parsed p) {
        List<String> fail = crossmap.http.Params.idList(p.own().get("--fail"), "--fail", "control ids");
        if (fail.isEmpty()) throw new UsageException("--fail ID[,ID...] names no control");
        String fw = p.own().get("--framework");
        Map<String, Object> r = s.coverage().impact(fail, hops(p), asOf(p), fw == null ? null : crossmap.http.Params.idList(fw, "--framework", "framework ids"));
        if (format(p).equals("json")) {
            out.println(json(r));
            return OK;
        }
        out.printf(Locale.ROOT, "if %s fail (hops %d%s): %d requirement(s) lose coverage, %d degrade%n", String.join(", ", fail),
                r.get("hops"), r.get("asOf") == null ? "" : ", as of " + r.get("asOf"), r.get("lostCount"), r.get("degradedCount"));
        for (Map<String, Object> x : (List<Map<String, Object>>) r.get("alreadyIneffective")) {
            out.printf(Locale.ROOT, "(%s was not effective already (%s): failing it changes nothing)%n", x.get("id"), x.get("reason"));
        }
        for (Map<String, Object> f : (List<Map<String, Object>>) r.get("frameworks")) {
            List<Map<String, Object>> lost = (List<Map<String, Object>>) f.get("lost");
            List<Map<String, Object>> degraded = (List<Map<String, Object>>) f.get("degraded");
            Map<String, Object> b = (Map<String, Object>) f.get("before");
            Map<String, Object> a = (Map<String, Object>) f.get("after");
            if (lost.isEmpty() && degraded.isEmpty()) continue;
            out.printf(Locale.ROOT, "%n%s  full %s -> %s, partial %s -> %s, none %s -> %s%n", f.get("framework"), b.get("full"), a.get("full"),
                    b.get("partial"), a.get("partial"), b.get("none"), a.get("none"));
            for (var pair : List.of(Map.entry("LOST", lost), Map.entry("DEGRADED", degraded))) {
                for (Map<String, Object> x : pair.getValue()) {
                    out.printf(Locale.ROOT, "  %-9s %-24s %-8s -> %-8s %s%n", pair.getKey(), x.get("id"), x.get("before"), x.get("after"), x.get("name"));
                    if (Boolean.TRUE.equals(x.get("detailOmitted"))) continue;
                    for (Engine.Path path : (List<Engine.Path>) x.get("lostPaths")) out.println("            lost:    " + text(path));
                    for (Engine.Path path : (List<Engine.Path>) x.get("holdingPaths")) out.println("            holding: " + text(path));
                }
            }
        }
        int changed = (Integer) r.get("lostCount") + (Integer) r.get("degradedCount");
        if (Boolean.TRUE.equals(r.get("itemsTruncated")) || changed > (Integer) r.get("detailLimit")) {
            out.printf(Locale.ROOT, "%n(%d requirements change: %spaths shown for the first %d; --framework narrows the question)%n", changed,
                    Boolean.TRUE.equals(r.get("itemsTruncated")) ? "the list stops part-way, the counts are exact; " : "", r.get("detailLimit"));
        }
        return OK;
    }

    static String text(Engine.Path p) {
        StringBuilder sb = new StringBuilder(p.control());
        for (Engine.Step st : p.steps()) {
            String to = st.to().substring(st.to().indexOf(':') + 1);
            switch (st.type()) {
                case "SATISFIES" -> sb.append(" =satisfies(").append(st.level()).append(")=> ");
                case "PART_OF" -> sb.append(" =part of=> ");
                default -> sb.append(" =").append(st.relationship()).append(st.direction().equals("against") ? " (against)" : "")
                        .append(" [").append(st.source()).append("]=> ");
            }
            sb.append(st.to().startsWith("soc2") || st.to().startsWith("hipaa") ? to : st.to());
        }
        return sb.append("  (").append(p.level()).append(")").toString();
    }

    @SuppressWarnings("unchecked")
    private int coverage(App.Services s, Parsed p) {
        Map<String, Object> r = s.coverage().coverage(p.own().get("--framework"), hops(p), asOf(p), p.own().get("--against"), engine(p));
        if (format(p).equals("json")) {
            out.println(json(r));
            return OK;
        }
        out.printf(Locale.ROOT, "coverage (hops %s%s%s)%n", r.get("hops"), r.get("asOf") == null ? "" : ", as of " + r.get("asOf"),
                r.get("engine").equals("java") ? "" : ", levels computed by the " + r.get("engine") + " engine");
        out.printf(Locale.ROOT, "%-44s %6s %6s %8s %6s %7s%n", "framework / section", "count", "full", "partial", "none", "full %");
        for (Map<String, Object> f : (List<Map<String, Object>>) r.get("frameworks")) {
            row(f.get("framework").toString(), (Map<String, Object>) f.get("total"));
            for (var d : ((Map<String, Object>) f.get("byDesignation")).entrySet()) row("  (" + d.getKey() + ")", (Map<String, Object>) d.getValue());
            for (Map<String, Object> sec : (List<Map<String, Object>>) f.get("sections")) {
                row("  " + sec.get("id") + " " + sec.get("name"), (Map<String, Object>) sec.get("counts"));
            }
            if (f.containsKey("unmapped")) {
                List<Map<String, Object>> un = (List<Map<String, Object>>) f.get("unmapped");
                out.printf(Locale.ROOT, "  %d requirement(s) with no mapping to %s%n", un.size(), f.get("against"));
                for (Map<String, Object> u : un) {
                    List<Map<String, Object>> gaps = (List<Map<String, Object>>) u.get("gaps");
                    out.printf(Locale.ROOT, "    %-22s %s%s%n", u.get("id"), u.get("name"), gaps.isEmpty() ? "" : "  [gap noted by " + gaps.get(0).get("source") + "]");
                }
            }
        }
        return OK;
    }

    private void row(String label, Map<String, Object> c) {
        String l = label.length() > 44 ? label.substring(0, 43) + "~" : label;
        out.printf(Locale.ROOT, "%-44s %6s %6s %8s %6s %7s%n", l, c.get("count"), c.get("full"), c.get("partial"), c.get("none"), c.get("fullPct"));
    }

    static String json(Object o) {
        try {
            return Server.objectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bad command-line usage: one line for the user. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
