package crossmap.interchange;

import static crossmap.interchange.Resources.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.bundle.Bundle;
import crossmap.bundle.Bundle.Framework;
import crossmap.bundle.Bundle.Requirement;
import crossmap.bundle.BundleChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

class OscalCatalogTest {
    static final String FW = "example-catalog";

    static Requirement req(String id, String parent, String name, String kind, String summary, String sortKey) {
        return req(id, parent, name, kind, summary, sortKey, null);
    }

    static Requirement req(String id, String parent, String name, String kind, String summary, String sortKey, String label) {
        return new Requirement(FW, id, parent, name, kind, null, summary, sortKey, null, null, label);
    }

    @Test
    void reads_nested_groups_controls_enhancements_and_withdrawn_controls_in_document_order() {
        Bundle b = OscalCatalog.read(Resources.text("interchange/catalog.json"), FW);
        assertEquals(List.of(new Framework(FW, "Example Control Catalog", "1.0.3", "Example Standards Body", "catalog", "oscal")),
                b.frameworks());
        assertEquals(List.of(
                req("ac", null, "Access Control", "group", null, "000001"),
                req("ac-acct", "ac", "Account Management Topics", "group", null, "000002"),
                // labels kept: the unclassed one where there are several ("AC-2", not the zero-padded "AC-02")
                req("ac-2", "ac-acct", "Account Management", "control",
                        "a. Define and document the types of accounts allowed; b. Assign account managers; and 1. review them.", "000003", "AC-2"),
                req("ac-2.1", "ac-2", "Automated System Account Management", "enhancement",
                        "Support the management of system accounts using automated mechanisms.", "000004", "AC-2(1)"),
                req("ac-2.1_smt.a", "ac-2", "Odd identifier kept as given", "enhancement", "AC-2(1)(a): Odd identifier kept as given", "000005", "AC-2(1)(a)"),
                req("ac-2.2", "ac-2", "Automated Temporary Account Management", "withdrawn", "Withdrawn.", "000006", "AC-2(2)"),
                req("ac-1", "ac", "Policy and Procedures", "control", "Develop and document an access control policy.", "000007", "AC-1"),
                req("au", null, "Audit and Accountability", "group", null, "000008"),
                req("au-2", "au", "Event Logging", "control", "Identify the types of events that the system is capable of logging.", "000009", "AU-2"),
                req("au-15", "au", "Alternate Audit Logging Capability", "withdrawn", "Withdrawn.", "000010", "AU-15")),
                b.requirements());
        assertEquals(List.of(), b.mappings());
        // the tree is a valid bundle on its own: every parent resolves inside the framework
        BundleChecks.check(b, BundleChecks.Known.NOTHING);
    }

    @Test
    void caps_the_summary_at_4000_characters() {
        String prose = "word ".repeat(2_000);
        String json = """
                {"catalog": {"uuid": "7c1f3e9a-2b4d-4f6e-9a8b-0c1d2e3f4a5b", "metadata": {"title": "T"},
                 "controls": [{"id": "c-1", "title": "Long", "parts": [{"name": "statement", "prose": "%s"}]}]}}
                """.formatted(prose);
        Requirement r = OscalCatalog.read(json, FW).requirements().get(0);
        assertEquals(4_000, r.summary().length());
        assertTrue(r.summary().startsWith("word word "));
        assertTrue(r.summary().endsWith("\u2026"));
        assertEquals(null, OscalCatalog.read(json, FW).frameworks().get(0).version());
        assertEquals(null, OscalCatalog.read(json, FW).frameworks().get(0).publisher());
    }

    @Test
    void a_group_without_an_id_gets_a_generated_one() {
        String json = """
                {"catalog": {"uuid": "7c1f3e9a-2b4d-4f6e-9a8b-0c1d2e3f4a5b", "metadata": {"title": "T"},
                 "groups": [{"title": "Untitled family", "controls": [{"id": "x-1", "title": "X one"}]}]}}
                """;
        assertEquals(List.of(req("group-1", null, "Untitled family", "group", null, "000001"),
                        req("x-1", "group-1", "X one", "control", null, "000002")),
                OscalCatalog.read(json, FW).requirements());
    }

    @Test
    void truncated_json_is_refused_with_line_and_column() {
        assertEquals(List.of("$: not valid JSON at line 22, column 42: the document ends before it is complete (truncated?)"),
                errors(() -> OscalCatalog.read(Resources.text("interchange/catalog-truncated.json"), FW)));
    }

    @Test
    void duplicate_ids_are_refused_naming_both_paths() {
        assertEquals(List.of("catalog.groups[1].controls[1].id: duplicate id \"ac-1\": also at catalog.groups[0].controls[0].id"),
                errors(() -> OscalCatalog.read(Resources.text("interchange/catalog-duplicate.json"), FW)));
    }

    @Test
    void duplicate_json_keys_are_refused() {
        List<String> e = errors(() -> OscalCatalog.read("{\"catalog\": {\"uuid\": \"a\",\n \"uuid\": \"b\"}}", FW));
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("$: not valid JSON at line 2, column "), e.get(0));
        assertTrue(e.get(0).contains("Duplicate field 'uuid'"), e.get(0));
    }

    @Test
    void the_document_shape_is_checked() {
        assertEquals(List.of("$: an OSCAL catalog document must be a JSON object with a \"catalog\" member"),
                errors(() -> OscalCatalog.read("[]", FW)));
        assertEquals(List.of("profile: unknown member; an OSCAL catalog document has only \"catalog\" (and \"$schema\")",
                        "catalog: is required: this is not an OSCAL catalog"),
                errors(() -> OscalCatalog.read("{\"profile\": {}}", FW)));
        assertEquals(List.of("catalog.uuid: is required", "catalog.metadata.title: is required"),
                errors(() -> OscalCatalog.read("{\"catalog\": {\"metadata\": {}}}", FW)));
        assertEquals(List.of("catalog.uuid: \"not-a-uuid\" is not a UUID", "catalog.metadata: is required",
                        "catalog.groups[0]: must be an object", "catalog.controls: must be an array"),
                errors(() -> OscalCatalog.read("{\"catalog\": {\"uuid\": \"not-a-uuid\", \"groups\": [1], \"controls\": {}}}", FW)));
        assertEquals(List.of("$: empty document: expected a JSON object"), errors(() -> OscalCatalog.read("  ", FW)));
        assertEquals(List.of("frameworkId: is required"), errors(() -> OscalCatalog.read("{}", " ")));
    }

    @Test
    void ids_over_200_characters_or_with_control_characters_are_refused() {
        String json = """
                {"catalog": {"uuid": "7c1f3e9a-2b4d-4f6e-9a8b-0c1d2e3f4a5b", "metadata": {"title": "T"},
                 "controls": [{"id": "%s", "title": "Long"}, {"id": "c\\u00071", "title": "Bell"}, {"id": " c-3", "title": "Space"},
                              {"id": "c-4"}]}}
                """.formatted("c".repeat(201));
        assertEquals(List.of(
                "catalog.controls[0].id: is 201 characters long; an id has at most 200",
                "catalog.controls[1].id: contains a control character (tab, line break, ...); ids may not",
                "catalog.controls[2].id: has leading or trailing spaces",
                "catalog.controls[3].title: is required"),
                errors(() -> OscalCatalog.read(json, FW)));
    }
}
