package crossmap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All configuration in one record. Built from flags and environment variables (flags win), each
 * with a default; documented in one README table. Tests build it from a plain map with {@link #from}.
 */
public record Config(
        Path dataDir,
        String host,
        int port,
        int boltPort,
        String token,
        boolean tokenForReads,
        String neo4jUri,
        String neo4jUser,
        String neo4jPassword,
        String neo4jDatabase,
        Duration queryTimeout,
        int rowCap,
        long txMemoryBytes,
        int maxQueryChars,
        long maxBodyBytes,
        List<String> corsOrigins,
        boolean loadDataset,
        String boltHost,
        List<String> allowedHosts,
        int maxConsoleQueries,
        Duration rulesTimeout,
        boolean openConsole) {

    /** One documented option: its flag, its environment variable, its default and what it means. */
    public record Option(String flag, String env, String defaultValue, String meaning) {}

    public static final List<Option> OPTIONS = List.of(
            new Option("--data-dir", "CROSSMAP_DATA_DIR", "./crossmap-data", "embedded store directory (also holds the token and Bolt credentials)"),
            new Option("--host", "CROSSMAP_HOST", "127.0.0.1", "HTTP listen address; anything but loopback logs a warning"),
            new Option("--bolt-host", "CROSSMAP_BOLT_HOST", "127.0.0.1", "embedded Bolt listen address (apart from --host: this Bolt has no TLS); anything but loopback logs a warning"),
            new Option("--allowed-hosts", "CROSSMAP_ALLOWED_HOSTS", "", "comma-separated host names the HTTP server answers to besides loopback ones (the Host header; against DNS rebinding); any name when --host is not loopback"),
            new Option("--port", "CROSSMAP_PORT", "7070", "HTTP port (0 = any free port)"),
            new Option("--bolt-port", "CROSSMAP_BOLT_PORT", "7687", "embedded Bolt port; commands other than serve use -1 unless given (0 = any free port; -1 = not published: a random port on 127.0.0.1 only crossmap uses)"),
            new Option("--token", "CROSSMAP_TOKEN", "(generated)", "bearer token for writes; generated at first start into <data-dir>/token (mode 600) when unset"),
            new Option("--token-for-reads", "CROSSMAP_TOKEN_FOR_READS", "false", "require the token for every /api request but /api/health, reads included (the web UI asks for it)"),
            new Option("--neo4j-uri", "NEO4J_URI", "", "use this Neo4j server or cluster instead of the embedded store (bolt://, neo4j://, neo4j+s://, ...)"),
            new Option("--neo4j-user", "NEO4J_USER", "neo4j", "user for --neo4j-uri"),
            new Option("--neo4j-password", "NEO4J_PASSWORD", "", "password for --neo4j-uri"),
            new Option("--neo4j-database", "NEO4J_DATABASE", "neo4j", "database name"),
            new Option("--query-timeout", "CROSSMAP_QUERY_TIMEOUT", "5s", "transaction timeout for ad-hoc Cypher (e.g. 500ms, 5s, 1m)"),
            new Option("--row-cap", "CROSSMAP_ROW_CAP", "1000", "maximum rows an ad-hoc query returns (the answer says truncated)"),
            new Option("--tx-memory", "CROSSMAP_TX_MEMORY", "256m", "per-transaction memory cap of the embedded store (db.memory.transaction.max)"),
            new Option("--max-query-chars", "CROSSMAP_MAX_QUERY_CHARS", "20000", "longest ad-hoc query text accepted"),
            new Option("--max-console-queries", "CROSSMAP_MAX_CONSOLE_QUERIES", "4", "ad-hoc queries running at once; one more is refused with 429"),
            new Option("--open-console", "CROSSMAP_OPEN_CONSOLE", "false", "let POST /api/cypher run without the token (by default the console needs it: one Cypher expression can exhaust the embedded store's heap)"),
            new Option("--rules-timeout", "CROSSMAP_RULES_TIMEOUT", "60s", "transaction timeout for levels from the Cypher rules (engine=cypher); one such question runs at a time, another is refused with 429"),
            new Option("--max-body", "CROSSMAP_MAX_BODY", "50m", "largest request body accepted (imports included)"),
            new Option("--cors-origins", "CROSSMAP_CORS_ORIGINS", "", "comma-separated origins allowed by CORS (off when empty)"),
            new Option("--no-dataset", "CROSSMAP_NO_DATASET", "false", "do not load the built-in dataset into an empty store"));

    /** Builds the configuration from command-line flags over environment variables over defaults. */
    public static Config fromArgs(List<String> args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            String v = env.get(o.env());
            if (v != null && !v.isBlank()) values.put(o.flag(), v);
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            String flag = a;
            Option o = OPTIONS.stream().filter(x -> x.flag().equals(flag)).findFirst()
                    .orElseThrow(() -> new ConfigException("unknown option " + flag + " (see --help)"));
            boolean isSwitch = o.defaultValue().equals("false");
            if (value == null) {
                if (isSwitch) value = "true";
                else if (i + 1 < args.size()) value = args.get(++i);
                else throw new ConfigException("option " + flag + " needs a value");
            }
            values.put(flag, value);
        }
        return from(values);
    }

    /** Builds the configuration from a map of flag name (e.g. {@code --port}) to value. */
    public static Config from(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : OPTIONS) v.put(o.flag(), o.defaultValue());
        v.put("--token", "");
        v.putAll(values);
        String uri = v.get("--neo4j-uri").trim();
        List<String> cors = new ArrayList<>();
        for (String s : v.get("--cors-origins").split(",")) if (!s.isBlank()) cors.add(s.trim());
        List<String> hosts = new ArrayList<>();
        for (String s : v.get("--allowed-hosts").split(",")) if (!s.isBlank()) hosts.add(s.trim().toLowerCase(java.util.Locale.ROOT));
        return new Config(
                Path.of(v.get("--data-dir")),
                v.get("--host"),
                intIn(v, "--port", 0, 65535),
                intIn(v, "--bolt-port", -1, 65535),
                v.get("--token").isBlank() ? null : v.get("--token"),
                bool(v, "--token-for-reads"),
                uri.isEmpty() ? null : uri,
                v.get("--neo4j-user"),
                v.get("--neo4j-password"),
                v.get("--neo4j-database"),
                duration(v, "--query-timeout"),
                intIn(v, "--row-cap", 1, 1_000_000),
                bytes(v, "--tx-memory"),
                intIn(v, "--max-query-chars", 100, 10_000_000),
                bytes(v, "--max-body"),
                List.copyOf(cors),
                !bool(v, "--no-dataset"),
                v.get("--bolt-host").trim(),
                List.copyOf(hosts),
                intIn(v, "--max-console-queries", 1, 1000),
                duration(v, "--rules-timeout"),
                bool(v, "--open-console"));
    }

    public boolean embedded() {
        return neo4jUri == null;
    }

    private static int intIn(Map<String, String> v, String flag, int min, int max) {
        try {
            int n = Integer.parseInt(v.get(flag).trim());
            if (n < min || n > max) throw new ConfigException(flag + " must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + " must be a whole number, got '" + v.get(flag) + "'");
        }
    }

    private static boolean bool(Map<String, String> v, String flag) {
        String s = v.get(flag).trim().toLowerCase();
        if (s.equals("true") || s.equals("1") || s.equals("yes")) return true;
        if (s.equals("false") || s.equals("0") || s.equals("no")) return false;
        throw new ConfigException(flag + " must be true or false, got '" + s + "'");
    }

    static Duration duration(Map<String, String> v, String flag) {
        String s = v.get(flag).trim().toLowerCase();
        try {
            Duration d;
            if (s.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            else if (s.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            else if (s.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(s));
            if (d.isNegative() || d.isZero()) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + " must be a positive duration like 500ms, 5s or 1m, got '" + s + "'");
        }
    }

    static long bytes(Map<String, String> v, String flag) {
        String s = v.get(flag).trim().toLowerCase();
        try {
            long mult = 1;
            if (s.endsWith("k")) mult = 1L << 10;
            else if (s.endsWith("m")) mult = 1L << 20;
            else if (s.endsWith("g")) mult = 1L << 30;
            String num = mult == 1 ? s : s.substring(0, s.length() - 1);
            long n = Long.parseLong(num) * mult;
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + " must be a size like 512k, 256m or 1g, got '" + s + "'");
        }
    }

    /** A configuration problem, reported to the user as one line, never a stack trace. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
