package crossmap.coverage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The coverage rules of PRODUCT.md section 2 over a {@link Model}, on arrays.
 *
 * <p>{@link #stages} computes every requirement's level after each stage (stage 0: direct levels
 * and roll-up; stage t: crosswalk round t and roll-up), linear in (requirements + edges) x hops.
 * Support is reachability: control c supports r exactly when r is reached from a requirement c
 * satisfies by climbing PART_OF and crossing at most `hops` crosswalk edges that carry coverage
 * (levels only fall as controls fail, so a requirement at a level above none has a non-empty
 * support and vice versa). Two things follow, and impact is built on them:
 * <ul>
 *   <li>a failed set F can change the level of a requirement only if one of F supports it, so the
 *       {@link #region} F reaches is the only part to recompute ({@link #localAfter}), reading
 *       every other requirement's stage levels from the cached answer without F;</li>
 *   <li>a requirement's support after F fails is its support before, minus F.</li>
 * </ul>
 * Impact therefore costs in proportion to the part of the graph the failed controls reach, not to
 * the graph.
 */
public final class Engine {

    /** A control as coverage sees it: status, evidence validity windows, and what it satisfies. */
    public record ControlInput(String id, String name, String status, List<Window> evidence, List<Sat> satisfies) {
        /** Operating and, when asOf is given, evidenced on asOf (the failed set is applied by the caller). */
        public boolean effective(LocalDate asOf) {
            if (!"operating".equals(status)) return false;
            if (asOf == null) return true;
            for (Window w : evidence) if (w.covers(asOf)) return true;
            return false;
        }
    }

    /** An evidence item's validity: from (validFrom, else collectedOn) to until (none = never expires). */
    public record Window(LocalDate from, LocalDate until) {
        boolean covers(LocalDate d) {
            return from != null && !from.isAfter(d) && (until == null || !d.isAfter(until));
        }
    }

    public record Sat(String uid, int level) {}

    private Engine() {}

    /** Which controls are effective for asOf, with the failed ones (by index) removed. */
    static boolean[] effective(Model m, LocalDate asOf, int[] failed) {
        boolean[] eff = new boolean[m.controls.size()];
        for (int c = 0; c < eff.length; c++) eff[c] = m.controls.get(c).effective(asOf);
        for (int c : failed) eff[c] = false;
        return eff;
    }

    // ---- levels -----------------------------------------------------------------------------

    /** stages[t][i]: the level of requirement i at the end of stage t (0..hops); the last is the answer. */
    static byte[][] stages(Model m, boolean[] eff, int hops) {
        Projection p = m.p;
        int n = p.size();
        byte[][] st = new byte[hops + 1][];
        byte[] lvl = new byte[n];
        for (int c = 0; c < eff.length; c++) {
            if (!eff[c]) continue;
            int[] rs = m.satReq[c];
            byte[] ls = m.satLvl[c];
            for (int k = 0; k < rs.length; k++) if (ls[k] > lvl[rs[k]]) lvl[rs[k]] = ls[k];
        }
        rollUp(p, lvl);
        st[0] = lvl;
        for (int t = 1; t <= hops; t++) {
            byte[] prev = st[t - 1];
            byte[] cur = prev.clone();
            for (int i = 0; i < n; i++) {
                for (Projection.Arrival a : p.arrivals[i]) {
                    int via = Math.min(prev[a.neighbour()], a.level());
                    if (via > cur[i]) cur[i] = (byte) via;
                }
            }
            rollUp(p, cur);
            st[t] = cur;
        }
        return st;
    }

    /**
     * How requirement i's final level arises, part by part: {direct, roll-up, crosswalk}. Direct is the
     * best SATISFIES from an effective control (step 2); roll-up is that of its children's final levels
     * (step 3; none without children); crosswalk is the best arrival of the last round (step 4; levels
     * only rise from round to round, so the last round's arrivals are the best; none at hops 0). The
     * final level is the highest of the three.
     */
    static int[] basis(Model m, byte[][] stages, boolean[] eff, int i, int hops) {
        int direct = Level.NONE;
        for (int k = 0; k < m.satByReq[i].length; k++) {
            if (eff[m.satByReq[i][k]]) direct = Math.max(direct, m.satByReqLvl[i][k]);
        }
        int rolled = rollUpOf(m.p.children[i], stages[hops], null, null);
        int crossed = Level.NONE;
        if (hops > 0) {
            for (Projection.Arrival a : m.p.arrivals[i]) crossed = Math.max(crossed, Math.min(stages[hops - 1][a.neighbour()], a.level()));
        }
        return new int[] {direct, rolled, crossed};
    }

    /** Step 3: bottom-up, a parent takes max(own, full if every child full / partial if any child above none). */
    static void rollUp(Projection p, byte[] lvl) {
        for (int i : p.bottomUp) {
            int r = rollUpOf(p.children[i], lvl, null, null);
            if (r > lvl[i]) lvl[i] = (byte) r;
        }
    }

    /** The roll-up of one parent; a child's level is read from `local` when `slot` maps it there, else from `lvl`. */
    private static int rollUpOf(int[] kids, byte[] lvl, Scratch slot, byte[] local) {
        if (kids.length == 0) return Level.NONE;
        boolean all = true;
        boolean any = false;
        for (int k : kids) {
            int l = slot != null && slot.has(k) ? local[slot.get(k)] : lvl[k];
            if (l != Level.FULL) all = false;
            if (l > Level.NONE) any = true;
        }
        return all ? Level.FULL : any ? Level.PARTIAL : Level.NONE;
    }

    // ---- single points of failure ---------------------------------------------------------------

    static final int NO_SUPPORT = -1;
    static final int SEVERAL = -2;

    /**
     * For each requirement: {@link #NO_SUPPORT}, the index of its only supporting control, or
     * {@link #SEVERAL}. The support sets of {@link #supporters} abstracted to "none, one (which), more",
     * computed in the same stages as the levels, so it is linear too.
     */
    static int[] soleSupporters(Model m, boolean[] eff, int hops) {
        Projection p = m.p;
        int n = p.size();
        int[] s = new int[n];
        Arrays.fill(s, NO_SUPPORT);
        for (int c = 0; c < eff.length; c++) {
            if (!eff[c]) continue;
            for (int r : m.satReq[c]) s[r] = merge(s[r], c);
        }
        soleRollUp(p, s);
        for (int t = 1; t <= hops; t++) {
            int[] prev = s.clone();
            for (int i = 0; i < n; i++) {
                for (Projection.Arrival a : p.arrivals[i]) if (prev[a.neighbour()] != NO_SUPPORT) s[i] = merge(s[i], prev[a.neighbour()]);
            }
            soleRollUp(p, s);
        }
        return s;
    }

    private static void soleRollUp(Projection p, int[] s) {
        for (int i : p.bottomUp) for (int k : p.children[i]) if (s[k] != NO_SUPPORT) s[i] = merge(s[i], s[k]);
    }

    private static int merge(int a, int b) {
        if (a == NO_SUPPORT) return b;
        if (b == NO_SUPPORT || a == b) return a;
        return SEVERAL;
    }

    // ---- support ------------------------------------------------------------------------------

    /**
     * The requirements whose support includes one of `controls` (indexes of effective controls):
     * what they satisfy, climbed up PART_OF, then up to `hops` times across crosswalk edges and up
     * again. Breadth-first by crosswalk edges used, so the cost is the size of the answer.
     */
    static int[] region(Model m, int[] controls, int hops, Scratch mark) {
        Projection p = m.p;
        mark.begin();
        IntList all = new IntList();
        IntList frontier = new IntList();
        for (int c : controls) for (int r : m.satReq[c]) climb(p, r, mark, frontier);
        all.addAll(frontier);
        for (int t = 1; t <= hops && frontier.size > 0; t++) {
            IntList next = new IntList();
            for (int k = 0; k < frontier.size; k++) for (int v : p.departures[frontier.a[k]]) if (!mark.has(v)) climb(p, v, mark, next);
            all.addAll(next);
            frontier = next;
        }
        return all.toArray();
    }

    /** Marks r and its not-yet-marked ancestors (the marked set stays closed upwards). */
    private static void climb(Projection p, int r, Scratch mark, IntList out) {
        for (int at = r; at >= 0 && !mark.has(at); at = p.parent[at]) {
            mark.put(at, 0);
            out.add(at);
        }
    }

    /**
     * The controls (indexes, ascending) supporting requirement `target`: walking back from it, down
     * PART_OF and back across at most `hops` crosswalk edges, through requirements whose stage level
     * shows they have support at all, collecting the effective controls that satisfy them.
     */
    static int[] supporters(Model m, byte[][] stages, boolean[] eff, int target, int hops, Scratch seen) {
        Projection p = m.p;
        seen.begin();
        java.util.BitSet out = new java.util.BitSet();
        IntList layer = new IntList();
        if (stages[hops][target] == Level.NONE) return new int[0];
        seen.put(target, hops);
        layer.add(target);
        for (int k = hops; k >= 0; k--) {
            IntList next = new IntList();
            // down-closure of this layer at k crosswalk edges still allowed
            for (int q = 0; q < layer.size; q++) {
                int u = layer.a[q];
                int[] cs = m.satByReq[u];
                for (int c : cs) if (eff[c]) out.set(c);
                for (int child : p.children[u]) {
                    if (!seen.has(child) && stages[k][child] > Level.NONE) {
                        seen.put(child, k);
                        layer.add(child);
                    }
                }
                if (k > 0) {
                    for (Projection.Arrival a : p.arrivals[u]) {
                        if (stages[k - 1][a.neighbour()] > Level.NONE) next.add(a.neighbour());
                    }
                }
            }
            // marked only now: a requirement this layer reaches with more edges to spare wins
            layer = new IntList();
            for (int q = 0; q < next.size; q++) {
                int v = next.a[q];
                if (!seen.has(v)) {
                    seen.put(v, k - 1);
                    layer.add(v);
                }
            }
        }
        return out.stream().toArray();
    }

    // ---- local recomputation after a failure ---------------------------------------------------

    /**
     * The stage levels of the requirements in `region` (sorted so that children come before parents)
     * when the controls marked false in `effAfter` no longer count: the same stages as
     * {@link #stages}, computed only for the region, reading every requirement outside it from
     * `before` (their inputs do not involve the failed controls, so they do not change).
     * Returns local[t][j] for region[j]; `slot` maps a requirement to j.
     */
    static byte[][] localAfter(Model m, byte[][] before, boolean[] effAfter, int[] region, Scratch slot, int hops) {
        Projection p = m.p;
        int rn = region.length;
        slot.begin();
        for (int j = 0; j < rn; j++) slot.put(region[j], j);
        byte[][] st = new byte[hops + 1][];
        byte[] cur = new byte[rn];
        for (int j = 0; j < rn; j++) {
            int i = region[j];
            int d = Level.NONE;
            int[] cs = m.satByReq[i];
            byte[] ls = m.satByReqLvl[i];
            for (int k = 0; k < cs.length; k++) if (effAfter[cs[k]] && ls[k] > d) d = ls[k];
            cur[j] = (byte) Math.max(d, rollUpOf(p.children[i], before[0], slot, cur));
        }
        st[0] = cur;
        for (int t = 1; t <= hops; t++) {
            byte[] prev = st[t - 1];
            byte[] next = prev.clone();
            for (int j = 0; j < rn; j++) {
                for (Projection.Arrival a : p.arrivals[region[j]]) {
                    int nb = a.neighbour();
                    int l = slot.has(nb) ? prev[slot.get(nb)] : before[t - 1][nb];
                    int via = Math.min(l, a.level());
                    if (via > next[j]) next[j] = (byte) via;
                }
            }
            for (int j = 0; j < rn; j++) {
                int r = rollUpOf(p.children[region[j]], before[t], slot, next);
                if (r > next[j]) next[j] = (byte) r;
            }
            st[t] = next;
        }
        return st;
    }

    /** Sorts requirement indexes so that every child precedes its parent. */
    static int[] bottomUpOrder(Projection p, int[] nodes) {
        long[] keyed = new long[nodes.length];
        for (int k = 0; k < nodes.length; k++) keyed[k] = ((long) p.order[nodes[k]] << 32) | nodes[k];
        Arrays.sort(keyed);
        int[] out = new int[nodes.length];
        for (int k = 0; k < nodes.length; k++) out[k] = (int) keyed[k];
        return out;
    }

    // ---- paths ------------------------------------------------------------------------------

    /** One step of a support path. */
    public record Step(String type, String from, String to, String relationship, String source, String direction,
                       String level, String note) {}

    /** A support path: control -> requirement -> ... -> target, naming every edge. */
    public record Path(String control, String level, List<String> nodes, List<Step> steps) {}

    /** A requirement's level at a stage, as seen by one path search. */
    interface StageLevels {
        int level(int stage, int node);
    }

    /**
     * Support paths into `target` (simple paths with at most `hops` crosswalk edges) ending at a
     * control that `control` accepts, in a fixed order: at each requirement first the controls that
     * satisfy it, then its children, then its crosswalk arrivals. The search only enters a
     * requirement whose stage level (in `view`) is above none for the crosswalk edges still
     * allowed, so it does not wander where no path can end. At most `limit` paths; `budget` bounds
     * the requirements visited.
     */
    static List<Path> paths(Model m, StageLevels view, IntPredicate control, int target, int hops, int limit, int budget) {
        return pathsOf(m, view, control, target, hops, limit, budget).list();
    }

    /** Paths, and whether the search stopped early (at `limit` paths, or out of `budget`): more may hold. */
    record Paths(List<Path> list, boolean truncated) {}

    static Paths pathsOf(Model m, StageLevels view, IntPredicate control, int target, int hops, int limit, int budget) {
        List<Path> out = new ArrayList<>();
        if (view.level(hops, target) == Level.NONE) return new Paths(out, false);
        Search s = new Search(m, view, control, limit, budget, out);
        s.walk(target, hops);
        return new Paths(out, out.size() >= limit || s.spent > budget);
    }

    private static final class Search {
        final Model m;
        final Projection p;
        final StageLevels view;
        final IntPredicate control;
        final int limit;
        final int budget;
        final List<Path> out;
        final List<int[]> stack = new ArrayList<>();
        final java.util.HashSet<Integer> onPath = new java.util.HashSet<>();
        int spent;

        Search(Model m, StageLevels view, IntPredicate control, int limit, int budget, List<Path> out) {
            this.m = m;
            this.p = m.p;
            this.view = view;
            this.control = control;
            this.limit = limit;
            this.budget = budget;
            this.out = out;
        }

        // stack entries: {node, kind(1=PART_OF from child, 2=MAPS_TO), child or edge, along}
        void walk(int node, int remaining) {
            if (out.size() >= limit || spent++ > budget) return;
            onPath.add(node);
            int[] top = {node, -1, -1, 0};
            stack.add(top);
            int[] cs = m.satByReq[node];
            for (int k = 0; k < cs.length && out.size() < limit; k++) {
                if (control.test(cs[k])) out.add(toPath(cs[k], m.satByReqLvl[node][k]));
            }
            for (int child : p.children[node]) {
                if (out.size() >= limit) break;
                if (onPath.contains(child) || view.level(remaining, child) == Level.NONE) continue;
                top[1] = 1;
                top[2] = child;
                walk(child, remaining);
            }
            if (remaining > 0) {
                for (Projection.Arrival a : p.arrivals[node]) {
                    if (out.size() >= limit) break;
                    if (onPath.contains(a.neighbour()) || view.level(remaining - 1, a.neighbour()) == Level.NONE) continue;
                    top[1] = 2;
                    top[2] = a.edge();
                    top[3] = a.along() ? 1 : 0;
                    walk(a.neighbour(), remaining - 1);
                }
            }
            stack.remove(stack.size() - 1);
            onPath.remove(node);
        }

        Path toPath(int c, int satLevel) {
            // stack[0] is the target; stack[last] is the satisfied requirement. Read it backwards.
            String cid = m.controls.get(c).id();
            List<String> nodes = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            nodes.add(cid);
            int level = satLevel;
            String first = p.req(stack.get(stack.size() - 1)[0]).uid();
            steps.add(new Step("SATISFIES", cid, first, null, null, null, Level.name(satLevel), null));
            nodes.add(first);
            for (int i = stack.size() - 2; i >= 0; i--) {
                int[] e = stack.get(i);
                String from = p.req(stack.get(i + 1)[0]).uid();
                String to = p.req(e[0]).uid();
                if (e[1] == 1) {
                    int stepLevel = p.children[e[0]].length == 1 ? Level.FULL : Level.PARTIAL;
                    level = Math.min(level, stepLevel);
                    steps.add(new Step("PART_OF", from, to, null, null, "up", Level.name(stepLevel), null));
                } else {
                    Projection.Edge ed = p.edge(e[2]);
                    boolean along = e[3] == 1;
                    int stepLevel = Level.edge(ed.relationship(), along);
                    level = Math.min(level, stepLevel);
                    steps.add(new Step("MAPS_TO", from, to, ed.relationship(), ed.source(), along ? "along" : "against",
                            Level.name(stepLevel), ed.part() == null ? null : "part " + ed.part()));
                }
                nodes.add(to);
            }
            return new Path(cid, Level.name(level), nodes, steps);
        }
    }

    // ---- small helpers --------------------------------------------------------------------------

    /** A growable int array. */
    static final class IntList {
        int[] a = new int[16];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        void addAll(IntList o) {
            for (int k = 0; k < o.size; k++) add(o.a[k]);
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /**
     * An int map over requirement indexes that is cleared in constant time (generation stamps),
     * so that a question touching a few requirements does not pay for the whole graph.
     */
    static final class Scratch {
        private final int[] stamp;
        private final int[] value;
        private int generation;

        Scratch(int n) {
            stamp = new int[n];
            value = new int[n];
        }

        void begin() {
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(stamp, 0);
                generation = 1;
            }
        }

        boolean has(int i) {
            return stamp[i] == generation;
        }

        void put(int i, int v) {
            stamp[i] = generation;
            value[i] = v;
        }

        int get(int i) {
            return value[i];
        }
    }
}
