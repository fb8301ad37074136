package crossmap.interchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crossmap.bundle.Bundle;
import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The crosswalk as an OSCAL 1.2 control mapping document ({@code mapping-collection}, JSON), after the
 * usnistgov/OSCAL metaschemas {@code oscal_mapping_metaschema.xml} and {@code oscal_mapping-common_metaschema.xml}.
 *
 * <p>Writing: one {@code mapping} per direction (from → to, and to → from when some rows point back),
 * one {@code map} per crossmap mapping with one source and one target (type {@code control}). The map
 * carries the relationship token, the rationale as the OSCAL {@code matching-rationale} flag, the note as
 * {@code remarks}, and as props in namespace {@link #NS}: {@code strength}, {@code source} (the publication),
 * {@code part} (an SP 800-53 statement part) and {@code rationale = unspecified} when crossmap has no
 * rationale (the provenance must name one, and a map would otherwise inherit it). Each resource reference
 * points to a back-matter resource and carries the crossmap framework id as prop {@code framework}.
 * Every uuid is a name-based UUID v5 (OSCAL accepts only v4 and v5): per subject for mappings, maps and
 * resources; from the whole content for the collection, whose {@code version} is a digest of the content.
 *
 * <p>Reading reverses that, and also reads mapping documents written by others: a map with several
 * sources and targets gives one mapping per pair; the rationale is inherited from the mapping or the
 * provenance when the map has none; {@code equivalent-to} ("similar, not necessarily identical") is read as
 * the weaker {@code intersects_with}, with a note saying so, never as {@code equal}; the source publication
 * defaults to the document title. The framework of each side comes from the {@code framework} prop of
 * the resource reference or of the back-matter resource its {@code href} ({@code #uuid}) points to.
 */
public final class OscalMapping {
    private OscalMapping() {}

    /** Namespace of crossmap's own props. */
    public static final String NS = "urn:crossmap:oscal";
    public static final String OSCAL_VERSION = "1.2.0";

    /** crossmap relationship → OSCAL relationship token. */
    public static final Map<String, String> TOKENS = orderedMap("equal", "equal-to", "subset_of", "subset-of",
            "superset_of", "superset-of", "intersects_with", "intersects-with", "no_relationship", "no-relationship");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** OSCAL's token for "similar, not necessarily identical", which crossmap reads as intersects_with. */
    static final String EQUIVALENT = "equivalent-to";
    private static final UUID NAMESPACE = uuid5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "urn:crossmap:oscal-mapping");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    // ---- writing ------------------------------------------------------------------------------

    /** {@link #write(String, String, List, String, OffsetDateTime)} stamped now (UTC, whole seconds). */
    public static String write(String fromFramework, String toFramework, List<Bundle.Mapping> mappings, String title) {
        return write(fromFramework, toFramework, mappings, title, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The mappings between two frameworks as an OSCAL mapping-collection. Every mapping must go from one
     * of the two frameworks to the other (either way). Given the same mappings, title and time the output
     * is byte-identical.
     *
     * @throws IllegalArgumentException when there is nothing to write (OSCAL requires at least one map), or
     *                                  a mapping is incomplete or involves another framework
     */
    public static String write(String fromFramework, String toFramework, List<Bundle.Mapping> mappings, String title,
                               OffsetDateTime lastModified) {
        if (Fields.idProblem(fromFramework) != null || Fields.idProblem(toFramework) != null) {
            throw new IllegalArgumentException("fromFramework and toFramework must be framework ids");
        }
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("no mappings between " + fromFramework + " and " + toFramework
                    + ": an OSCAL mapping-collection needs at least one map");
        }
        List<Bundle.Mapping> forward = new ArrayList<>();
        List<Bundle.Mapping> back = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            Bundle.Mapping m = mappings.get(i);
            if (m.from() == null || m.to() == null || m.relationship() == null || !TOKENS.containsKey(m.relationship())) {
                throw new IllegalArgumentException("mappings[" + i + "]: incomplete mapping or unknown relationship " + m.relationship());
            }
            if (m.from().framework().equals(fromFramework) && m.to().framework().equals(toFramework)) forward.add(m);
            else if (m.from().framework().equals(toFramework) && m.to().framework().equals(fromFramework)) back.add(m);
            else throw new IllegalArgumentException("mappings[" + i + "]: " + m.from().uid() + " -> " + m.to().uid()
                        + " is not between " + fromFramework + " and " + toFramework);
        }
        String docTitle = title == null || title.isBlank() ? "Crosswalk " + fromFramework + " to " + toFramework : title.strip();

        ArrayNode mappingArray = JSON.createArrayNode();
        Map<String, ObjectNode> resources = new LinkedHashMap<>();
        Map<String, Integer> rationales = new LinkedHashMap<>();
        if (!forward.isEmpty()) mappingArray.add(mapping(fromFramework, toFramework, forward, resources, rationales));
        if (!back.isEmpty()) mappingArray.add(mapping(toFramework, fromFramework, back, resources, rationales));
        String digest = digest(docTitle + "\n" + mappingArray);

        ObjectNode root = JSON.createObjectNode();
        ObjectNode mc = root.putObject("mapping-collection");
        mc.put("uuid", uuid5(NAMESPACE, "collection|" + digest).toString());
        ObjectNode md = mc.putObject("metadata");
        md.put("title", docTitle);
        md.put("last-modified", TIMESTAMP.format(lastModified));
        md.put("version", "sha256-" + digest.substring(0, 16));
        md.put("oscal-version", OSCAL_VERSION);
        ObjectNode prov = mc.putObject("provenance");
        prov.put("method", "human");
        prov.put("matching-rationale", rationales.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("semantic"));
        prov.put("status", "complete");
        prov.put("mapping-description", "Crosswalk between " + fromFramework + " and " + toFramework
                + ", exported by crossmap. Each map keeps the publication it comes from (prop `source`), its strength "
                + "(prop `strength`, 0-10) and any SP 800-53 statement part (prop `part`) in namespace " + NS
                + "; notes are in `remarks`.");
        prov.putArray("props").add(prop("generator", "crossmap"));
        mc.set("mappings", mappingArray);
        ArrayNode res = mc.putObject("back-matter").putArray("resources");
        resources.values().forEach(res::add);
        return pretty(root);
    }

    private static ObjectNode mapping(String from, String to, List<Bundle.Mapping> rows, Map<String, ObjectNode> resources,
                                      Map<String, Integer> rationales) {
        ObjectNode m = JSON.createObjectNode();
        m.put("uuid", uuid5(NAMESPACE, "mapping|" + from + "|" + to).toString());
        m.set("source-resource", resourceRef(from, resources));
        m.set("target-resource", resourceRef(to, resources));
        ArrayNode maps = m.putArray("maps");
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Bundle.Mapping row : rows) {
            String subject = row.from().uid() + "->" + row.to().uid() + "|" + row.key();
            int n = seen.merge(subject, 1, Integer::sum);
            ObjectNode map = maps.addObject();
            map.put("uuid", uuid5(NAMESPACE, "map|" + subject + (n > 1 ? "|" + n : "")).toString());
            if (row.rationale() != null) {
                map.put("matching-rationale", row.rationale());
                rationales.merge(row.rationale(), 1, Integer::sum);
            }
            map.put("relationship", TOKENS.get(row.relationship()));
            map.putArray("sources").add(item(row.from().id()));
            map.putArray("targets").add(item(row.to().id()));
            ArrayNode props = JSON.createArrayNode();
            if (row.strength() != null) props.add(prop("strength", row.strength().toString()));
            if (row.source() != null) props.add(prop("source", row.source()));
            if (row.part() != null) props.add(prop("part", row.part()));
            if (row.rationale() == null) props.add(prop("rationale", "unspecified"));
            if (!props.isEmpty()) map.set("props", props); // an OSCAL group holds at least one item
            if (row.note() != null) map.put("remarks", row.note());
        }
        return m;
    }

    private static ObjectNode item(String id) {
        ObjectNode i = JSON.createObjectNode();
        i.put("type", "control");
        i.put("id-ref", id);
        return i;
    }

    private static ObjectNode prop(String name, String value) {
        ObjectNode p = JSON.createObjectNode();
        p.put("name", name);
        p.put("ns", NS);
        p.put("value", value);
        return p;
    }

    private static ObjectNode resourceRef(String framework, Map<String, ObjectNode> resources) {
        String uuid = uuid5(NAMESPACE, "resource|" + framework).toString();
        resources.computeIfAbsent(framework, f -> {
            ObjectNode r = JSON.createObjectNode();
            r.put("uuid", uuid);
            r.put("title", f);
            r.putArray("props").add(prop("framework", f));
            return r;
        });
        ObjectNode ref = JSON.createObjectNode();
        ref.put("type", "catalog");
        ref.put("href", "#" + uuid);
        ref.putArray("props").add(prop("framework", framework));
        return ref;
    }

    private static String pretty(JsonNode node) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(pp).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name-based UUID, version 5 (SHA-1), per RFC 4122 section 4.3. */
    static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads a mapping-collection; the result holds only {@code mappings}. Throws {@link BundleException} with every problem found. */
    public static Bundle read(String json) {
        return read(json, new Origins());
    }

    /** As {@link #read(String)}, recording for each mapping the map it was made from in `origins`. */
    static Bundle read(String json, Origins origins) {
        return read(json, origins, null, null);
    }

    /**
     * As {@link #read(String)}, for a document from another tool as well: a side whose resource
     * names no crossmap framework (no {@code framework} prop in crossmap's namespace, on the
     * reference or on the back-matter resource it points to) is read as `sourceFramework` or
     * `targetFramework` when given. A side that names one keeps it.
     */
    public static Bundle read(String json, Origins origins, String sourceFramework, String targetFramework) {
        return new Reader(origins, sourceFramework, targetFramework).read(crossmap.bundle.BundleReader.tree(json));
    }

    private static final class Reader {
        private final List<BundleError> errors = new ArrayList<>();
        private final List<Bundle.Mapping> out = new ArrayList<>();
        private final Map<String, String> frameworkOfResource = new LinkedHashMap<>();
        private final Origins.Maps origins = new Origins.Maps();
        private final String sourceDefault;
        private final String targetDefault;
        /** option -> the resources (href) it was applied to: it names one framework, so one resource per side. */
        private final Map<String, java.util.Set<String>> defaulted = new LinkedHashMap<>();

        Reader(Origins origins, String sourceDefault, String targetDefault) {
            origins.put("mappings", this.origins);
            this.sourceDefault = sourceDefault;
            this.targetDefault = targetDefault;
        }

        private void err(String path, String message) {
            errors.add(new BundleError(path, message));
        }

        Bundle read(JsonNode root) {
            JsonNode mc = root.isObject() ? root.get("mapping-collection") : null;
            if (mc == null || !mc.isObject()) {
                err("mapping-collection", "is required: this is not an OSCAL mapping-collection document");
                throw new BundleException(errors);
            }
            String base = "mapping-collection";
            JsonNode md = mc.get("metadata");
            String title = md != null && md.isObject() ? JsonInput.text(md, "title") : null;
            if (title == null || title.isBlank()) err(base + ".metadata.title", "is required");
            String docRationale = null;
            JsonNode prov = mc.get("provenance");
            if (prov != null && prov.isObject()) docRationale = rationale(prov, base + ".provenance", null);
            backMatter(mc.get("back-matter"), base + ".back-matter");
            JsonNode mappings = mc.get("mappings");
            // the model's group-as "mappings" has no in-json="ARRAY": a lone mapping may be the object itself
            if (mappings != null && mappings.isObject()) mappings = JSON.createArrayNode().add(mappings);
            if (mappings == null || !mappings.isArray()) {
                err(base + ".mappings", mappings == null ? "is required" : "must be an array or one mapping object");
            } else {
                for (int i = 0; i < mappings.size(); i++) {
                    String p = base + ".mappings[" + i + "]";
                    if (!mappings.get(i).isObject()) err(p, "must be an object");
                    else mapping(mappings.get(i), p, docRationale, title == null ? null : title.strip());
                }
            }
            defaulted.forEach((option, hrefs) -> {
                // mappings both ways (A to B and B to A) put each resource on both sides: one option cannot name them
                if (hrefs.size() > 1) {
                    err(base + ".mappings", option + " names one framework, but the document's mappings have " + hrefs.size()
                            + " different resources on that side with no framework named (" + String.join(", ", hrefs)
                            + "); name each resource's framework in the document instead");
                }
            });
            if (!errors.isEmpty()) throw new BundleException(errors);
            return new Bundle(Bundle.FORMAT, List.of(), List.of(), List.copyOf(out), List.of(), List.of(), List.of(), List.of());
        }

        private void backMatter(JsonNode bm, String path) {
            if (bm == null || !bm.isObject() || !bm.has("resources") || !bm.get("resources").isArray()) return;
            for (JsonNode r : bm.get("resources")) {
                String uuid = r.isObject() ? JsonInput.text(r, "uuid") : null;
                String fw = r.isObject() ? ourProp(r, "framework") : null;
                if (uuid != null && fw != null) frameworkOfResource.put(uuid, fw);
            }
        }

        private void mapping(JsonNode m, String path, String docRationale, String title) {
            String from = framework(m.get("source-resource"), path + ".source-resource", sourceDefault, "--source-framework");
            String to = framework(m.get("target-resource"), path + ".target-resource", targetDefault, "--target-framework");
            String rationale = rationale(m, path, docRationale);
            JsonNode maps = m.get("maps");
            if (maps == null || !maps.isArray() || maps.isEmpty()) {
                err(path + ".maps", maps == null ? "is required" : "must be a non-empty array");
                return;
            }
            for (int i = 0; i < maps.size(); i++) {
                String p = path + ".maps[" + i + "]";
                if (!maps.get(i).isObject()) err(p, "must be an object");
                else map(maps.get(i), p, from, to, rationale, title);
            }
        }

        private String framework(JsonNode ref, String path, String given, String option) {
            if (ref == null || !ref.isObject()) {
                err(path, ref == null ? "is required" : "must be an object");
                return null;
            }
            String fw = ourProp(ref, "framework");
            if (fw == null) {
                String href = JsonInput.text(ref, "href");
                if (href != null && href.startsWith("#")) fw = frameworkOfResource.get(href.substring(1));
            }
            if (fw == null && given != null) {
                String href = JsonInput.text(ref, "href");
                defaulted.computeIfAbsent(option, k -> new java.util.TreeSet<>()).add(href == null ? "(no href)" : href);
                fw = given;
            }
            if (fw == null) {
                err(path, "cannot tell which crossmap framework this is: expected a prop {\"name\": \"framework\", \"ns\": \"" + NS
                        + "\"} here or on the back-matter resource its href (#uuid) points to, or name it with " + option
                        + " (HTTP: ?" + (option.startsWith("--source") ? "sourceFramework" : "targetFramework") + "=)");
                return null;
            }
            String problem = Fields.idProblem(fw);
            if (problem != null) {
                err(path + ".props", "framework " + problem);
                return null;
            }
            return fw;
        }

        /** The matching-rationale flag of a node, else {@code inherited}; an unknown value is an error. */
        private String rationale(JsonNode n, String path, String inherited) {
            JsonNode r = n.get("matching-rationale");
            if (r == null || r.isNull()) return inherited;
            if (!r.isTextual() || !Bundle.RATIONALES.contains(r.asText())) {
                err(path + ".matching-rationale", "unknown value " + r + " (allowed: " + String.join(", ", Bundle.RATIONALES) + ")");
                return inherited;
            }
            return r.asText();
        }

        private void map(JsonNode map, String path, String from, String to, String inheritedRationale, String title) {
            int before = errors.size();
            String relationship = relationship(map, path);
            String rationale = rationale(map, path, inheritedRationale);
            if ("unspecified".equals(ourProp(map, "rationale"))) rationale = null;
            Integer strength = null;
            String st = ourProp(map, "strength");
            if (st != null) {
                try {
                    strength = Integer.parseInt(st.strip());
                } catch (NumberFormatException e) {
                    strength = -1;
                }
                if (strength < 0 || strength > 10) {
                    err(path + ".props", "strength \"" + st + "\" is not a whole number from 0 to 10");
                    strength = null;
                }
            }
            String source = ourProp(map, "source");
            if (source == null) source = title;
            String part = ourProp(map, "part");
            String note = JsonInput.text(map, "remarks");
            if ("intersects_with".equals(relationship) && EQUIVALENT.equals(token(map.get("relationship")))) {
                // kept in the note, so the weaker reading is visible and the document's claim is not lost
                note = (note == null ? "" : note + " ") + "(OSCAL equivalent-to: similar, not necessarily identical; read as intersects_with)";
            }
            List<String> sources = items(map.get("sources"), path + ".sources");
            List<String> targets = items(map.get("targets"), path + ".targets");
            if (errors.size() > before || from == null || to == null || source == null) return;
            for (int si = 0; si < sources.size(); si++) {
                for (int ti = 0; ti < targets.size(); ti++) {
                    out.add(new Bundle.Mapping(new Bundle.Ref(from, sources.get(si)), new Bundle.Ref(to, targets.get(ti)), relationship, strength,
                            rationale, source, note, part));
                    origins.add(path, si, ti);
                }
            }
        }

        private String relationship(JsonNode map, String path) {
            String ns = JsonInput.text(map, "ns");
            if (ns != null && !ns.equals(OscalCatalog.OSCAL_NS)) {
                err(path + ".ns", "relationships in namespace \"" + ns + "\" are not understood (only " + OscalCatalog.OSCAL_NS + ")");
                return null;
            }
            JsonNode r = map.get("relationship");
            // OSCAL 1.2.0: a plain token; earlier development snapshots: {"type": token, "ns": ...}
            if (r != null && r.isObject()) {
                String rns = JsonInput.text(r, "ns");
                if (rns != null && !rns.equals(OscalCatalog.OSCAL_NS)) {
                    err(path + ".relationship.ns", "relationships in namespace \"" + rns + "\" are not understood");
                    return null;
                }
            }
            String token = token(r);
            if (token == null) {
                err(path + ".relationship", "is required");
                return null;
            }
            // OSCAL 1.2 keeps equivalent-to ("similar, not necessarily identical") apart from equal-to ("the
            // same"); reading it as equal would claim coverage the document does not, so it is the weaker
            // intersects_with (never overstate coverage)
            if (token.equals(EQUIVALENT)) return "intersects_with";
            for (Map.Entry<String, String> e : TOKENS.entrySet()) if (e.getValue().equals(token)) return e.getKey();
            err(path + ".relationship", "unknown relationship \"" + token + "\" (allowed: " + String.join(", ", TOKENS.values())
                    + ", equivalent-to)");
            return null;
        }

        /** The relationship's token: OSCAL 1.2.0 writes it plain, earlier development snapshots as {"type": token, "ns": ...}. */
        private static String token(JsonNode relationship) {
            JsonNode r = relationship != null && relationship.isObject() ? relationship.get("type") : relationship;
            if (r == null || r.isNull()) return null;
            return r.isTextual() ? r.asText() : r.toString();
        }

        private List<String> items(JsonNode array, String path) {
            List<String> ids = new ArrayList<>();
            if (array == null || !array.isArray() || array.isEmpty()) {
                err(path, array == null ? "is required" : "must be a non-empty array");
                return ids;
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                String p = path + "[" + i + "]";
                if (!item.isObject()) {
                    err(p, "must be an object");
                    continue;
                }
                String type = JsonInput.text(item, "type");
                if (type != null && !type.equals("control") && !type.equals("statement")) {
                    err(p + ".type", "unknown type \"" + type + "\" (allowed: control, statement)");
                    continue;
                }
                String id = JsonInput.text(item, "id-ref");
                String problem = Fields.idProblem(id);
                if (problem != null) {
                    err(p + ".id-ref", problem);
                    continue;
                }
                ids.add(id);
            }
            return ids;
        }
    }

    /** The value of a prop in crossmap's namespace, or null. */
    static String ourProp(JsonNode n, String name) {
        JsonNode props = n.get("props");
        if (props == null || !props.isArray()) return null;
        for (JsonNode p : props) {
            if (p.isObject() && name.equals(JsonInput.text(p, "name")) && NS.equals(JsonInput.text(p, "ns"))) {
                return JsonInput.text(p, "value");
            }
        }
        return null;
    }
}
