package crossmap.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crossmap.bundle.Bundle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The built-in dataset against the reference CSVs, field by field, and how it reports rows it cannot load. */
class DatasetFactsTest {
    static final Bundle B = BuiltinDataset.build().bundle();

    static Map<String, String> column(String file, String key, String value) {
        Map<String, String> m = new TreeMap<>();
        for (Csv.Row r : Csv.parse(BuiltinDataset.resource("reference/" + file))) m.put(r.get(key), r.get(value));
        return m;
    }

    @Test
    void every_soc2_criterion_carries_the_coso_principle_of_the_csv() {
        Map<String, String> want = new TreeMap<>();
        column("soc2_tsc.csv", "id", "coso_principle").forEach((id, coso) -> want.put(id, coso.isBlank() ? null : coso));
        assertEquals(61, want.size());
        Map<String, String> got = new TreeMap<>();
        for (Bundle.Requirement r : B.requirements()) {
            if (r.framework().equals("soc2-tsc-2017") && want.containsKey(r.id())) got.put(r.id(), r.cosoPrinciple() == null ? null : r.cosoPrinciple().toString());
        }
        assertEquals(want, got);
        assertEquals("1", got.get("CC1.1"));
        // the 17 COSO principles all appear
        assertEquals(17, got.values().stream().filter(java.util.Objects::nonNull).distinct().count());
    }

    @Test
    void every_hipaa_implementation_specification_has_the_designation_of_the_csv() {
        Map<String, String> kinds = column("hipaa_security_rule.csv", "id", "kind");
        Map<String, String> want = new TreeMap<>();
        column("hipaa_security_rule.csv", "id", "designation").forEach((id, d) -> {
            if (kinds.get(id).equals("implementation_specification")) want.put(id, d);
        });
        assertEquals(46, want.size());
        Map<String, String> got = new TreeMap<>();
        for (Bundle.Requirement r : B.requirements()) {
            if (r.framework().equals("hipaa-security") && "implementation_specification".equals(r.kind())) got.put(r.id(), r.designation());
        }
        assertEquals(want, got);
    }

    @Test
    void a_reference_row_naming_an_id_in_no_catalogue_is_reported_with_its_line_and_not_loaded() {
        String csv = "source,topic,hipaa_cited_as,hipaa_id,soc2_id,strength,note\n"
                + "s1,Access,x,164.312(a)(1),CC6.1,strong,\n"
                + "s1,Nowhere,x,164.999,CC6.1,partial,\n"
                + "s1,Gap,x,,CC99.9,gap,SOC 2 only\n";
        BuiltinDataset.Checked c = BuiltinDataset.checked(csv, "t.csv", Set.of("hipaa-security:164.312(a)(1)", "soc2-tsc-2017:CC6.1"));
        assertEquals(1, c.mappings().size());
        assertEquals(List.of(
                new BuiltinDataset.Problem("t.csv", 3, "mapping soc2-tsc-2017:CC6.1 -> hipaa-security:164.999 (s1): hipaa-security:164.999 is in no catalogue"),
                new BuiltinDataset.Problem("t.csv", 4, "gap note on soc2-tsc-2017:CC99.9 (s1): no such requirement")), c.problems());
        assertEquals(List.of(), c.gaps());
    }
}
