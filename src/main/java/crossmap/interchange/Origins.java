package crossmap.interchange;

import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each item of a bundle read from another format came from, so that the checks made later
 * against the store (which name bundle paths such as {@code mappings[3].to}) can name the file's
 * own place instead: {@code crosswalk.csv:5:4} and the column {@code to_id}, or the OSCAL map and
 * target the row was made from. Items without a recorded origin keep their bundle path.
 */
public final class Origins {
    /** For a bundle file: its paths are already the file's. */
    public static final Origins NONE = new Origins();

    private static final Pattern ITEM = Pattern.compile("(\\w+)\\[(\\d+)](?:\\.(\\w+))?(.*)", Pattern.DOTALL);
    /** A bundle path inside a message ("duplicate of mappings[2] (...)"). */
    private static final Pattern MENTION = Pattern.compile("\\b(mappings|gaps)\\[(\\d+)]");

    /** The origins of one array's items. */
    interface Items {
        int size();

        /** The item's place in the file. */
        String at(int i);

        /** {the place of the item's `field`, the file's name for it (null: none)}, or null when the field has no place of its own. */
        String[] field(int i, String field);
    }

    private final Map<String, Items> arrays = new HashMap<>();

    public Origins() {}

    /** Where item `i` of `array` came from ("file.csv:12"), or null when it has no recorded origin. */
    public String place(String array, int i) {
        Items items = arrays.get(array);
        return items == null || i >= items.size() ? null : items.at(i);
    }

    void put(String array, Items items) {
        arrays.put(array, items);
    }

    /** `e` with its path, field and any item it mentions named as the file has them, when its item has a recorded origin. */
    public BundleError locate(BundleError e) {
        String message = mentions(e.message());
        Matcher m = ITEM.matcher(e.path());
        if (!m.matches()) return message.equals(e.message()) ? e : new BundleError(e.path(), message);
        Items items = arrays.get(m.group(1));
        int i = Integer.parseInt(m.group(2));
        if (items == null || i >= items.size()) return message.equals(e.message()) ? e : new BundleError(e.path(), message);
        String[] f = m.group(3) == null ? null : items.field(i, m.group(3));
        if (f == null) {
            String rest = m.group(3) == null ? m.group(4) : m.group(3) + m.group(4);
            return new BundleError(items.at(i), (rest.isEmpty() ? "" : (rest.startsWith(".") ? rest.substring(1) : rest) + ": ") + message);
        }
        return new BundleError(f[0] + m.group(4), f[1] == null ? message : f[1] + ": " + message);
    }

    private String mentions(String message) {
        Matcher m = MENTION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Items items = arrays.get(m.group(1));
            int i = Integer.parseInt(m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(items != null && i < items.size() ? items.at(i) : m.group()));
        }
        return m.appendTail(sb).toString();
    }

    /** `e` with every error located. */
    public BundleException locate(BundleException e) {
        if (this == NONE) return e;
        return new BundleException(e.errors().stream().map(this::locate).toList());
    }

    /**
     * Items read from rows of a text file: each row's line and, for the bundle fields named at
     * construction, the line and column their value starts at (kept as ints: a crosswalk may hold a
     * million rows).
     */
    static final class Rows implements Items {
        private final String file;
        private final List<String> fields;
        private final String[] names;
        private int[] data = new int[64];
        private int n;

        /** `fields`: bundle fields with a place of their own; `names`: the file's name for each (null: none). */
        Rows(String file, List<String> fields, List<String> names) {
            this.file = file;
            this.fields = List.copyOf(fields);
            this.names = names.toArray(String[]::new);
        }

        private int stride() {
            return 1 + 2 * fields.size();
        }

        /** The next item: its row's line, then a line and a column per field. */
        void add(int line, int... lineColumns) {
            if (lineColumns.length != 2 * fields.size()) throw new IllegalArgumentException("a line and a column for each of " + fields);
            if ((n + 1) * stride() > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, (n + 1) * stride()));
            data[n * stride()] = line;
            System.arraycopy(lineColumns, 0, data, n * stride() + 1, lineColumns.length);
            n++;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public String at(int i) {
            return file + ":" + data[i * stride()];
        }

        @Override
        public String[] field(int i, String field) {
            int k = fields.indexOf(field);
            if (k < 0) return null;
            int base = i * stride() + 1 + 2 * k;
            return new String[] {file + ":" + data[base] + ":" + data[base + 1], names[k]};
        }
    }

    /** Mappings made from OSCAL maps: each one's map and which of its sources and targets it joins. */
    static final class Maps implements Items {
        private final List<String> paths = new ArrayList<>();
        private final List<int[]> ends = new ArrayList<>();

        void add(String mapPath, int source, int target) {
            paths.add(mapPath);
            ends.add(new int[] {source, target});
        }

        @Override
        public int size() {
            return paths.size();
        }

        @Override
        public String at(int i) {
            return paths.get(i);
        }

        @Override
        public String[] field(int i, String field) {
            return switch (field) {
                case "from" -> new String[] {paths.get(i) + ".sources[" + ends.get(i)[0] + "]", null};
                case "to" -> new String[] {paths.get(i) + ".targets[" + ends.get(i)[1] + "]", null};
                default -> null;
            };
        }
    }
}
