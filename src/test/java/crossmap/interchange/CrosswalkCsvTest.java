package crossmap.interchange;

import static crossmap.interchange.Resources.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.bundle.Bundle;
import crossmap.bundle.Bundle.Mapping;
import crossmap.bundle.Bundle.Ref;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrosswalkCsvTest {
    static final String HEADER = "from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\r\n";

    static Mapping m(String fromFw, String from, String toFw, String to, String rel, Integer strength, String rationale, String source,
                     String note, String part) {
        return new Mapping(new Ref(fromFw, from), new Ref(toFw, to), rel, strength, rationale, source, note, part);
    }

    // ---- reading ------------------------------------------------------------------------------

    @Test
    void reads_columns_in_any_order_with_quoting_multiline_fields_and_aliases() {
        Bundle b = CrosswalkCsv.read(Resources.text("interchange/crosswalk.csv"), "crosswalk.csv");
        assertEquals(Bundle.FORMAT, b.format());
        assertEquals(List.of(), b.frameworks());
        assertEquals(List.of(), b.requirements());
        assertEquals(List.of(), b.gaps());
        assertEquals(List.of(
                m("soc2-tsc-2017", "CC7.2", "hipaa-security", "164.312(b)", "superset_of", 8, "semantic", "Example Publication, 2024",
                        "Audit logging, \"as stated\" by the article", null),
                m("soc2-tsc-2017", "CC6.1", "hipaa-security", "164.312(a)(2)(iv)", "intersects_with", null, null, "Example Publication",
                        "line one\r\nline two", null),
                m("soc2-tsc-2017", "CC6.2", "nist-sp800-53r5", "AC-2", "equal", 10, "functional", "Example Publication", null, null),
                m("soc2-tsc-2017", "P4.1", "hipaa-privacy-breach", "164.502(b)", "no_relationship", 0, "syntactic", "Example Publication",
                        "§ 164.502(b) — minimum necessary", null)),
                b.mappings());
    }

    @Test
    void reports_every_bad_row_at_once_with_file_line_and_column() {
        List<String> errors = errors(() -> CrosswalkCsv.read(Resources.text("interchange/crosswalk-errors.csv"), "errors.csv"));
        String formula = " and looks like a spreadsheet formula; refused (a spreadsheet would run it). Remove that first character or put text before it";
        assertEquals(List.of(
                "errors.csv:2:9: note: the value starts with '='" + formula,
                "errors.csv:3:5: relationship: unknown value 'related' (allowed: equal, subset_of, superset_of, intersects_with, "
                        + "no_relationship, or intersects for intersects_with)",
                "errors.csv:4:6: strength: 11 is out of range; it must be a whole number from 0 to 10 (or empty)",
                "errors.csv:5:8: source: a value is required",
                "errors.csv:6:2: from_id: the value starts with '@'" + formula,
                "errors.csv:6:6: strength: -5 is out of range; it must be a whole number from 0 to 10 (or empty)",
                "errors.csv:7:7: rationale: unknown value 'magic' (allowed: syntactic, semantic, functional, or empty)",
                "errors.csv:9:9: note: the value starts with '-'" + formula,
                "errors.csv:10:9: this row has 8 fields, the header has 9 (a value with a comma must be in double quotes)"),
                errors);
    }

    @Test
    void refuses_formula_cells_starting_with_tab_cr_plus_or_minus_but_not_signed_numbers() {
        String csv = HEADER
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(b),superset_of,+8,,\"\tpub\",\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(c)(1),superset_of,-0,,pub,\"\rnote\"\r\n"
                + "soc2-tsc-2017,+CC6.1,hipaa-security,164.312(d),superset_of,,,pub,\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security, =1+1,superset_of,,,pub,+5\r\n";
        List<String> errors = errors(() -> CrosswalkCsv.read(csv, "f.csv"));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("f.csv:2:8: source: the value starts with a tab and looks like a spreadsheet formula"), errors.get(0));
        assertTrue(errors.get(1).startsWith("f.csv:3:9: note: the value starts with a carriage return and looks like a spreadsheet formula"), errors.get(1));
        // the lone CR inside the quoted note on line 3 counts as a line break, as it would in an editor
        assertTrue(errors.get(2).startsWith("f.csv:5:2: from_id: the value starts with '+' and looks like a spreadsheet formula"), errors.get(2));
        assertTrue(errors.get(3).startsWith("f.csv:6:4: to_id: the value starts with '=' and looks like a spreadsheet formula"), errors.get(3));
        // "+8", "-0" and the note "+5" are numbers, not formulas: no error was reported for them
    }

    @Test
    void signed_numbers_are_accepted() {
        Bundle b = CrosswalkCsv.read(HEADER + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(b),superset_of,+8,,pub,-42\r\n", "f.csv");
        assertEquals(List.of(m("soc2-tsc-2017", "CC6.1", "hipaa-security", "164.312(b)", "superset_of", 8, null, "pub", "-42", null)), b.mappings());
    }

    @Test
    void names_missing_required_columns_and_refuses_unknown_ones() {
        List<String> errors = errors(() -> CrosswalkCsv.read(Resources.text("interchange/crosswalk-missing-columns.csv"), "cols.csv"));
        assertEquals(List.of(
                "cols.csv:1:6: unknown column 'colour' (allowed: from_framework, from_id, to_framework, to_id, relationship, strength, "
                        + "rationale, source, note, part)",
                "cols.csv:1:1: missing required column 'relationship'",
                "cols.csv:1:1: missing required column 'source'"),
                errors);
    }

    @Test
    void refuses_a_column_named_twice() {
        assertEquals(List.of("d.csv:1:10: column 'note' appears twice (also column 9)"),
                errors(() -> CrosswalkCsv.read(HEADER.strip() + ",Note\r\n", "d.csv")));
    }

    @Test
    void refuses_an_empty_file() {
        String message = "empty file: a header row is required (from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note)";
        assertEquals(List.of("e.csv:1:1: " + message), errors(() -> CrosswalkCsv.read("", "e.csv")));
        assertEquals(List.of("e.csv:1:1: " + message), errors(() -> CrosswalkCsv.read("\uFEFF\r\n\r\n", "e.csv")));
        assertEquals(List.of("e.csv:1:1: " + message), errors(() -> CrosswalkCsv.read(new byte[0], "e.csv")));
    }

    @Test
    void a_header_alone_gives_no_mappings() {
        assertEquals(List.of(), CrosswalkCsv.read(HEADER, "h.csv").mappings());
    }

    @Test
    void refuses_invalid_utf8_naming_line_column_and_byte() {
        List<String> errors = errors(() -> CrosswalkCsv.read(Resources.bytes("interchange/crosswalk-latin1.csv"), "latin1.csv"));
        assertEquals(List.of(
                "latin1.csv:2:9: not valid UTF-8: byte 0xE9 at byte offset 155 cannot start or continue a UTF-8 character; save the file as UTF-8",
                "latin1.csv:3:8: not valid UTF-8: byte 0xFF at byte offset 227 cannot start or continue a UTF-8 character; save the file as UTF-8"),
                errors);
    }

    @Test
    void refuses_utf16() {
        byte[] utf16 = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_16LE);
        assertEquals(List.of("u.csv:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"),
                errors(() -> CrosswalkCsv.read(utf16, "u.csv")));
    }

    @Test
    void accepts_a_utf8_byte_order_mark() {
        byte[] bytes = Resources.bytes("interchange/crosswalk-bom.csv");
        assertEquals((byte) 0xEF, bytes[0]);
        Mapping expected = m("soc2-tsc-2017", "CC6.1", "hipaa-security", "164.312(b)", "superset_of", 8, "semantic", "pub", "Café", null);
        assertEquals(List.of(expected), CrosswalkCsv.read(bytes, "bom.csv").mappings());
        assertEquals(List.of(expected), CrosswalkCsv.read(new String(bytes, StandardCharsets.UTF_8), "bom.csv").mappings());
    }

    @Test
    void refuses_an_unterminated_quote_and_text_after_a_closing_quote() {
        assertEquals(List.of("q.csv:2:9: quoted field opened on line 2 is never closed (the file ends inside it)"),
                errors(() -> CrosswalkCsv.read(HEADER + "a,b,c,d,equal,,,pub,\"open\r\nstill open\r\n", "q.csv")));
        assertEquals(List.of("q.csv:2:8: text after the closing quote of a quoted field (a quote inside a quoted field must be doubled: \"\")"),
                errors(() -> CrosswalkCsv.read(HEADER + "a,b,c,d,equal,,,\"pub\"x,\r\n", "q.csv")));
    }

    @Test
    void refuses_ids_with_control_characters_or_over_200_characters_and_self_mappings_and_repeats() {
        String longId = "X".repeat(201);
        String csv = HEADER
                + "fa," + longId + ",fb,B1,equal,,,pub,\r\n"
                + "fa,\"A\u00011\",fb,B1,equal,,,pub,\r\n"
                + "fa,A1,fa,A1,equal,,,pub,\r\n"
                + "fa,A2,fb,B2,equal,,,pub,first\r\n"
                + "fa,A2,fb,B2,subset_of,,,pub,second\r\n";
        assertEquals(List.of(
                "r.csv:2:2: from_id: is 201 characters long; an id has at most 200",
                "r.csv:3:2: from_id: contains a control character (tab, line break, ...); ids may not",
                "r.csv:4:4: to_id: a requirement cannot map to itself (fa:A1)",
                "r.csv:6:8: repeats the mapping on line 5 (same from, to, source and part)"),
                errors(() -> CrosswalkCsv.read(csv, "r.csv")));
    }

    @Test
    void reads_the_optional_part_column() {
        Bundle b = CrosswalkCsv.read("from_framework,from_id,to_framework,to_id,relationship,source,part\n"
                + "soc2-tsc-2017,CC1.1,nist-sp800-53r5,PS-6,intersects_with,aicpa,PS-6a\n"
                + "soc2-tsc-2017,CC1.1,nist-sp800-53r5,PS-6,intersects_with,aicpa,PS-6b\n", "p.csv");
        assertEquals(List.of(
                m("soc2-tsc-2017", "CC1.1", "nist-sp800-53r5", "PS-6", "intersects_with", null, null, "aicpa", null, "PS-6a"),
                m("soc2-tsc-2017", "CC1.1", "nist-sp800-53r5", "PS-6", "intersects_with", null, null, "aicpa", null, "PS-6b")),
                b.mappings());
    }

    // ---- writing ------------------------------------------------------------------------------

    @Test
    void write_neutralises_formula_cells_and_quotes_per_rfc4180() {
        String csv = CrosswalkCsv.write(List.of(
                m("soc2-tsc-2017", "CC6.1", "hipaa-security", "164.312(b)", "superset_of", 8, "semantic", "pub", "=cmd|' /C calc'!A0", null),
                m("soc2-tsc-2017", "@CC6.2", "hipaa-security", "+164", "equal", null, null, "-pub", "\tx", null),
                m("soc2-tsc-2017", "CC6.3", "hipaa-security", "-5", "equal", 0, null, "a, \"b\"", "\rline", null)));
        assertEquals(HEADER
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(b),superset_of,8,semantic,pub,'=cmd|' /C calc'!A0\r\n"
                + "soc2-tsc-2017,'@CC6.2,hipaa-security,+164,equal,,,'-pub,'\tx\r\n"
                + "soc2-tsc-2017,CC6.3,hipaa-security,-5,equal,0,,\"a, \"\"b\"\"\",\"'\rline\"\r\n",
                csv);
    }

    @Test
    void neutralised_cells_read_back_as_text_not_formulas() {
        String csv = CrosswalkCsv.write(List.of(
                m("fa", "A1", "fb", "B1", "equal", null, null, "pub", "=cmd|' /C calc'!A0", null)));
        assertEquals("'=cmd|' /C calc'!A0", CrosswalkCsv.read(csv, "w.csv").mappings().get(0).note());
    }

    @Test
    void write_adds_the_part_column_only_when_needed() {
        assertTrue(CrosswalkCsv.write(List.of(m("fa", "A", "fb", "B", "equal", null, null, "s", null, null))).startsWith(HEADER));
        assertEquals(HEADER.strip() + ",part\r\nfa,A,fb,B,equal,,,s,,A.a\r\n",
                CrosswalkCsv.write(List.of(m("fa", "A", "fb", "B", "equal", null, null, "s", null, "A.a"))));
    }

    @Test
    void write_then_read_gives_the_same_mappings() {
        List<Mapping> mappings = List.of(
                m("soc2-tsc-2017", "CC6.1", "hipaa-security", "164.312(a)(2)(iv)", "superset_of", 8, "semantic", "src, with comma",
                        "a note with \"quotes\", commas\nand a line break", null),
                m("soc2-tsc-2017", "CC1.1", "nist-sp800-53r5", "PS-6", "intersects_with", null, null, "aicpa_tsc_to_sp800-53r5", null, "PS-6a"),
                m("hipaa-security", "164.308(a)(1)", "nist-csf-1.1", "ID.GV-1", "subset_of", 0, "functional", "nist", "Unicode: § — é", null),
                m("nist-csf-1.1", "ID.GV-1", "nist-csf-2.0", "GV.PO-01", "no_relationship", 10, "syntactic", "nist", "-42", null),
                m("nist-csf-1.1", "ID.GV-2", "nist-csf-2.0", "GV.PO-02", "equal", 10, null, "nist", null, null));
        String csv = CrosswalkCsv.write(mappings);
        assertEquals(mappings, CrosswalkCsv.read(csv, "rt.csv").mappings());
        assertEquals(mappings, CrosswalkCsv.read(csv.getBytes(StandardCharsets.UTF_8), "rt.csv").mappings());
    }

    @Test
    void write_then_read_round_trips_the_public_reference_mappings() {
        List<Mapping> all = CrosswalkCsv.readReference(Resources.text("reference/mappings_public.csv"), "mappings_public.csv").mappings();
        assertEquals(all, CrosswalkCsv.read(CrosswalkCsv.write(all), "public.csv").mappings());
    }

    @Test
    void empty_optional_values_read_as_null() {
        Mapping m = CrosswalkCsv.read(HEADER + "fa,A,fb,B,equal, , , pub ,   \r\n", "n.csv").mappings().get(0);
        assertNull(m.strength());
        assertNull(m.rationale());
        assertNull(m.note());
        assertEquals("pub", m.source());
    }
}
