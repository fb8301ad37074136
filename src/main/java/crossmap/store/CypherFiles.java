package crossmap.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads Cypher queries kept as files under {@code cypher/} on the classpath, by name, once.
 * A missing file fails loudly, naming the path (start-up checks every query the app uses).
 */
public final class CypherFiles {
    private final String root;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    public CypherFiles() {
        this("cypher/");
    }

    CypherFiles(String root) {
        this.root = root;
    }

    /** The text of {@code cypher/<name>.cypher}. */
    public String get(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private String load(String name) {
        String path = root + name + ".cypher";
        try (InputStream in = CypherFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("query file not found on the classpath: " + path);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return stripComments(text).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read query file " + path, e);
        }
    }

    /** Removes whole-line {@code //} comments, which document each file. */
    static String stripComments(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.trim().startsWith("//")) continue;
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** Splits a file of several statements (the schema) at semicolons that end a line. */
    public static java.util.List<String> statements(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : text.split(";\\s*(\\n|$)")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }
}
