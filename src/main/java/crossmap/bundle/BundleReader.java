package crossmap.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses bundle JSON into {@link Bundle} records, checking the shape of every element: known
 * fields only, required fields present, types, vocabularies, dates. Problems are collected (each
 * naming array, index and field) and thrown together; references are checked by {@link BundleChecks}.
 */
public final class BundleReader {
    /** Duplicate keys and anything after the document are refused, not resolved silently (last key wins, rest ignored). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("format", "frameworks", "requirements", "mappings", "controls", "policies", "evidence", "gaps");

    private final List<BundleError> errors = new ArrayList<>();

    public static Bundle parse(String json) {
        JsonNode root = tree(json);
        if (root == null || !root.isObject()) {
            throw new BundleException(List.of(new BundleError("$", "a bundle must be a JSON object")));
        }
        return new BundleReader().read((ObjectNode) root);
    }

    /**
     * A JSON document as a tree, strictly: duplicate keys, trailing content and the parser's limits
     * (nesting depth, number and string lengths) are a {@link BundleException} at path {@code $}
     * naming line and column where the parser knows them.
     */
    public static JsonNode tree(String json) {
        if (json == null || json.isBlank()) throw new BundleException(List.of(new BundleError("$", "empty document: expected a JSON object")));
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String what = e instanceof com.fasterxml.jackson.core.io.JsonEOFException || original.contains("end-of-input")
                    ? "the document ends before it is complete (truncated?)"
                    : firstSentence(original);
            throw new BundleException(List.of(new BundleError("$", "not valid JSON" + where + ": " + what)));
        }
    }

    private static String firstSentence(String m) {
        if (m == null || m.isEmpty()) return "syntax error";
        if (m.startsWith("Trailing token")) return "there is more after the end of the document (one JSON value is expected)";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        int src = m.indexOf(" (start marker at");
        return src >= 0 ? m.substring(0, src) : m;
    }

    private Bundle read(ObjectNode root) {
        fields("$", root, TOP);
        String format = text(root, "$", "format", true);
        if (format != null && !format.equals(Bundle.FORMAT)) {
            err("format", "must be \"" + Bundle.FORMAT + "\", got \"" + format + "\"");
        }
        Bundle b = new Bundle(format,
                array(root, "frameworks", this::framework),
                array(root, "requirements", this::requirement),
                array(root, "mappings", this::mapping),
                array(root, "controls", this::control),
                array(root, "policies", this::policy),
                array(root, "evidence", this::evidence),
                array(root, "gaps", this::gap));
        if (!errors.isEmpty()) throw new BundleException(errors);
        return b;
    }

    private record At(String path, ObjectNode node) {}

    private <T> List<T> array(ObjectNode root, String name, Function<At, T> reader) {
        JsonNode a = root.get(name);
        List<T> out = new ArrayList<>();
        if (a == null || a.isNull()) return out;
        if (!a.isArray()) {
            err(name, "must be an array");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String path = name + "[" + i + "]";
            JsonNode n = a.get(i);
            if (!n.isObject()) {
                err(path, "must be an object");
                continue;
            }
            T t = reader.apply(new At(path, (ObjectNode) n));
            if (t != null) out.add(t);
        }
        return out;
    }

    private Bundle.Framework framework(At at) {
        fields(at.path, at.node, Set.of("id", "name", "version", "publisher", "kind", "source"));
        String id = id(at, "id");
        return new Bundle.Framework(id, text(at, "name", true), text(at, "version", false), text(at, "publisher", false),
                text(at, "kind", false), text(at, "source", false));
    }

    private Bundle.Requirement requirement(At at) {
        fields(at.path, at.node, Set.of("framework", "id", "parent", "name", "kind", "designation", "summary", "sortKey",
                "cosoPrinciple", "safeguard", "label"));
        String designation = oneOf(at, "designation", Bundle.DESIGNATIONS, false);
        return new Bundle.Requirement(id(at, "framework"), id(at, "id"), text(at, "parent", false), text(at, "name", true),
                text(at, "kind", true), designation, text(at, "summary", false), text(at, "sortKey", false),
                integer(at, "cosoPrinciple", 1, 17), text(at, "safeguard", false), text(at, "label", false));
    }

    private Bundle.Ref ref(At at, String field) {
        JsonNode n = at.node.get(field);
        String path = at.path + "." + field;
        if (n == null || n.isNull()) {
            err(path, "is required");
            return null;
        }
        if (!n.isObject()) {
            err(path, "must be an object {\"framework\": ..., \"id\": ...}");
            return null;
        }
        At inner = new At(path, (ObjectNode) n);
        fields(path, inner.node, Set.of("framework", "id"));
        String fw = id(inner, "framework");
        String id = id(inner, "id");
        return fw == null || id == null ? null : new Bundle.Ref(fw, id);
    }

    private Bundle.Mapping mapping(At at) {
        fields(at.path, at.node, Set.of("from", "to", "relationship", "strength", "rationale", "source", "note", "part"));
        return new Bundle.Mapping(ref(at, "from"), ref(at, "to"), oneOf(at, "relationship", Bundle.RELATIONSHIPS, true),
                integer(at, "strength", 0, 10), oneOf(at, "rationale", Bundle.RATIONALES, false), text(at, "source", true),
                text(at, "note", false), text(at, "part", false));
    }

    private Bundle.Control control(At at) {
        fields(at.path, at.node, Set.of("id", "name", "description", "owner", "status", "frequency", "satisfies"));
        // absent status / satisfies stay null here: a new control defaults to operating with no links,
        // a control the store holds must give both (BundleChecks), since an import replaces it whole
        JsonNode s = at.node.get("satisfies");
        List<Bundle.Satisfies> sat = s == null || s.isNull() ? null : new ArrayList<>();
        if (s != null && !s.isNull()) {
            if (!s.isArray()) err(at.path + ".satisfies", "must be an array");
            else for (int i = 0; i < s.size(); i++) {
                String p = at.path + ".satisfies[" + i + "]";
                if (!s.get(i).isObject()) {
                    err(p, "must be an object");
                    continue;
                }
                At in = new At(p, (ObjectNode) s.get(i));
                fields(p, in.node, Set.of("framework", "id", "strength", "note"));
                String strength = oneOf(in, "strength", Bundle.STRENGTHS, false);
                sat.add(new Bundle.Satisfies(id(in, "framework"), id(in, "id"), strength == null ? "full" : strength,
                        text(in, "note", false)));
            }
        }
        String status = oneOf(at, "status", Bundle.STATUSES, false);
        return new Bundle.Control(id(at, "id"), text(at, "name", true), text(at, "description", false),
                text(at, "owner", false), status,
                oneOf(at, "frequency", Bundle.FREQUENCIES, false), sat);
    }

    private Bundle.Policy policy(At at) {
        fields(at.path, at.node, Set.of("id", "title", "version", "approvedOn", "reviewEveryMonths", "owner", "governs"));
        List<String> governs = new ArrayList<>();
        JsonNode g = at.node.get("governs");
        if (g != null && !g.isNull()) {
            if (!g.isArray()) err(at.path + ".governs", "must be an array of control ids");
            else for (int i = 0; i < g.size(); i++) {
                if (!g.get(i).isTextual() || g.get(i).asText().isBlank()) err(at.path + ".governs[" + i + "]", "must be a control id");
                else governs.add(g.get(i).asText());
            }
        }
        return new Bundle.Policy(id(at, "id"), text(at, "title", true), text(at, "version", false), date(at, "approvedOn"),
                integer(at, "reviewEveryMonths", 1, 120), text(at, "owner", false), governs);
    }

    private Bundle.Evidence evidence(At at) {
        fields(at.path, at.node, Set.of("id", "control", "kind", "title", "collectedOn", "validFrom", "validUntil", "uri", "sha256"));
        LocalDate collected = date(at, "collectedOn");
        JsonNode collectedNode = at.node.get("collectedOn");
        if (collectedNode == null || collectedNode.isNull()) err(at.path + ".collectedOn", "is required");
        LocalDate from = date(at, "validFrom");
        LocalDate until = date(at, "validUntil");
        LocalDate start = from != null ? from : collected;
        if (start != null && until != null && until.isBefore(start)) {
            err(at.path + ".validUntil", "is before " + (from != null ? "validFrom" : "collectedOn") + " (" + start + ")");
        }
        String sha = text(at, "sha256", false);
        if (sha != null && !sha.matches("[0-9a-f]{64}")) err(at.path + ".sha256", "must be 64 lower-case hex digits");
        return new Bundle.Evidence(id(at, "id"), id(at, "control"), text(at, "kind", false), text(at, "title", true),
                collected, from, until, text(at, "uri", false), sha);
    }

    private Bundle.Gap gap(At at) {
        fields(at.path, at.node, Set.of("framework", "id", "against", "source", "note"));
        return new Bundle.Gap(id(at, "framework"), id(at, "id"), text(at, "against", false), text(at, "source", true),
                text(at, "note", false));
    }

    // ---- field helpers -------------------------------------------------------------------

    private void err(String path, String message) {
        errors.add(new BundleError(path, message));
    }

    private void fields(String path, ObjectNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) err(path.equals("$") ? f : path + "." + f, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    private String text(ObjectNode node, String path, String field, boolean required) {
        return text(new At(path, node), field, required);
    }

    private String text(At at, String field, boolean required) {
        JsonNode n = at.node.get(field);
        String path = at.path.equals("$") ? field : at.path + "." + field;
        if (n == null || n.isNull()) {
            if (required) err(path, "is required");
            return null;
        }
        if (!n.isTextual()) {
            err(path, "must be a string");
            return null;
        }
        if (required && n.asText().isBlank()) {
            err(path, "must not be empty");
            return null;
        }
        if (n.asText().length() > 20_000) {
            err(path, "is longer than 20000 characters");
            return null;
        }
        return n.asText();
    }

    private String id(At at, String field) {
        String s = text(at, field, true);
        if (s != null && (!s.strip().equals(s) || s.length() > 200 || s.chars().anyMatch(Character::isISOControl))) {
            err(at.path + "." + field, "must be at most 200 characters with no surrounding spaces or control characters");
            return null;
        }
        return s;
    }

    private String oneOf(At at, String field, List<String> allowed, boolean required) {
        String s = text(at, field, required);
        if (s != null && !allowed.contains(s)) {
            err(at.path + "." + field, "unknown value \"" + s + "\" (allowed: " + String.join(", ", allowed) + ")");
            return null;
        }
        return s;
    }

    private Integer integer(At at, String field, int min, int max) {
        JsonNode n = at.node.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            err(at.path + "." + field, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return n.asInt();
    }

    private LocalDate date(At at, String field) {
        String s = text(at, field, false);
        if (s == null) return null;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            err(at.path + "." + field, "must be an ISO-8601 date (yyyy-mm-dd), got \"" + s + "\"");
            return null;
        }
    }
}
