package crossmap.interchange;

import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each item of a bundle read from another format came from, so that the checks made later
 * against the store (which name bundle paths such as {@code mappings[3].to}) can name the file's
 * own place instead: {@code crosswalk.csv:5:4} and the column {@code to_id}, or the OSCAL map the
 * row was made from. Items without a recorded origin keep their bundle path.
 */
public final class Origins {
    /** For a bundle file: its paths are already the file's. */
    public static final Origins NONE = new Origins();

    Origins() {}

    private static final Pattern ITEM = Pattern.compile("(\\w+)\\[(\\d+)](?:\\.(\\w+))?(.*)", Pattern.DOTALL);

    /** array -> one location per item, in bundle order (e.g. {@code file.csv:5}). */
    private final Map<String, List<String>> at = new HashMap<>();
    /** array -> bundle field -> {suffix to the item's location, the field's name in the file}. */
    private final Map<String, Map<String, String[]>> fields = new HashMap<>();

    /** Records the next item of `array` as coming from `location`. */
    void add(String array, String location) {
        at.computeIfAbsent(array, k -> new ArrayList<>()).add(location);
    }

    /** Errors about `field` of an `array` item name the item's location plus `suffix`, and the file's name for the field. */
    void field(String array, String field, String suffix, String name) {
        fields.computeIfAbsent(array, k -> new HashMap<>()).put(field, new String[] {suffix, name});
    }

    /** `e` with its path and field named as the file has them, when its item has a recorded origin. */
    public BundleError locate(BundleError e) {
        Matcher m = ITEM.matcher(e.path());
        if (!m.matches()) return e;
        List<String> locations = at.get(m.group(1));
        int i = Integer.parseInt(m.group(2));
        if (locations == null || i >= locations.size()) return e;
        String[] f = m.group(3) == null ? null : fields.getOrDefault(m.group(1), Map.of()).get(m.group(3));
        if (f == null) {
            String rest = m.group(3) == null ? m.group(4) : "." + m.group(3) + m.group(4);
            return new BundleError(locations.get(i), (rest.isEmpty() ? "" : rest.substring(rest.startsWith(".") ? 1 : 0) + ": ") + e.message());
        }
        return new BundleError(locations.get(i) + f[0], f[1] + m.group(4) + ": " + e.message());
    }

    /** `e` with every error located. */
    public BundleException locate(BundleException e) {
        if (this == NONE) return e;
        return new BundleException(e.errors().stream().map(this::locate).toList());
    }
}
