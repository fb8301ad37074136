package crossmap.interchange;

import static crossmap.interchange.Resources.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crossmap.bundle.Bundle.Mapping;
import crossmap.bundle.Bundle.Ref;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OscalMappingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final OffsetDateTime T = OffsetDateTime.parse("2026-03-31T09:30:00Z");
    /** The OSCAL uuid datatype: version 4 or 5 only. */
    static final Pattern OSCAL_UUID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}");
    static final String SOC2 = "soc2-tsc-2017";
    static final String HIPAA = "hipaa-security";

    static Mapping m(String fromFw, String from, String toFw, String to, String rel, Integer strength, String rationale, String source,
                     String note, String part) {
        return new Mapping(new Ref(fromFw, from), new Ref(toFw, to), rel, strength, rationale, source, note, part);
    }

    static final List<Mapping> SAMPLE = List.of(
            m(SOC2, "CC6.1", HIPAA, "164.312(a)(2)(iv)", "superset_of", 8, "semantic", "hipaa-to-soc2-head-start", "Encryption at rest", null),
            m(SOC2, "CC7.2", HIPAA, "164.312(b)", "equal", 10, "syntactic", "pub-a", null, null),
            m(SOC2, "CC6.2", HIPAA, "164.308(a)(3)", "intersects_with", null, null, "pub-b", "a note with *markdown* and\nlines", null),
            m(SOC2, "CC9.2", HIPAA, "164.308(b)(1)", "no_relationship", 0, "functional", "pub-c", null, "164.308(b)(1)(i)"),
            m(HIPAA, "164.312(d)", SOC2, "CC6.1", "subset_of", 7, "semantic", "pub-d", "points back", null));

    @Test
    void write_produces_an_oscal_1_2_mapping_collection() throws Exception {
        JsonNode doc = JSON.readTree(OscalMapping.write(SOC2, HIPAA, SAMPLE, "SOC 2 to HIPAA", T));
        JsonNode mc = doc.get("mapping-collection");
        assertEquals(List.of("uuid", "metadata", "provenance", "mappings", "back-matter"), fieldNames(mc));
        assertTrue(OSCAL_UUID.matcher(mc.get("uuid").asText()).matches());
        assertEquals("SOC 2 to HIPAA", mc.at("/metadata/title").asText());
        assertEquals("2026-03-31T09:30:00Z", mc.at("/metadata/last-modified").asText());
        assertEquals("1.2.0", mc.at("/metadata/oscal-version").asText());
        assertTrue(mc.at("/metadata/version").asText().matches("sha256-[0-9a-f]{16}"));
        assertEquals("human", mc.at("/provenance/method").asText());
        assertEquals("semantic", mc.at("/provenance/matching-rationale").asText());
        assertEquals("complete", mc.at("/provenance/status").asText());
        assertTrue(mc.at("/provenance/mapping-description").asText().startsWith("Crosswalk between soc2-tsc-2017 and hipaa-security"));

        assertEquals(2, mc.get("mappings").size(), "one mapping per direction");
        JsonNode forward = mc.at("/mappings/0");
        assertEquals("catalog", forward.at("/source-resource/type").asText());
        assertEquals(SOC2, forward.at("/source-resource/props/0/value").asText());
        assertEquals("framework", forward.at("/source-resource/props/0/name").asText());
        assertEquals(OscalMapping.NS, forward.at("/source-resource/props/0/ns").asText());
        assertEquals(HIPAA, forward.at("/target-resource/props/0/value").asText());
        String href = forward.at("/source-resource/href").asText();
        assertEquals("#" + mc.at("/back-matter/resources/0/uuid").asText(), href);
        assertEquals(SOC2, mc.at("/back-matter/resources/0/props/0/value").asText());
        assertEquals(4, forward.get("maps").size());

        JsonNode first = forward.at("/maps/0");
        assertEquals(List.of("uuid", "matching-rationale", "relationship", "sources", "targets", "props", "remarks"), fieldNames(first));
        assertEquals("superset-of", first.get("relationship").asText());
        assertEquals("semantic", first.get("matching-rationale").asText());
        assertEquals(JSON.readTree("[{\"type\": \"control\", \"id-ref\": \"CC6.1\"}]"), first.get("sources"));
        assertEquals(JSON.readTree("[{\"type\": \"control\", \"id-ref\": \"164.312(a)(2)(iv)\"}]"), first.get("targets"));
        assertEquals(JSON.readTree("""
                [{"name": "strength", "ns": "urn:crossmap:oscal", "value": "8"},
                 {"name": "source", "ns": "urn:crossmap:oscal", "value": "hipaa-to-soc2-head-start"}]"""), first.get("props"));
        assertEquals("Encryption at rest", first.get("remarks").asText());

        JsonNode noRationale = forward.at("/maps/2");
        assertEquals("intersects-with", noRationale.get("relationship").asText());
        assertTrue(noRationale.get("matching-rationale") == null);
        assertEquals(JSON.readTree("""
                [{"name": "source", "ns": "urn:crossmap:oscal", "value": "pub-b"},
                 {"name": "rationale", "ns": "urn:crossmap:oscal", "value": "unspecified"}]"""), noRationale.get("props"));
        JsonNode withPart = forward.at("/maps/3");
        assertEquals("no-relationship", withPart.get("relationship").asText());
        assertEquals("part", withPart.at("/props/2/name").asText());
        assertEquals("164.308(b)(1)(i)", withPart.at("/props/2/value").asText());

        JsonNode back = mc.at("/mappings/1");
        assertEquals(HIPAA, back.at("/source-resource/props/0/value").asText());
        assertEquals("subset-of", back.at("/maps/0/relationship").asText());
        assertEquals("164.312(d)", back.at("/maps/0/sources/0/id-ref").asText());
    }

    @Test
    void every_relationship_has_its_oscal_token() throws Exception {
        List<String> rels = List.of("equal", "subset_of", "superset_of", "intersects_with", "no_relationship");
        List<Mapping> ms = new ArrayList<>();
        for (int i = 0; i < rels.size(); i++) ms.add(m("fa", "A" + i, "fb", "B" + i, rels.get(i), null, null, "s", null, null));
        JsonNode maps = JSON.readTree(OscalMapping.write("fa", "fb", ms, "t", T)).at("/mapping-collection/mappings/0/maps");
        List<String> tokens = new ArrayList<>();
        maps.forEach(map -> tokens.add(map.get("relationship").asText()));
        assertEquals(List.of("equal-to", "subset-of", "superset-of", "intersects-with", "no-relationship"), tokens);
        assertEquals(ms, OscalMapping.read(OscalMapping.write("fa", "fb", ms, "t", T)).mappings());
    }

    @Test
    void uuids_are_version_5_and_export_is_stable() throws Exception {
        String a = OscalMapping.write(SOC2, HIPAA, SAMPLE, "SOC 2 to HIPAA", T);
        assertEquals(a, OscalMapping.write(SOC2, HIPAA, SAMPLE, "SOC 2 to HIPAA", T));
        List<String> uuids = new ArrayList<>();
        collectUuids(JSON.readTree(a), uuids);
        assertEquals(1 + 2 + 5 + 2, uuids.size(), uuids.toString());
        assertEquals(uuids.size(), uuids.stream().distinct().count(), "uuids are unique");
        for (String u : uuids) {
            assertTrue(OSCAL_UUID.matcher(u).matches(), u);
            assertEquals(5, UUID.fromString(u).version(), u);
        }
        // a change of content changes the collection uuid and version but not the uuid of an unchanged map
        List<Mapping> changed = new ArrayList<>(SAMPLE);
        changed.set(1, m(SOC2, "CC7.2", HIPAA, "164.312(b)", "equal", 9, "syntactic", "pub-a", null, null));
        JsonNode x = JSON.readTree(a).get("mapping-collection");
        JsonNode y = JSON.readTree(OscalMapping.write(SOC2, HIPAA, changed, "SOC 2 to HIPAA", T)).get("mapping-collection");
        assertNotEquals(x.get("uuid"), y.get("uuid"));
        assertNotEquals(x.at("/metadata/version"), y.at("/metadata/version"));
        assertEquals(x.at("/mappings/0/maps/1/uuid"), y.at("/mappings/0/maps/1/uuid"));
        assertEquals(x.at("/mappings/0/maps/0/uuid"), y.at("/mappings/0/maps/0/uuid"));
    }

    @Test
    void uuid5_matches_the_rfc_4122_algorithm() {
        // the value Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") gives
        assertEquals(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"),
                OscalMapping.uuid5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
    }

    @Test
    void output_is_indented_json_with_lf_line_ends() {
        String doc = OscalMapping.write(SOC2, HIPAA, SAMPLE.subList(0, 1), "t", T);
        assertTrue(doc.startsWith("{\n  \"mapping-collection\": {\n    \"uuid\": \""), doc.substring(0, 60));
        assertTrue(doc.endsWith("}\n"));
        assertTrue(!doc.contains("\r"));
    }

    private static void collectUuids(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("uuid")) out.add(e.getValue().asText());
                else collectUuids(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collectUuids(c, out));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void write_then_read_gives_the_same_mappings() {
        assertEquals(SAMPLE, OscalMapping.read(OscalMapping.write(SOC2, HIPAA, SAMPLE, "SOC 2 to HIPAA", T)).mappings());
        assertEquals(SAMPLE, OscalMapping.read(OscalMapping.write(SOC2, HIPAA, SAMPLE, null)).mappings());
    }

    @Test
    void write_then_read_round_trips_the_aicpa_to_sp800_53_reference_leg() {
        List<Mapping> leg = CrosswalkCsv.readReference(Resources.text("reference/mappings_public.csv"), "mappings_public.csv").mappings()
                .stream().filter(x -> x.from().framework().equals(SOC2)).toList();
        assertEquals(1427, leg.size());
        assertTrue(leg.stream().filter(x -> x.part() != null).count() > 0);
        assertEquals(leg, OscalMapping.read(OscalMapping.write(SOC2, "nist-sp800-53r5", leg, "AICPA TSC to SP 800-53", T)).mappings());
    }

    @Test
    void reads_a_mapping_collection_written_by_another_tool() throws Exception {
        String title = "Example Framework to Example Catalog";
        // equivalent-to is "similar, not necessarily identical": read as the weaker intersects_with, said in the note
        String note = "Two targets, one source. (OSCAL equivalent-to: similar, not necessarily identical; read as intersects_with)";
        List<Mapping> expected = List.of(
                m("example-framework", "GV.PO-01", "example-catalog", "ac-1", "intersects_with", null, "functional", title, note, null),
                m("example-framework", "GV.PO-01", "example-catalog", "ac-2_smt.a", "intersects_with", null, "functional", title, note, null),
                m("example-framework", "GV.PO-02", "example-catalog", "au-2", "subset_of", null, "syntactic", title, null, null));
        String text = Resources.text("interchange/mapping-foreign.json");
        assertEquals(expected, OscalMapping.read(text).mappings());
        // the model lets a lone mapping stand as the object itself (group-as "mappings" without in-json="ARRAY")
        ObjectNode doc = (ObjectNode) JSON.readTree(text);
        ObjectNode mc = (ObjectNode) doc.get("mapping-collection");
        mc.set("mappings", mc.get("mappings").get(0));
        assertEquals(expected, OscalMapping.read(doc.toString()).mappings());
        // and an earlier development snapshot's relationship object ({type, ns}) reads the same
        ObjectNode map2 = (ObjectNode) mc.at("/mappings/maps/1");
        map2.remove("ns");
        map2.putObject("relationship").put("type", "subset-of").put("ns", "http://csrc.nist.gov/ns/oscal");
        assertEquals(expected, OscalMapping.read(doc.toString()).mappings());

        // a document with no crossmap prop at all (as another tool writes it): its sides are named on import
        ObjectNode bare = (ObjectNode) JSON.readTree(text);
        ((ObjectNode) bare.at("/mapping-collection/mappings/0/target-resource")).remove("props");
        ((ObjectNode) bare.at("/mapping-collection/back-matter/resources/0")).remove("props");
        List<String> refused = errors(() -> OscalMapping.read(bare.toString()));
        assertEquals(2, refused.size(), refused.toString());
        assertTrue(refused.get(1).startsWith("mapping-collection.mappings[0].target-resource: cannot tell which crossmap framework this is")
                && refused.get(1).endsWith("or name it with --target-framework (HTTP: ?targetFramework=)"), refused.toString());
        assertEquals(expected, OscalMapping.read(bare.toString(), new Origins(), "example-framework", "example-catalog").mappings());
        // a side the document names keeps its own framework
        assertEquals(expected, OscalMapping.read(text, new Origins(), "elsewhere", "elsewhere-too").mappings());
        // mappings both ways put each resource on both sides: one framework per option cannot name them
        ObjectNode back = ((ObjectNode) bare.at("/mapping-collection/mappings/0")).deepCopy();
        back.set("source-resource", bare.at("/mapping-collection/mappings/0/target-resource").deepCopy());
        back.set("target-resource", bare.at("/mapping-collection/mappings/0/source-resource").deepCopy());
        ((com.fasterxml.jackson.databind.node.ArrayNode) bare.at("/mapping-collection/mappings")).add(back);
        List<String> both = errors(() -> OscalMapping.read(bare.toString(), new Origins(), "example-framework", "example-catalog"));
        assertEquals(List.of(
                "mapping-collection.mappings: --source-framework names one framework, but the document's mappings have 2 different resources on that "
                        + "side with no framework named (#b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e, https://example.org/catalog.json); name each resource's "
                        + "framework in the document instead",
                "mapping-collection.mappings: --target-framework names one framework, but the document's mappings have 2 different resources on that "
                        + "side with no framework named (#b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e, https://example.org/catalog.json); name each resource's "
                        + "framework in the document instead"), both);
    }

    @Test
    void unknown_relationship_tokens_are_refused_with_their_path() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(OscalMapping.write(SOC2, HIPAA, SAMPLE, "t", T));
        ((ObjectNode) doc.at("/mapping-collection/mappings/0/maps/1")).put("relationship", "overlaps");
        ((ObjectNode) doc.at("/mapping-collection/mappings/1/maps/0")).put("matching-rationale", "gut-feeling");
        ((ObjectNode) doc.at("/mapping-collection/mappings/0/maps/0/props/0")).put("value", "11");
        assertEquals(List.of(
                "mapping-collection.mappings[0].maps[0].props: strength \"11\" is not a whole number from 0 to 10",
                "mapping-collection.mappings[0].maps[1].relationship: unknown relationship \"overlaps\" (allowed: equal-to, subset-of, "
                        + "superset-of, intersects-with, no-relationship, equivalent-to)",
                "mapping-collection.mappings[1].maps[0].matching-rationale: unknown value \"gut-feeling\" (allowed: syntactic, semantic, functional)"),
                errors(() -> OscalMapping.read(doc.toString())));
    }

    @Test
    void read_checks_the_document_shape() {
        assertEquals(List.of("mapping-collection: is required: this is not an OSCAL mapping-collection document"),
                errors(() -> OscalMapping.read("{\"catalog\": {}}")));
        assertEquals(List.of("mapping-collection.metadata.title: is required", "mapping-collection.mappings: is required"),
                errors(() -> OscalMapping.read("{\"mapping-collection\": {}}")));
        String noFramework = """
                {"mapping-collection": {"metadata": {"title": "t"}, "mappings": [{
                  "source-resource": {"type": "catalog", "href": "#nowhere"},
                  "target-resource": {"type": "catalog", "href": "x.json", "props": [{"name": "framework", "ns": "urn:crossmap:oscal", "value": "fb"}]},
                  "maps": [{"relationship": "equal-to", "sources": [], "targets": [{"type": "rule", "id-ref": "B1"}]}]}]}}""";
        assertEquals(List.of(
                "mapping-collection.mappings[0].source-resource: cannot tell which crossmap framework this is: expected a prop "
                        + "{\"name\": \"framework\", \"ns\": \"urn:crossmap:oscal\"} here or on the back-matter resource its href (#uuid) points to, "
                        + "or name it with --source-framework (HTTP: ?sourceFramework=)",
                "mapping-collection.mappings[0].maps[0].sources: must be a non-empty array",
                "mapping-collection.mappings[0].maps[0].targets[0].type: unknown type \"rule\" (allowed: control, statement)"),
                errors(() -> OscalMapping.read(noFramework)));
    }

    @Test
    void truncated_json_is_refused_with_line_and_column() {
        String doc = OscalMapping.write(SOC2, HIPAA, SAMPLE, "t", T);
        String cut = doc.substring(0, doc.indexOf("\"maps\""));
        int line = (int) cut.chars().filter(c -> c == '\n').count() + 1;
        int column = cut.length() - cut.lastIndexOf('\n');
        assertEquals(List.of("$: not valid JSON at line " + line + ", column " + column + ": the document ends before it is complete (truncated?)"),
                errors(() -> OscalMapping.read(cut)));
    }

    @Test
    void write_refuses_mappings_outside_the_two_frameworks_and_an_empty_list() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OscalMapping.write(SOC2, HIPAA,
                List.of(SAMPLE.get(0), m(SOC2, "CC1.1", "nist-csf-2.0", "GV.OC-01", "equal", null, null, "s", null, null)), "t", T));
        assertEquals("mappings[1]: soc2-tsc-2017:CC1.1 -> nist-csf-2.0:GV.OC-01 is not between soc2-tsc-2017 and hipaa-security", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OscalMapping.write(SOC2, HIPAA, List.of(), "t", T));
        assertEquals("no mappings between soc2-tsc-2017 and hipaa-security: an OSCAL mapping-collection needs at least one map", e.getMessage());
    }
}
