package crossmap.bench;

import crossmap.bundle.Bundle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic catalogue-scale data with the shape of the large open catalogues (the Secure Controls
 * Framework's crosswalk, CISO Assistant's libraries), generated deterministically from a seed. It is
 * benchmark data, not fact: every id says so ({@code gen-} frameworks, {@code GC-} controls).
 *
 * <ul>
 *   <li>Frameworks of a few dozen to a few thousand requirements (log-uniform sizes), each a 2-4
 *       level hierarchy; every top-level section has one of {@link #DOMAINS} topics.</li>
 *   <li>A hub-and-spoke control set: each common control belongs to a domain and satisfies
 *       requirements of that domain across many frameworks (a few controls satisfy far more than
 *       others), 60 % at full strength.</li>
 *   <li>Crosswalk edges between requirements of the same domain in different frameworks, 60 % of
 *       them into the three largest ("pivot") frameworks; mostly {@code intersects_with}, some
 *       equal / subset / superset, a few {@code no_relationship}.</li>
 *   <li>3 % of controls failed and 2 % not implemented; evidence with collection dates over two
 *       years, most valid for a year, some open-ended.</li>
 * </ul>
 */
public final class TierGenerator {
    static final int DOMAINS = 32;
    static final String SOURCE = "crossmap-benchmark-generator";

    /** Target sizes of a tier. */
    public record Shape(String name, int frameworks, int requirements, int controls, int satisfies, int mappings, int evidence) {
        public static Shape t1() {
            return new Shape("T1", 270, 31_500, 1_400, 67_000, 75_000, 5_000);
        }

        public Shape times(int k, String name) {
            return new Shape(name, frameworks * k, requirements * k, controls * k, satisfies * k, mappings * k, evidence * k);
        }
    }

    private TierGenerator() {}

    public static Bundle generate(Shape s, long seed) {
        Random rnd = new Random(seed);
        List<Bundle.Framework> fws = new ArrayList<>();
        List<Bundle.Requirement> reqs = new ArrayList<>();
        // requirements by domain, and framework of each (for same-domain, cross-framework picks)
        List<List<Integer>> byDomain = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) byDomain.add(new ArrayList<>());
        List<Integer> reqFramework = new ArrayList<>();
        List<Boolean> leaf = new ArrayList<>();

        double[] sizes = new double[s.frameworks()];
        double sum = 0;
        for (int f = 0; f < sizes.length; f++) {
            sizes[f] = Math.exp(Math.log(30) + rnd.nextDouble() * (Math.log(3000) - Math.log(30)));
            sum += sizes[f];
        }
        int[] pivots = topThree(sizes);
        int made = 0;
        for (int f = 0; f < s.frameworks(); f++) {
            String fw = String.format("gen-fw-%04d", f);
            fws.add(new Bundle.Framework(fw, "Generated framework " + f, "1", "benchmark", "generated", SOURCE));
            int size = f == s.frameworks() - 1 ? s.requirements() - made : (int) Math.max(12, Math.round(sizes[f] / sum * s.requirements()));
            size = Math.max(4, Math.min(size, s.requirements() - made - 4 * (s.frameworks() - 1 - f)));
            int depth = 2 + rnd.nextInt(3);
            int before = reqs.size();
            tree(rnd, fw, f, size, depth, reqs, byDomain, reqFramework, leaf);
            made += reqs.size() - before;
        }

        // crosswalk: same domain, different framework; 60 % into a pivot framework
        List<List<Integer>> pivotByDomain = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) {
            List<Integer> l = new ArrayList<>();
            for (int r : byDomain.get(d)) if (isPivot(pivots, reqFramework.get(r))) l.add(r);
            pivotByDomain.add(l);
        }
        int[] domainOf = new int[reqs.size()];
        for (int d = 0; d < DOMAINS; d++) for (int r : byDomain.get(d)) domainOf[r] = d;
        List<Bundle.Mapping> maps = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (maps.size() < s.mappings()) {
            int a = rnd.nextInt(reqs.size());
            int d = domainOf[a];
            List<Integer> pool = rnd.nextInt(10) < 6 && !pivotByDomain.get(d).isEmpty() ? pivotByDomain.get(d) : byDomain.get(d);
            int b = pool.get(rnd.nextInt(pool.size()));
            if (reqFramework.get(a).equals(reqFramework.get(b)) || !seen.add((long) a * reqs.size() + b)) continue;
            int roll = rnd.nextInt(100);
            String rel = roll < 72 ? "intersects_with" : roll < 82 ? "equal" : roll < 89 ? "subset_of" : roll < 96 ? "superset_of" : "no_relationship";
            Bundle.Requirement ra = reqs.get(a);
            Bundle.Requirement rb = reqs.get(b);
            maps.add(new Bundle.Mapping(new Bundle.Ref(ra.framework(), ra.id()), new Bundle.Ref(rb.framework(), rb.id()), rel,
                    rel.equals("intersects_with") ? Integer.valueOf(3 + rnd.nextInt(5)) : rel.equals("no_relationship") ? null : Integer.valueOf(8 + rnd.nextInt(3)),
                    null, "gen-source-" + (maps.size() % 12), null, null));
        }

        // controls: domain hubs with a skewed share of the SATISFIES edges
        List<Bundle.Control> ctls = new ArrayList<>();
        double[] weight = new double[s.controls()];
        double wsum = 0;
        for (int c = 0; c < weight.length; c++) {
            weight[c] = 1.0 / Math.pow(1 + rnd.nextInt(50), 0.6);
            wsum += weight[c];
        }
        List<List<Integer>> leavesByDomain = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) {
            List<Integer> l = new ArrayList<>();
            for (int r : byDomain.get(d)) if (leaf.get(r) || rnd.nextInt(10) == 0) l.add(r);
            leavesByDomain.add(l);
        }
        int satMade = 0;
        for (int c = 0; c < s.controls(); c++) {
            int d = c % DOMAINS;
            int want = c == s.controls() - 1 ? s.satisfies() - satMade : (int) Math.round(weight[c] / wsum * s.satisfies());
            List<Integer> pool = leavesByDomain.get(d);
            want = Math.min(want, pool.size());
            Set<Integer> picked = new HashSet<>();
            List<Bundle.Satisfies> sat = new ArrayList<>();
            while (sat.size() < want) {
                int r = pool.get(rnd.nextInt(pool.size()));
                if (!picked.add(r)) continue;
                Bundle.Requirement q = reqs.get(r);
                sat.add(new Bundle.Satisfies(q.framework(), q.id(), rnd.nextInt(10) < 6 ? "full" : "partial", null));
            }
            satMade += sat.size();
            int roll = rnd.nextInt(100);
            String status = roll < 3 ? "failed" : roll < 5 ? "not_implemented" : "operating";
            ctls.add(new Bundle.Control(String.format("GC-%05d", c), "Generated common control " + c + " (domain " + d + ")",
                    null, "owner-" + (c % 40), status, "quarterly", sat));
        }

        List<Bundle.Evidence> evs = new ArrayList<>();
        LocalDate start = LocalDate.of(2025, 1, 1);
        for (int e = 0; e < s.evidence(); e++) {
            int c = (int) Math.min(s.controls() - 1, Math.floor(Math.pow(rnd.nextDouble(), 1.5) * s.controls()));
            LocalDate collected = start.plusDays(rnd.nextInt(700));
            LocalDate until = rnd.nextInt(5) == 0 ? null : collected.plusDays(365);
            evs.add(new Bundle.Evidence(String.format("GE-%06d", e), ctls.get(c).id(), "report", "Generated evidence " + e,
                    collected, null, until, null, null));
        }
        return new Bundle(Bundle.FORMAT, fws, reqs, maps, ctls, List.of(), evs, List.of());
    }

    private static int[] topThree(double[] sizes) {
        int[] top = {-1, -1, -1};
        for (int k = 0; k < 3; k++) {
            int best = -1;
            for (int f = 0; f < sizes.length; f++) {
                if (f == top[0] || f == top[1]) continue;
                if (best < 0 || sizes[f] > sizes[best]) best = f;
            }
            top[k] = best;
        }
        return top;
    }

    private static boolean isPivot(int[] pivots, int f) {
        return f == pivots[0] || f == pivots[1] || f == pivots[2];
    }

    /** A framework of about `size` requirements in `depth` levels: sections, then children under random parents. */
    private static void tree(Random rnd, String fw, int f, int size, int depth, List<Bundle.Requirement> reqs,
                             List<List<Integer>> byDomain, List<Integer> reqFramework, List<Boolean> leaf) {
        int roots = Math.max(2, Math.min(size / 2, (int) Math.round(Math.pow(size, 1.0 / depth) * 1.5)));
        List<Integer> level = new ArrayList<>();
        int[] domain = new int[size];
        List<String> ids = new ArrayList<>();
        List<Integer> parentOf = new ArrayList<>();
        for (int r = 0; r < roots; r++) {
            ids.add(String.valueOf(r + 1));
            parentOf.add(-1);
            domain[r] = rnd.nextInt(DOMAINS);
            level.add(r);
        }
        int left = size - roots;
        int[] kids = new int[size];
        for (int d = 1; d < depth && left > 0; d++) {
            int want = d == depth - 1 ? left : Math.min(left, (int) Math.round(level.size() * Math.pow((double) size / roots, 1.0 / (depth - 1))));
            List<Integer> next = new ArrayList<>();
            for (int k = 0; k < want; k++) {
                int p = level.get(rnd.nextInt(level.size()));
                int idx = ids.size();
                ids.add(ids.get(p) + "." + (++kids[p]));
                parentOf.add(p);
                domain[idx] = domain[p];
                next.add(idx);
            }
            left -= want;
            level = next;
        }
        boolean[] hasKids = new boolean[ids.size()];
        for (int p : parentOf) if (p >= 0) hasKids[p] = true;
        for (int k = 0; k < ids.size(); k++) {
            int global = reqs.size();
            String parent = parentOf.get(k) < 0 ? null : ids.get(parentOf.get(k));
            reqs.add(new Bundle.Requirement(fw, ids.get(k), parent, "Generated requirement " + fw + " " + ids.get(k),
                    parent == null ? "section" : hasKids[k] ? "standard" : "specification", null, null, null, null, null, null));
            byDomain.get(domain[k]).add(global);
            reqFramework.add(f);
            leaf.add(!hasKids[k]);
        }
    }
}
