package crossmap.interchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import crossmap.bundle.Bundle;
import crossmap.bundle.BundleError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors found after reading (against the store) name the place in the file the item came from. */
class OriginsTest {

    static Formats.Read read(String text, String name) {
        return Formats.read(text.getBytes(StandardCharsets.UTF_8), name, null, null);
    }

    @Test
    void crosswalk_csv_items_are_named_by_the_line_and_column_their_ids_start_at() {
        // the columns in another order than the writer's, a quoted note over two lines before the ids
        String csv = "note,to_id,to_framework,from_framework,from_id,relationship,source\n"
                + "\"a\nb\",164.312(b),hipaa-security,soc2-tsc-2017,CC7.2,equal,s\n"
                + ",164.312(d),hipaa-security,soc2-tsc-2017,CC6.1,equal,s\n";
        Formats.Read r = read(csv, "x.csv");
        assertEquals(2, r.bundle().mappings().size());
        assertEquals(new BundleError("x.csv:3:5", "from_id: no requirement q"), r.origins().locate(new BundleError("mappings[0].from", "no requirement q")));
        assertEquals(new BundleError("x.csv:3:2", "to_id: no requirement q"), r.origins().locate(new BundleError("mappings[0].to", "no requirement q")));
        assertEquals(new BundleError("x.csv:4:2", "to_id: no requirement q"), r.origins().locate(new BundleError("mappings[1].to", "no requirement q")));
        // a field with no column of its own, a whole item, an item mentioned in the message
        assertEquals(new BundleError("x.csv:2", "relationship: bad"), r.origins().locate(new BundleError("mappings[0].relationship", "bad")));
        assertEquals(new BundleError("x.csv:4", "duplicate of x.csv:2 (k)"), r.origins().locate(new BundleError("mappings[1]", "duplicate of mappings[0] (k)")));
        // what the file did not give keeps its bundle path
        assertEquals(new BundleError("mappings[2].to", "bad"), r.origins().locate(new BundleError("mappings[2].to", "bad")));
        assertEquals(new BundleError("controls[0].id", "bad"), r.origins().locate(new BundleError("controls[0].id", "bad")));
    }

    @Test
    void reference_csv_rows_that_are_skipped_or_repeated_take_no_index() {
        String pub = "source,source_framework,source_id,target_framework,target_id,relationship,strength,note\n"
                + "p1,nist_sp800_53r5,AC-2,hipaa_security_rule,164.308(a)(3),,,\n"
                + "adobe_ccf_v5,nist_sp800_53r5,AC-3,hipaa_security_rule,164.308(a)(4),,,\n" // skipped: no catalogue here
                + "p1,nist_sp800_53r5,AC-2,hipaa_security_rule,164.308(a)(3),,,\n" // repeats line 2: kept once
                + "p1,nist_sp800_53r5,ZZ-9,hipaa_security_rule,164.308(a)(5),,,\n";
        Formats.Read r = read(pub, "public.csv");
        assertEquals(List.of("AC-2", "ZZ-9"), r.bundle().mappings().stream().map(m -> m.from().id()).toList());
        assertEquals(new BundleError("public.csv:5:3", "source_id: no requirement nist-sp800-53r5:ZZ-9"),
                r.origins().locate(new BundleError("mappings[1].from", "no requirement nist-sp800-53r5:ZZ-9")));
        String seed = "source,topic,hipaa_cited_as,hipaa_id,soc2_id,strength,note\n"
                + "s1,Access,x,164.312(a)(1),CC6.1,strong,\n"
                + "s1,Gap,x,,CC9.9,gap,\n"
                + "s1,Gap,x,164.399(q),,gap,\n";
        Formats.Read g = read(seed, "seed.csv");
        assertEquals(new BundleError("seed.csv:3:5", "no requirement soc2-tsc-2017:CC9.9"), g.origins().locate(new BundleError("gaps[0].id", "no requirement soc2-tsc-2017:CC9.9")));
        assertEquals(new BundleError("seed.csv:4:4", "no requirement q"), g.origins().locate(new BundleError("gaps[1].id", "no requirement q")));
        assertEquals(new BundleError("seed.csv:2:4", "hipaa_id: no requirement q"), g.origins().locate(new BundleError("mappings[0].to", "no requirement q")));
    }

    @Test
    void oscal_mapping_items_are_named_by_their_map_and_the_source_or_target() {
        List<Bundle.Mapping> ms = new ArrayList<>();
        ms.add(new Bundle.Mapping(new Bundle.Ref("fa", "A1"), new Bundle.Ref("fb", "B1"), "equal", null, null, "s", null, null));
        ms.add(new Bundle.Mapping(new Bundle.Ref("fa", "A2"), new Bundle.Ref("fb", "B2"), "subset_of", null, null, "s", null, null));
        String doc = OscalMapping.write("fa", "fb", ms, "t", OscalMappingTest.T);
        // a map with two sources and two targets: four mappings from one map
        doc = doc.replace("\"sources\": [", "\"sources\": [{\"type\": \"control\", \"id-ref\": \"A0\"}, ")
                .replaceFirst("\"targets\": \\[", "\"targets\": [{\"type\": \"control\", \"id-ref\": \"B0\"}, ");
        Formats.Read r = read(doc, "m.json");
        assertEquals(List.of("A0>B0", "A0>B1", "A1>B0", "A1>B1", "A0>B2", "A2>B2"),
                r.bundle().mappings().stream().map(m -> m.from().id() + ">" + m.to().id()).toList());
        assertEquals(new BundleError("mapping-collection.mappings[0].maps[0].targets[1]", "no requirement fb:B1"),
                r.origins().locate(new BundleError("mappings[3].to", "no requirement fb:B1")));
        assertEquals(new BundleError("mapping-collection.mappings[0].maps[1].sources[1]", "no requirement fa:A2"),
                r.origins().locate(new BundleError("mappings[5].from", "no requirement fa:A2")));
    }

    @Test
    void a_bundle_file_keeps_its_own_paths() {
        Formats.Read r = read("{\"format\": \"crossmap-bundle/1\"}", "b.json");
        assertSame(Origins.NONE, r.origins());
        BundleError e = new BundleError("mappings[0].to", "no requirement q");
        assertSame(e, r.origins().locate(e));
    }
}
