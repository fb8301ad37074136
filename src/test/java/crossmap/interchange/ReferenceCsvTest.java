package crossmap.interchange;

import static crossmap.interchange.Resources.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.bundle.Bundle;
import crossmap.bundle.Bundle.Gap;
import crossmap.bundle.Bundle.Mapping;
import crossmap.bundle.Bundle.Ref;
import crossmap.dataset.BuiltinDataset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The two reference CSVs, read from the classpath as the build ships them. */
class ReferenceCsvTest {
    static final Set<String> SEED_SOURCES = Set.of("hipaa-to-soc2-head-start", "soc2-hipaa-overlap-saas", "soc2-hipaa-crosswalk-tsc");

    static Bundle seed() {
        return CrosswalkCsv.readReference(Resources.text("reference/seed_crosswalk.csv"), "seed_crosswalk.csv");
    }

    static Bundle pub() {
        return CrosswalkCsv.readReference(Resources.text("reference/mappings_public.csv"), "mappings_public.csv");
    }

    @Test
    void seed_crosswalk_gives_46_mappings_and_8_gaps() {
        Bundle b = seed();
        assertEquals(46, b.mappings().size());
        assertEquals(8, b.gaps().size());
        assertEquals(List.of(), b.frameworks());
        assertEquals(List.of(), b.requirements());
        assertEquals(Map.of("superset_of", 37L, "intersects_with", 9L),
                b.mappings().stream().collect(Collectors.groupingBy(Mapping::relationship, Collectors.counting())));
        assertTrue(b.mappings().stream().allMatch(m -> m.from().framework().equals("soc2-tsc-2017")
                && m.to().framework().equals("hipaa-security") && m.rationale() == null && m.part() == null
                && m.strength() == (m.relationship().equals("superset_of") ? 8 : 5)));
        assertEquals(new Mapping(new Ref("soc2-tsc-2017", "CC6.1"), new Ref("hipaa-security", "164.312(a)(1)"), "superset_of", 8, null,
                "hipaa-to-soc2-head-start", "Access management", null), b.mappings().get(0));
    }

    @Test
    void seed_note_with_unquoted_commas_is_kept_whole() {
        Mapping vendor = seed().mappings().stream().filter(m -> m.from().id().equals("CC9.2")).findFirst().orElseThrow();
        assertEquals(new Mapping(new Ref("soc2-tsc-2017", "CC9.2"), new Ref("hipaa-security", "164.308(b)(1)"), "intersects_with", 5, null,
                "hipaa-to-soc2-head-start",
                "Vendor management: BAAs satisfy HIPAA; SOC 2 CC9.2 expects a broader vendor risk program (tiering, annual reviews)", null),
                vendor);
    }

    @Test
    void seed_gaps_put_privacy_and_breach_provisions_in_their_own_framework() {
        List<Gap> gaps = seed().gaps();
        assertEquals(List.of(
                new Gap("soc2-tsc-2017", "CC8.1", "hipaa-security", "hipaa-to-soc2-head-start",
                        "Change management: SOC 2 only: documented change approval workflow with evidence over the observation period"),
                new Gap("soc2-tsc-2017", "SYSTEM-DESCRIPTION", "hipaa-security", "hipaa-to-soc2-head-start",
                        "System description: SOC 2 report requirement (description criteria) with no HIPAA equivalent; not a Trust Services criterion"),
                new Gap("hipaa-privacy-breach", "164.502(b)", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Minimum necessary: HIPAA only: no SOC 2 equivalent of the minimum necessary standard"),
                new Gap("hipaa-privacy-breach", "164.404", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Breach notification: HIPAA only: individuals within 60 days of discovery"),
                new Gap("hipaa-privacy-breach", "164.406", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Breach notification: HIPAA only: media for breaches of more than 500 residents of a State"),
                new Gap("hipaa-privacy-breach", "164.408", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Breach notification: HIPAA only: notice to the Secretary"),
                new Gap("hipaa-security", "164.308(b)(1)", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Business associate agreements: HIPAA only: a BAA is a legal instrument; SOC 2 vendor management does not require one"),
                new Gap("hipaa-security", "164.314(a)(1)", "soc2-tsc-2017", "soc2-hipaa-overlap-saas",
                        "Business associate agreements: HIPAA only: BAA contract content and subcontractor chain")),
                gaps);
    }

    @Test
    void public_mappings_give_2647_rows_without_adobe_and_571_statement_parts() {
        Bundle b = pub();
        assertEquals(2_889 - 242, b.mappings().size());
        assertEquals(571, b.mappings().stream().filter(m -> m.part() != null).count());
        assertTrue(b.mappings().stream().noneMatch(m -> m.source().equals("adobe_ccf_v5")));
        Map<String, Long> bySource = b.mappings().stream().collect(Collectors.groupingBy(Mapping::source, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("aicpa_tsc_to_sp800-53r5", 1427L, "nist_csf1.1_to_csf2.0", 185L, "nist_sp800-66r2_to_csf1.1", 757L,
                "nist_sp800-66r2_to_sp800-53r5", 278L), bySource);
        Map<String, Long> byPair = b.mappings().stream().collect(Collectors.groupingBy(
                m -> m.from().framework() + ">" + m.to().framework(), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("soc2-tsc-2017>nist-sp800-53r5", 1427L, "hipaa-security>nist-csf-1.1", 757L,
                "hipaa-security>nist-sp800-53r5", 278L, "nist-csf-1.1>nist-csf-2.0", 185L), byPair);
        // AICPA rows have no relationship label: read as intersects_with, like every other row of this file
        assertTrue(b.mappings().stream().allMatch(m -> m.relationship().equals("intersects_with") && m.strength() == null));
    }

    @Test
    void public_statement_parts_attach_to_their_base_control() {
        List<Mapping> ps6a = pub().mappings().stream().filter(m -> "PS-6a".equals(m.part())).toList();
        assertTrue(!ps6a.isEmpty());
        for (Mapping m : ps6a) {
            assertEquals(new Ref("nist-sp800-53r5", "PS-6"), m.to());
            assertTrue(m.note().contains("base_control=PS-6"), m.note());
        }
        // an enhancement is in the catalogue itself: no part
        Mapping ma52 = pub().mappings().stream().filter(m -> m.to().id().equals("MA-5(2)")).findFirst().orElseThrow();
        assertEquals(null, ma52.part());
    }

    @Test
    void reference_reading_matches_the_builtin_dataset() {
        BuiltinDataset.Result builtin = BuiltinDataset.build();
        List<Mapping> builtinSeed = builtin.bundle().mappings().stream().filter(m -> SEED_SOURCES.contains(m.source())).toList();
        List<Mapping> builtinPublic = builtin.bundle().mappings().stream().filter(m -> !SEED_SOURCES.contains(m.source())).toList();
        assertEquals(builtinSeed, seed().mappings());
        assertEquals(builtin.bundle().gaps(), seed().gaps());
        assertEquals(builtinPublic, pub().mappings());
    }

    @Test
    void refuses_an_unknown_layout_and_bad_rows() {
        List<String> e = errors(() -> CrosswalkCsv.readReference("a,b\r\n1,2\r\n", "x.csv"));
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("x.csv:1:1: not a reference layout: the header must be either "
                + "source,topic,hipaa_cited_as,hipaa_id,soc2_id,strength,note (seed crosswalk) or "), e.get(0));
        String pubCsv = String.join(",", CrosswalkCsv.PUBLIC_HEADER) + "\r\n"
                + "s,hipaa_security_rule,164.308(a)(1),nist_csf_9,ID.GV-1,intersects,,\r\n"
                + "s,hipaa_security_rule,164.308(a)(1),nist_sp800_53r5,PS-6z,intersects,,no base here\r\n"
                + "s,hipaa_security_rule,164.308(a)(1),nist_csf_1.1,ID.GV-1,overlaps,,\r\n"
                + "adobe_ccf_v5,adobe_ccf_v5,X,soc2_tsc_2017,CC1.1,intersects,,skipped\r\n";
        assertEquals(List.of(
                "p.csv:2:4: target_framework: unknown framework key 'nist_csf_9' (known: hipaa_security_rule, nist_csf_1.1, nist_csf_2.0, "
                        + "nist_sp800_53r5, soc2_tsc_2017)",
                "p.csv:3:5: target_id: 'PS-6z' is neither an id of nist-sp800-53r5 nor an SP 800-53 statement part with base_control=XX-n in the note",
                "p.csv:4:6: relationship: unknown value 'overlaps'"),
                errors(() -> CrosswalkCsv.readReference(pubCsv, "p.csv")));
        String seedCsv = String.join(",", CrosswalkCsv.SEED_HEADER) + "\r\n"
                + "a,t,c,164.312(b),CC7.2,maybe,\r\n"
                + "a,t,c,,CC7.2,strong,\r\n";
        assertEquals(List.of("s.csv:2:6: strength: unknown value 'maybe' (allowed: strong, partial, gap)",
                        "s.csv:3:4: hipaa_id: a strong row needs both a HIPAA id and a SOC 2 id"),
                errors(() -> CrosswalkCsv.readReference(seedCsv, "s.csv")));
    }

    @Test
    void refuses_cells_a_spreadsheet_would_run_in_both_layouts() {
        String seedCsv = String.join(",", CrosswalkCsv.SEED_HEADER) + "\r\n"
                + "=HYPERLINK(\"http://x\"),t,c,164.312(b),CC7.2,strong,\r\n"
                + "a,t,c,164.312(b),CC7.2,strong, @SUM(A1)\r\n"
                + "a,t,c,164.312(b),CC7.2,partial,-1\r\n";
        assertEquals(List.of(
                "s.csv:2:1: source: the value starts with '=' and looks like a spreadsheet formula; refused (a spreadsheet would run it). "
                        + "Remove that first character or put text before it",
                "s.csv:3:7: note: the value starts with '@' and looks like a spreadsheet formula; refused (a spreadsheet would run it). "
                        + "Remove that first character or put text before it"),
                errors(() -> CrosswalkCsv.readReference(seedCsv, "s.csv")));
        String pubCsv = String.join(",", CrosswalkCsv.PUBLIC_HEADER) + "\r\n"
                + "s,hipaa_security_rule,+cmd|' /C calc'!A0,nist_csf_1.1,ID.GV-1,intersects,,\r\n";
        List<String> e = errors(() -> CrosswalkCsv.readReference(pubCsv, "p.csv"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("p.csv:2:3: source_id: the value starts with '+' and looks like a spreadsheet formula"), e.get(0));
    }
}
