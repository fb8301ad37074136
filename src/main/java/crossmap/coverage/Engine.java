package crossmap.coverage;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the coverage rules of PRODUCT.md section 2 (steps 2-5) to a {@link Projection} and the
 * controls' inputs read by Cypher: direct levels, roll-up over PART_OF, `hops` rounds of crosswalk
 * propagation (each reading the previous round's levels), and support sets (which effective
 * controls reach each requirement). Linear in (requirements + edges) x hops.
 */
public final class Engine {

    /** A control as coverage sees it: whether it is operating and evidenced (asOf), and what it satisfies. */
    public record ControlInput(String id, String name, String status, boolean evidenced, List<Sat> satisfies) {
        public boolean effective(Set<String> failed) {
            return "operating".equals(status) && evidenced && !failed.contains(id);
        }
    }

    public record Sat(String uid, int level) {}

    /** Levels and support sets of every requirement, for one failed set, asOf and hops. */
    public record Result(int[] levels, BitSet[] support, List<ControlInput> controls, boolean[] effective, int hops) {
        public int level(int i) {
            return levels[i];
        }
    }

    private Engine() {}

    public static Result compute(Projection p, List<ControlInput> controls, Set<String> failed, int hops) {
        int n = p.size();
        int[] lvl = new int[n];
        BitSet[] sup = new BitSet[n];
        for (int i = 0; i < n; i++) sup[i] = new BitSet();
        boolean[] eff = new boolean[controls.size()];
        for (int c = 0; c < controls.size(); c++) {
            ControlInput ci = controls.get(c);
            eff[c] = ci.effective(failed);
            if (!eff[c]) continue;
            for (Sat s : ci.satisfies()) {
                Integer i = p.indexOf(s.uid());
                if (i == null) continue;
                lvl[i] = Math.max(lvl[i], s.level());
                sup[i].set(c);
            }
        }
        rollUp(p, lvl, sup);
        for (int round = 0; round < hops; round++) {
            int[] prev = lvl.clone();
            BitSet[] prevSup = new BitSet[n];
            for (int i = 0; i < n; i++) prevSup[i] = (BitSet) sup[i].clone();
            for (int i = 0; i < n; i++) {
                for (Projection.Arrival a : p.arrivals[i]) {
                    int via = Math.min(prev[a.neighbour()], a.level());
                    if (via > lvl[i]) lvl[i] = via;
                    if (via > Level.NONE) sup[i].or(prevSup[a.neighbour()]);
                }
            }
            rollUp(p, lvl, sup);
        }
        return new Result(lvl, sup, controls, eff, hops);
    }

    /** Step 3: bottom-up, a parent takes max(own, full if every child full / partial if any child above none). */
    static void rollUp(Projection p, int[] lvl, BitSet[] sup) {
        for (int i : p.bottomUp) {
            int[] kids = p.children[i];
            if (kids.length == 0) continue;
            boolean all = true;
            boolean any = false;
            for (int k : kids) {
                if (lvl[k] != Level.FULL) all = false;
                if (lvl[k] > Level.NONE) {
                    any = true;
                    sup[i].or(sup[k]);
                }
            }
            int r = all ? Level.FULL : any ? Level.PARTIAL : Level.NONE;
            if (r > lvl[i]) lvl[i] = r;
        }
    }

    // ---- paths ------------------------------------------------------------------------------

    /** One step of a support path. */
    public record Step(String type, String from, String to, String relationship, String source, String direction,
                       String level, String note) {}

    /** A support path: control -> requirement -> ... -> target, naming every edge. */
    public record Path(String control, String level, List<String> nodes, List<Step> steps) {}

    /**
     * Support paths into requirement `target` (simple paths with at most `hops` crosswalk edges, over
     * edges that pass coverage), from effective controls of `r` plus any in `alsoFrom` (the failed
     * set, for "paths that no longer hold"). At most `limit` paths; `budget` bounds the search.
     */
    public static List<Path> paths(Projection p, Result r, int target, Set<String> alsoFrom, int limit, int budget) {
        List<Path> out = new ArrayList<>();
        List<int[]> stack = new ArrayList<>();
        boolean[] onPath = new boolean[p.size()];
        int[] spent = {0};
        walk(p, r, target, 0, alsoFrom, limit, budget, spent, stack, onPath, out);
        return out;
    }

    // stack entries: {node, kind(0=start,1=partOf from child,2=map), edge, along}
    private static void walk(Projection p, Result r, int node, int mapsUsed, Set<String> alsoFrom, int limit, int budget,
                             int[] spent, List<int[]> stack, boolean[] onPath, List<Path> out) {
        if (out.size() >= limit || spent[0]++ > budget) return;
        onPath[node] = true;
        stack.add(new int[] {node, -1, -1, 0});
        // controls satisfying this node directly
        for (int c = 0; c < r.controls().size(); c++) {
            ControlInput ci = r.controls().get(c);
            if (!r.effective()[c] && !alsoFrom.contains(ci.id())) continue;
            for (Sat s : ci.satisfies()) {
                if (s.uid().equals(p.req(node).uid()) && out.size() < limit) out.add(toPath(p, ci, s, stack));
            }
        }
        for (int k : p.children[node]) {
            if (onPath[k]) continue;
            stack.get(stack.size() - 1)[1] = 1;
            stack.get(stack.size() - 1)[2] = k;
            walk(p, r, k, mapsUsed, alsoFrom, limit, budget, spent, stack, onPath, out);
        }
        if (mapsUsed < r.hops()) {
            for (Projection.Arrival a : p.arrivals[node]) {
                if (onPath[a.neighbour()]) continue;
                int[] top = stack.get(stack.size() - 1);
                top[1] = 2;
                top[2] = a.edge();
                top[3] = a.along() ? 1 : 0;
                walk(p, r, a.neighbour(), mapsUsed + 1, alsoFrom, limit, budget, spent, stack, onPath, out);
            }
        }
        stack.remove(stack.size() - 1);
        onPath[node] = false;
    }

    private static Path toPath(Projection p, ControlInput ci, Sat s, List<int[]> stack) {
        // stack[0] is the target; stack[last] is the satisfied node. Read it backwards.
        List<String> nodes = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        nodes.add(ci.id());
        int level = s.level();
        String first = p.req(stack.get(stack.size() - 1)[0]).uid();
        steps.add(new Step("SATISFIES", ci.id(), first, null, null, null, Level.name(s.level()), null));
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
        return new Path(ci.id(), Level.name(level), nodes, steps);
    }
}
