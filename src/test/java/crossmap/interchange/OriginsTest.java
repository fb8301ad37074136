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

    @Test
    void crosswalk_csv_items_are_named_by_line_and_id_column() {
        // the id columns in another order than the writer's, and a quoted note over two lines
        String csv = "to_id,to_framework,from_framework,from_id,relationship,source,note\n"
                + "164.312(b),hipaa-security,soc2-tsc-2017,CC7.2,equal,s,\"a\nb\"\n"
                + "164.312(d),hipaa-security,soc2-tsc-2017,CC6.1,equal,s,\n";
        Formats.Read r = Formats.read(csv.getBytes(StandardCharsets.UTF_8), "x.csv", null, null);
        assertEquals(2, r.bundle().mappings().size());
        assertEquals(new BundleError("x.csv:4:1", "to_id: no requirement q"), r.origins().locate(new BundleError("mappings[1].to", "no requirement q")));
        assertEquals(new BundleError("x.csv:2:4", "from_id: no requirement q"), r.origins().locate(new BundleError("mappings[0].from", "no requirement q")));
        // a field with no column of its own, and an item the file did not give: the item's line / the bundle path
        assertEquals(new BundleError("x.csv:2", "relationship: bad"), r.origins().locate(new BundleError("mappings[0].relationship", "bad")));
        assertEquals(new BundleError("x.csv:4", "bad"), r.origins().locate(new BundleError("mappings[1]", "bad")));
        assertEquals(new BundleError("mappings[2].to", "bad"), r.origins().locate(new BundleError("mappings[2].to", "bad")));
        assertEquals(new BundleError("controls[0].id", "bad"), r.origins().locate(new BundleError("controls[0].id", "bad")));
    }

    @Test
    void oscal_mapping_items_are_named_by_the_map_they_came_from() {
        List<Bundle.Mapping> ms = new ArrayList<>();
        ms.add(new Bundle.Mapping(new Bundle.Ref("fa", "A1"), new Bundle.Ref("fb", "B1"), "equal", null, null, "s", null, null));
        ms.add(new Bundle.Mapping(new Bundle.Ref("fa", "A2"), new Bundle.Ref("fb", "B2"), "subset_of", null, null, "s", null, null));
        String doc = OscalMapping.write("fa", "fb", ms, "t", OscalMappingTest.T);
        Formats.Read r = Formats.read(doc.getBytes(StandardCharsets.UTF_8), "m.json", null, null);
        assertEquals(ms, r.bundle().mappings());
        assertEquals(new BundleError("mapping-collection.mappings[0].maps[1].targets", "targets: no requirement fb:B2"),
                r.origins().locate(new BundleError("mappings[1].to", "no requirement fb:B2")));
    }

    @Test
    void a_bundle_file_keeps_its_own_paths() {
        Formats.Read r = Formats.read("{\"format\": \"crossmap-bundle/1\"}".getBytes(StandardCharsets.UTF_8), "b.json", null, null);
        assertSame(Origins.NONE, r.origins());
        BundleError e = new BundleError("mappings[0].to", "no requirement q");
        assertSame(e, r.origins().locate(e));
    }
}
