package crossmap.interchange;

import com.fasterxml.jackson.databind.JsonNode;
import crossmap.bundle.Bundle;
import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OSCAL catalog (JSON) as one framework and its requirement tree.
 *
 * <ul>
 *   <li>every {@code group}, at any depth, is a requirement of kind {@code group}; every {@code control} is
 *       one of kind {@code control}, or {@code enhancement} when nested in a control; a withdrawn control
 *       (prop {@code status = withdrawn}) has kind {@code withdrawn} and summary "Withdrawn.", and stays in
 *       the tree so that mappings to it still resolve;</li>
 *   <li>{@code parent} is the enclosing group or control; {@code id} is the OSCAL id as given; {@code name} is
 *       the title; {@code sortKey} is the position in the document (zero-padded);</li>
 *   <li>{@code summary} is the text of the {@code statement} part: its prose and its sub-parts' prose in
 *       order, each led by its {@code label} prop, whitespace-normalised and capped at 4,000 characters.
 *       With no statement text, a control that has a label gets "label: title".</li>
 * </ul>
 * A group without an id (OSCAL allows it) gets {@code group-N}, N counting such groups in document order.
 * Problems are {@link BundleError}s with a JSON path such as {@code catalog.groups[0].controls[3].id}.
 */
public final class OscalCatalog {
    private OscalCatalog() {}

    public static final int MAX_SUMMARY = 4_000;
    static final String OSCAL_NS = "http://csrc.nist.gov/ns/oscal";
    private static final Pattern UUID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    /** Reads a catalog as framework {@code frameworkId}. Throws {@link BundleException} with every problem found. */
    public static Bundle read(String json, String frameworkId) {
        String fwProblem = Fields.idProblem(frameworkId);
        if (fwProblem != null) throw new BundleException(List.of(new BundleError("frameworkId", fwProblem)));
        return new Reader(frameworkId).read(crossmap.bundle.BundleReader.tree(json));
    }

    private static final class Reader {
        private final String fw;
        private final List<BundleError> errors = new ArrayList<>();
        private final List<Bundle.Requirement> requirements = new ArrayList<>();
        private final Map<String, String> idPaths = new HashMap<>();
        private int sequence;
        private int anonymousGroups;

        Reader(String fw) {
            this.fw = fw;
        }

        private void err(String path, String message) {
            errors.add(new BundleError(path, message));
        }

        Bundle read(JsonNode root) {
            if (!root.isObject()) {
                err("$", "an OSCAL catalog document must be a JSON object with a \"catalog\" member");
                throw new BundleException(errors);
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("catalog") && !f.equals("$schema")) err(f, "unknown member; an OSCAL catalog document has only \"catalog\" (and \"$schema\")");
            }
            JsonNode cat = root.get("catalog");
            if (cat == null || !cat.isObject()) {
                err("catalog", cat == null ? "is required: this is not an OSCAL catalog" : "must be an object");
                throw new BundleException(errors);
            }
            String uuid = string(cat, "catalog", "uuid", true);
            if (uuid != null && !UUID.matcher(uuid).matches()) err("catalog.uuid", "\"" + uuid + "\" is not a UUID");
            JsonNode md = cat.get("metadata");
            String title = null;
            String version = null;
            String publisher = null;
            if (md == null || !md.isObject()) {
                err("catalog.metadata", md == null ? "is required" : "must be an object");
            } else {
                title = string(md, "catalog.metadata", "title", true);
                version = string(md, "catalog.metadata", "version", false);
                JsonNode parties = md.get("parties");
                if (parties != null && parties.isArray()) {
                    for (JsonNode p : parties) {
                        String name = p.isObject() ? JsonInput.text(p, "name") : null;
                        if (name != null && !name.isBlank()) {
                            publisher = name.strip();
                            break;
                        }
                    }
                }
            }
            members(cat, "catalog", null, false);
            if (!errors.isEmpty()) throw new BundleException(errors);
            Bundle.Framework framework = new Bundle.Framework(fw, title == null ? null : title.strip(), version, publisher, "catalog", "oscal");
            return new Bundle(Bundle.FORMAT, List.of(framework), List.copyOf(requirements), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** The groups and controls of a catalog, group or control, in document order. */
        private void members(JsonNode node, String path, String parent, boolean inControl) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("groups") && !e.getKey().equals("controls")) continue;
                boolean groups = e.getKey().equals("groups");
                String p = path + "." + e.getKey();
                if (groups && inControl) {
                    err(p, "a control cannot contain groups");
                    continue;
                }
                if (!e.getValue().isArray()) {
                    err(p, "must be an array");
                    continue;
                }
                for (int i = 0; i < e.getValue().size(); i++) {
                    JsonNode child = e.getValue().get(i);
                    String cp = p + "[" + i + "]";
                    if (!child.isObject()) {
                        err(cp, "must be an object");
                        continue;
                    }
                    if (groups) group(child, cp, parent);
                    else control(child, cp, parent, inControl);
                }
            }
        }

        private void group(JsonNode g, String path, String parent) {
            String id;
            if (g.get("id") == null || g.get("id").isNull()) {
                id = "group-" + (++anonymousGroups);
                String first = idPaths.putIfAbsent(id, path + " (a group without an id, named " + id + ")");
                if (first != null) err(path, "this group has no id and its generated id \"" + id + "\" is taken: also at " + first);
            } else {
                id = id(g, path);
            }
            String title = string(g, path, "title", true);
            if (id != null) {
                requirements.add(new Bundle.Requirement(fw, id, parent, title, "group", null, summary(g, path, title),
                        sortKey(), null, null, keptLabel(g)));
            }
            members(g, path, id, false);
        }

        private void control(JsonNode c, String path, String parent, boolean inControl) {
            String id = id(c, path);
            String title = string(c, path, "title", true);
            boolean withdrawn = "withdrawn".equals(prop(c, "status"));
            String kind = withdrawn ? "withdrawn" : inControl ? "enhancement" : "control";
            String summary = withdrawn ? "Withdrawn." : summary(c, path, title);
            if (id != null) requirements.add(new Bundle.Requirement(fw, id, parent, title, kind, null, summary, sortKey(), null, null, keptLabel(c)));
            members(c, path, id, true);
        }

        private String sortKey() {
            return String.format("%06d", ++sequence);
        }

        private String id(JsonNode n, String path) {
            String id = string(n, path, "id", true);
            if (id == null) return null;
            String problem = Fields.idProblem(id);
            if (problem != null) {
                err(path + ".id", problem);
                return null;
            }
            String first = idPaths.putIfAbsent(id, path + ".id");
            if (first != null) {
                err(path + ".id", "duplicate id \"" + id + "\": also at " + first);
                return null;
            }
            return id;
        }

        private String string(JsonNode n, String path, String field, boolean required) {
            JsonNode v = n.get(field);
            String p = path + "." + field;
            if (v == null || v.isNull()) {
                if (required) err(p, "is required");
                return null;
            }
            if (!v.isTextual()) {
                err(p, "must be a string");
                return null;
            }
            if (required && v.asText().isBlank()) {
                err(p, "must not be empty");
                return null;
            }
            if (v.asText().length() > Fields.MAX_TEXT) {
                err(p, "is longer than " + Fields.MAX_TEXT + " characters");
                return null;
            }
            return v.asText();
        }

        /** The statement text, or "label: title" when there is none and the element has a label, else null. */
        private String summary(JsonNode n, String path, String title) {
            StringBuilder sb = new StringBuilder();
            JsonNode parts = n.get("parts");
            if (parts != null && parts.isArray()) {
                for (JsonNode part : parts) {
                    if (part.isObject() && "statement".equals(JsonInput.text(part, "name"))) {
                        statement(part, sb);
                        break;
                    }
                }
            } else if (parts != null && !parts.isNull()) {
                err(path + ".parts", "must be an array");
            }
            String text = Fields.normalise(sb.toString());
            if (text.isEmpty()) {
                String label = label(n);
                return label == null ? null : Fields.cap(label + (title == null ? "" : ": " + Fields.normalise(title)), MAX_SUMMARY);
            }
            return Fields.cap(text, MAX_SUMMARY);
        }

        private void statement(JsonNode part, StringBuilder sb) {
            String label = label(part);
            if (label != null) sb.append(' ').append(label);
            String prose = JsonInput.text(part, "prose");
            if (prose != null) sb.append(' ').append(prose);
            JsonNode sub = part.get("parts");
            if (sub != null && sub.isArray()) {
                for (JsonNode p : sub) if (p.isObject()) statement(p, sb);
            }
        }
    }

    /** The value of the first OSCAL prop with this name (a {@code label} without a class preferred), or null. */
    static String prop(JsonNode n, String name) {
        JsonNode props = n.get("props");
        if (props == null || !props.isArray()) return null;
        String any = null;
        for (JsonNode p : props) {
            if (!p.isObject() || !name.equals(JsonInput.text(p, "name"))) continue;
            String ns = JsonInput.text(p, "ns");
            if (ns != null && !ns.equals(OSCAL_NS)) continue;
            String value = JsonInput.text(p, "value");
            if (value == null || value.isBlank()) continue;
            if (JsonInput.text(p, "class") == null) return value.strip();
            if (any == null) any = value.strip();
        }
        return any;
    }

    static String label(JsonNode n) {
        return prop(n, "label");
    }

    /** The label kept on the requirement (the unclassed one when there are several, e.g. "AC-2" over "AC-02"): one line, at most an id's length. */
    static String keptLabel(JsonNode n) {
        String l = label(n);
        return l == null ? null : Fields.cap(Fields.normalise(l), Fields.MAX_ID);
    }
}
