package crossmap.coverage;

import crossmap.bundle.Bundle;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Lets tests in other packages ask the independent reference (package-private) for answers. */
public final class ReferenceCoverageAccess {
    private ReferenceCoverageAccess() {}

    public static Map<String, Set<String>> impact(Bundle b, List<String> fail, int hops) {
        ReferenceCoverage ref = new ReferenceCoverage(b);
        Map<String, Integer> before = ref.levels(ref.effective(Set.of(), null), hops);
        Map<String, Integer> after = ref.levels(ref.effective(new HashSet<>(fail), null), hops);
        Set<String> lost = new TreeSet<>();
        Set<String> degraded = new TreeSet<>();
        before.forEach((uid, l) -> {
            if (l > 0 && after.get(uid) == 0) lost.add(uid);
            if (l == 2 && after.get(uid) == 1) degraded.add(uid);
        });
        return Map.of("lost", lost, "degraded", degraded);
    }

    /** uid -> its only supporting control, for every requirement of `framework` the reference says has exactly one. */
    public static Map<String, String> soleSupport(Bundle b, String framework, int hops) {
        ReferenceCoverage ref = new ReferenceCoverage(b);
        Map<String, String> out = new TreeMap<>();
        ref.support(ref.effective(Set.of(), null), hops).forEach((uid, s) -> {
            if (s.size() == 1 && uid.startsWith(framework + ":")) out.put(uid, s.iterator().next());
        });
        return out;
    }

    /** framework -> uids at none. */
    public static Map<String, Set<String>> noneAt(Bundle b, int hops, LocalDate asOf) {
        ReferenceCoverage ref = new ReferenceCoverage(b);
        Map<String, Integer> lv = ref.levels(ref.effective(Set.of(), asOf), hops);
        Map<String, Set<String>> out = new TreeMap<>();
        lv.forEach((uid, l) -> {
            if (l == 0) out.computeIfAbsent(uid.substring(0, uid.indexOf(':')), k -> new TreeSet<>()).add(uid);
        });
        return out;
    }
}
