package crossmap.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an import step is cut into batches: by writes (a row, plus each link it carries), from the rows alone. */
class BatchCutTest {
    static final int B = BundleStore.BATCH;

    static Map<String, Object> control(int links) {
        return Map.of("props", Map.of("id", "C"), "satisfies", Collections.nCopies(links, Map.of("uid", "f:r")));
    }

    @Test
    void plain_rows_are_cut_every_batch_of_rows() {
        List<Map<String, Object>> rows = Collections.nCopies(2 * B + 1, Map.of("uid", "f:r"));
        assertEquals(List.of(B, 2 * B, 2 * B + 1), new BundleStore.Step("import_requirements", rows).batchEnds());
        assertEquals(List.of(), new BundleStore.Step("import_requirements", List.of()).batchEnds());
    }

    @Test
    void a_control_weighs_one_plus_its_links_and_a_heavy_row_gets_a_batch_of_its_own() {
        // weights: 11 | 4,991 -> 5,002 > B: cut before row 1 | 4,991 + 2 = 4,993 | + 5,001 > B: cut before row 3
        // | 5,001 alone (over B, but a row is never split) | + 1 > B: cut before row 4 | 1
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int links : new int[] {10, B - 10, 1, B, 0}) rows.add(control(links));
        assertEquals(List.of(1, 3, 4, 5), new BundleStore.Step("import_controls", rows).batchEnds());
    }

    @Test
    void no_batch_of_several_rows_weighs_more_than_a_batch_and_every_row_is_in_one() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(i % 3 == 0 ? Map.of("props", Map.of("id", "P"), "governs", Collections.nCopies(i % 89, "C"))
                    : control(i % 97));
        }
        List<Integer> ends = new BundleStore.Step("import_mixed", rows).batchEnds();
        int start = 0;
        for (int end : ends) {
            int w = 0;
            for (Map<String, Object> r : rows.subList(start, end)) {
                w += 1 + ((List<?>) (r.containsKey("governs") ? r.get("governs") : r.get("satisfies"))).size();
            }
            if (end - start > 1) assertTrue(w <= B, "batch " + start + ".." + end + " weighs " + w);
            // a batch ends only where the next row would not fit
            if (end < rows.size()) {
                Map<String, Object> next = rows.get(end);
                int nw = 1 + ((List<?>) (next.containsKey("governs") ? next.get("governs") : next.get("satisfies"))).size();
                assertTrue(w + nw > B, "batch " + start + ".." + end + " (" + w + ") could have taken row " + end + " (" + nw + ")");
            }
            start = end;
        }
        assertEquals(rows.size(), start);
    }
}
