package crossmap.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.HarnessGraph;
import crossmap.bundle.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An impact answer stays bounded however much a failure changes: it lists at most ITEM_LIMIT
 * requirements and details (support, paths) the first DETAIL_LIMIT, while every count stays exact.
 * (Failing every control of a 31,500-requirement catalogue answered 272 MB at hops 1 and exhausted a
 * 2 GB heap at hops 2 before.)
 */
class ImpactLimitsTest {
    @Test
    @SuppressWarnings("unchecked")
    void a_failure_that_changes_thousands_of_requirements_answers_exact_counts_and_bounded_lists() {
        // hand-worked: root R with 5,200 leaves; C satisfies every leaf fully, D the first ten partly.
        // Failing C: 5,190 leaves go from full to none (lost); leaves 0-9 and R go from full to partial (degraded).
        int leaves = 5_200;
        List<Bundle.Requirement> reqs = new ArrayList<>();
        reqs.add(new Bundle.Requirement("big", "R", null, "root", "section", null, null, null, null, null, null));
        List<Bundle.Satisfies> byC = new ArrayList<>();
        List<Bundle.Satisfies> byD = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
            String id = String.format("L%04d", i);
            reqs.add(new Bundle.Requirement("big", id, "R", id, "leaf", null, null, null, null, null, null));
            byC.add(new Bundle.Satisfies("big", id, "full", null));
            if (i < 10) byD.add(new Bundle.Satisfies("big", id, "partial", null));
        }
        HarnessGraph h = HarnessGraph.get().wipe();
        h.bundles.importBundle(new Bundle(Bundle.FORMAT, List.of(new Bundle.Framework("big", "Big", null, null, null, null)), reqs, List.of(),
                List.of(new Bundle.Control("C", "c", null, null, "operating", null, byC), new Bundle.Control("D", "d", null, null, "operating", null, byD)),
                List.of(), List.of(), List.of()));
        CoverageService svc = new CoverageService(h.graph);
        Map<String, Object> r = svc.impact(List.of("C"), 0, null, null);
        assertEquals(5_190, r.get("lostCount"));
        assertEquals(11, r.get("degradedCount"));
        assertEquals(true, r.get("itemsTruncated"));
        assertEquals(CoverageService.DETAIL_LIMIT, r.get("detailLimit"));
        Map<String, Object> f = ((List<Map<String, Object>>) r.get("frameworks")).get(0);
        assertEquals(5_190, f.get("lostCount"));
        assertEquals(11, f.get("degradedCount"));
        List<Map<String, Object>> items = new ArrayList<>((List<Map<String, Object>>) f.get("lost"));
        items.addAll((List<Map<String, Object>>) f.get("degraded"));
        assertEquals(CoverageService.ITEM_LIMIT, items.size());
        long detailed = items.stream().filter(x -> x.containsKey("lostPaths")).count();
        long omitted = items.stream().filter(x -> Boolean.TRUE.equals(x.get("detailOmitted"))).count();
        assertEquals(CoverageService.DETAIL_LIMIT, detailed);
        assertEquals(CoverageService.ITEM_LIMIT - CoverageService.DETAIL_LIMIT, omitted);
        // the listed ones come in catalogue order: L0000 (degraded) ... and the details go to the first ones
        Map<String, Object> first = ((List<Map<String, Object>>) f.get("degraded")).get(0);
        assertEquals("L0000", first.get("id"));
        assertTrue(first.containsKey("lostPaths"), first.toString());
        // the totals stay exact: before 5,201 full; after 11 partial and 5,190 none
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) r.get("totals")).get("after");
        assertEquals(List.of(0, 11, 5_190), List.of(after.get("full"), after.get("partial"), after.get("none")));
    }
}
