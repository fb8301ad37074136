package crossmap.coverage;

import crossmap.bundle.Bundle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent, deliberately plain reading of PRODUCT.md section 2, written from the contract
 * (not from the engine): string-keyed maps over a bundle, recursive roll-up, one pass per round over
 * the mapping list, and support computed as "which single effective control, alone, reaches r".
 * No Neo4j, no arrays, no bitsets.
 */
final class ReferenceCoverage {
    private final Bundle b;
    private final Map<String, List<String>> children = new HashMap<>();

    ReferenceCoverage(Bundle b) {
        this.b = b;
        for (Bundle.Requirement r : b.requirements()) {
            // a withdrawn requirement is left out of its parent's roll-up (README, coverage rules)
            if (r.parent() != null && !"withdrawn".equals(r.kind())) children.computeIfAbsent(Bundle.uid(r.framework(), r.parent()), k -> new ArrayList<>()).add(r.uid());
        }
    }

    /** Step 1: operating, not failed, and (only with asOf) some evidence valid on asOf. */
    Set<String> effective(Set<String> failed, LocalDate asOf) {
        Set<String> out = new TreeSet<>();
        for (Bundle.Control c : b.controls()) {
            if (!"operating".equals(c.status()) || failed.contains(c.id())) continue;
            if (asOf != null) {
                boolean valid = false;
                for (Bundle.Evidence e : b.evidence()) {
                    if (!e.control().equals(c.id())) continue;
                    LocalDate from = e.validFrom() != null ? e.validFrom() : e.collectedOn();
                    if (!from.isAfter(asOf) && (e.validUntil() == null || !e.validUntil().isBefore(asOf))) valid = true;
                }
                if (!valid) continue;
            }
            out.add(c.id());
        }
        return out;
    }

    /** The level a mapping passes: along = from covered implies to; against = to covered implies from. */
    static int pass(String relationship, boolean along) {
        if (relationship.equals("no_relationship")) return 0;
        if (relationship.equals("equal")) return 2;
        if (relationship.equals("superset_of") && along) return 2;
        if (relationship.equals("subset_of") && !along) return 2;
        return 1;
    }

    Map<String, Integer> levels(Set<String> effective, int hops) {
        Map<String, Integer> lvl = new TreeMap<>();
        for (Bundle.Requirement r : b.requirements()) lvl.put(r.uid(), 0);
        for (Bundle.Control c : b.controls()) {
            if (!effective.contains(c.id())) continue;
            for (Bundle.Satisfies s : c.satisfies()) lvl.merge(s.uid(), "partial".equals(s.strength()) ? 1 : 2, Math::max);
        }
        rollUpAll(lvl);
        for (int round = 1; round <= hops; round++) {
            Map<String, Integer> prev = new HashMap<>(lvl);
            for (Bundle.Mapping m : b.mappings()) {
                String a = m.from().uid();
                String z = m.to().uid();
                lvl.put(z, Math.max(lvl.get(z), Math.min(prev.get(a), pass(m.relationship(), true))));
                lvl.put(a, Math.max(lvl.get(a), Math.min(prev.get(z), pass(m.relationship(), false))));
            }
            rollUpAll(lvl);
        }
        return lvl;
    }

    private void rollUpAll(Map<String, Integer> lvl) {
        Map<String, Integer> done = new HashMap<>();
        for (String uid : new ArrayList<>(lvl.keySet())) rollUp(uid, lvl, done);
        lvl.putAll(done);
    }

    /** Recursive: a parent is max(own, full if all children full, partial if any child above none). */
    private int rollUp(String uid, Map<String, Integer> lvl, Map<String, Integer> done) {
        Integer d = done.get(uid);
        if (d != null) return d;
        List<String> kids = children.getOrDefault(uid, List.of());
        int own = lvl.get(uid);
        if (!kids.isEmpty()) {
            boolean all = true;
            boolean any = false;
            for (String k : kids) {
                int kl = rollUp(k, lvl, done);
                all &= kl == 2;
                any |= kl > 0;
            }
            own = Math.max(own, all ? 2 : any ? 1 : 0);
        }
        done.put(uid, own);
        return own;
    }

    /**
     * The level of r by the rule it comes from, for explanations: {direct, roll-up of its children's
     * final levels (-1 without children), best crossing of the last round from the levels after round
     * hops - 1 (-1 at hops 0 or when no mapping that carries coverage touches r)}.
     */
    int[] parts(Set<String> effective, int hops, String uid) {
        int direct = 0;
        for (Bundle.Control c : b.controls()) {
            if (!effective.contains(c.id())) continue;
            for (Bundle.Satisfies s : c.satisfies()) if (s.uid().equals(uid)) direct = Math.max(direct, "partial".equals(s.strength()) ? 1 : 2);
        }
        Map<String, Integer> fin = levels(effective, hops);
        List<String> kids = children.getOrDefault(uid, List.of());
        int rolled = -1;
        if (!kids.isEmpty()) {
            boolean all = kids.stream().allMatch(k -> fin.get(k) == 2);
            boolean any = kids.stream().anyMatch(k -> fin.get(k) > 0);
            rolled = all ? 2 : any ? 1 : 0;
        }
        int crossed = -1;
        if (hops > 0) {
            Map<String, Integer> prev = levels(effective, hops - 1);
            for (Bundle.Mapping m : b.mappings()) {
                if (m.relationship().equals("no_relationship")) continue;
                if (m.to().uid().equals(uid)) crossed = Math.max(crossed, Math.min(prev.get(m.from().uid()), pass(m.relationship(), true)));
                if (m.from().uid().equals(uid)) crossed = Math.max(crossed, Math.min(prev.get(m.to().uid()), pass(m.relationship(), false)));
            }
        }
        return new int[] {direct, rolled, crossed};
    }

    /** Support: the effective controls that, each alone, bring r above none. */
    Map<String, Set<String>> support(Set<String> effective, int hops) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Bundle.Requirement r : b.requirements()) out.put(r.uid(), new TreeSet<>());
        for (String c : effective) {
            levels(Set.of(c), hops).forEach((uid, l) -> {
                if (l > 0) out.get(uid).add(c);
            });
        }
        return out;
    }
}
