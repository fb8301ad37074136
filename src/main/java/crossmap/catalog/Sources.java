package crossmap.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each mapping source key names, read from the reference's own provenance notes
 * ({@code reference/SOURCES.md}, the tables whose first column is the {@code source} key): the
 * publication, and for the public mapping legs their direction and licence. Nothing here is written
 * by crossmap; a key that file does not describe (an imported crosswalk's) has no description.
 */
public final class Sources {
    private Sources() {}

    /** One described source key. */
    public record Source(String key, String publication, String direction, String licence) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("publication", publication);
            if (direction != null) m.put("direction", direction);
            if (licence != null) m.put("licence", licence);
            return m;
        }
    }

    private static final Map<String, Source> DESCRIBED = read();

    public static Map<String, Source> described() {
        return DESCRIBED;
    }

    private static Map<String, Source> read() {
        try (InputStream in = Sources.class.getClassLoader().getResourceAsStream("reference/SOURCES.md")) {
            if (in == null) throw new IllegalStateException("reference/SOURCES.md is not on the classpath");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("reference/SOURCES.md could not be read: " + e.getMessage(), e);
        }
    }

    /** The rows of every Markdown table headed "| `source` key | ...", by key. */
    static Map<String, Source> parse(String markdown) {
        Map<String, Source> out = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : markdown.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(l);
            if (cells.isEmpty()) continue;
            if (cells.get(0).equals("`source` key")) {
                header = cells;
                continue;
            }
            if (header == null || cells.get(0).startsWith("---") || !cells.get(0).startsWith("`")) continue;
            String key = plain(cells.get(0));
            String publication = plain(cell(cells, header, header.size() == 2 ? "article" : "publisher / where read"));
            out.put(key, new Source(key, publication, plain(cell(cells, header, "direction")), plain(cell(cells, header, "licence"))));
        }
        return out;
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) out.add(c.strip());
        return out;
    }

    private static String cell(List<String> cells, List<String> header, String name) {
        int i = header.indexOf(name);
        return i < 0 || i >= cells.size() ? null : cells.get(i);
    }

    /** The cell's text without Markdown emphasis and code marks. */
    private static String plain(String s) {
        return s == null ? null : s.replace("**", "").replace("`", "").strip();
    }
}
