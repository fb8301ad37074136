package crossmap.bench;

import crossmap.bundle.Bundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's in-memory bound: the impact question of PRODUCT.md section 2 answered over plain
 * adjacency arrays built straight from the bundle (no database, no HTTP, no paths, no JSON), written
 * independently of crossmap's engine. The levels with nothing failed are computed once per hops;
 * each question recomputes every level with the failed set removed (one pass over requirements and
 * edges per stage) and compares. That is the least work a straightforward implementation can do
 * per question, so it grows with the whole graph, while crossmap recomputes only the region a
 * failure reaches.
 */
final class ArrayBound {
    private final String[] uid;
    private final int[] parent;
    private final int[] bottomUp;
    private final int[] childStart;
    private final int[] child;
    private final int[] arrStart;
    private final int[] arrFrom;
    private final byte[] arrLevel;
    private final int[][] satReq;
    private final byte[][] satLvl;
    private final boolean[] operating;
    private final Map<String, Integer> controlIndex = new HashMap<>();
    private final Map<Integer, byte[]> before = new HashMap<>();

    ArrayBound(Bundle b) {
        int n = b.requirements().size();
        uid = new String[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            uid[i] = b.requirements().get(i).uid();
            index.put(uid[i], i);
        }
        parent = new int[n];
        int[] depth = new int[n];
        int[] kids = new int[n + 1];
        for (int i = 0; i < n; i++) {
            Bundle.Requirement r = b.requirements().get(i);
            parent[i] = r.parent() == null ? -1 : index.get(Bundle.uid(r.framework(), r.parent()));
            if (parent[i] >= 0) kids[parent[i]]++;
        }
        for (int i = 0; i < n; i++) for (int at = parent[i]; at >= 0; at = parent[at]) depth[i]++;
        childStart = prefix(kids, n);
        child = new int[childStart[n]];
        int[] fill = Arrays.copyOf(childStart, n);
        for (int i = 0; i < n; i++) if (parent[i] >= 0) child[fill[parent[i]]++] = i;
        bottomUp = java.util.stream.IntStream.range(0, n).boxed().sorted((x, y) -> depth[y] - depth[x]).mapToInt(Integer::intValue).toArray();

        // arrivals: for requirement i, (neighbour, level) pairs that can carry coverage to it
        List<int[]> arr = new ArrayList<>();
        for (Bundle.Mapping m : b.mappings()) {
            int a = index.get(m.from().uid());
            int z = index.get(m.to().uid());
            int along = edgeLevel(m.relationship(), true);
            int against = edgeLevel(m.relationship(), false);
            if (along > 0) arr.add(new int[] {z, a, along});
            if (against > 0) arr.add(new int[] {a, z, against});
        }
        int[] count = new int[n + 1];
        for (int[] x : arr) count[x[0]]++;
        arrStart = prefix(count, n);
        arrFrom = new int[arr.size()];
        arrLevel = new byte[arr.size()];
        int[] at = Arrays.copyOf(arrStart, n);
        for (int[] x : arr) {
            arrFrom[at[x[0]]] = x[1];
            arrLevel[at[x[0]]++] = (byte) x[2];
        }

        int nc = b.controls().size();
        satReq = new int[nc][];
        satLvl = new byte[nc][];
        operating = new boolean[nc];
        for (int c = 0; c < nc; c++) {
            Bundle.Control ctl = b.controls().get(c);
            controlIndex.put(ctl.id(), c);
            operating[c] = "operating".equals(ctl.status());
            satReq[c] = ctl.satisfies().stream().mapToInt(s -> index.get(s.uid())).toArray();
            satLvl[c] = new byte[ctl.satisfies().size()];
            for (int k = 0; k < satLvl[c].length; k++) satLvl[c][k] = (byte) ("full".equals(ctl.satisfies().get(k).strength()) ? 2 : 1);
        }
    }

    private static int[] prefix(int[] counts, int n) {
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + counts[i];
        return start;
    }

    /** Written out again here rather than shared with crossmap's Level, so the bound is independent. */
    static int edgeLevel(String relationship, boolean along) {
        return switch (relationship) {
            case "equal" -> 2;
            case "superset_of" -> along ? 2 : 1;
            case "subset_of" -> along ? 1 : 2;
            case "intersects_with" -> 1;
            default -> 0;
        };
    }

    /** Final levels at `hops` with the controls in `failed` (indexes) not counting. */
    byte[] levels(boolean[] failed, int hops) {
        int n = uid.length;
        byte[] lvl = new byte[n];
        for (int c = 0; c < satReq.length; c++) {
            if (!operating[c] || failed[c]) continue;
            for (int k = 0; k < satReq[c].length; k++) if (satLvl[c][k] > lvl[satReq[c][k]]) lvl[satReq[c][k]] = satLvl[c][k];
        }
        rollUp(lvl);
        byte[] prev = new byte[n];
        for (int t = 0; t < hops; t++) {
            System.arraycopy(lvl, 0, prev, 0, n);
            for (int i = 0; i < n; i++) {
                for (int e = arrStart[i]; e < arrStart[i + 1]; e++) {
                    int via = Math.min(prev[arrFrom[e]], arrLevel[e]);
                    if (via > lvl[i]) lvl[i] = (byte) via;
                }
            }
            rollUp(lvl);
        }
        return lvl;
    }

    private void rollUp(byte[] lvl) {
        for (int i : bottomUp) {
            int from = childStart[i];
            int to = childStart[i + 1];
            if (from == to) continue;
            boolean all = true;
            boolean any = false;
            for (int k = from; k < to; k++) {
                if (lvl[child[k]] != 2) all = false;
                if (lvl[child[k]] > 0) any = true;
            }
            int r = all ? 2 : any ? 1 : 0;
            if (r > lvl[i]) lvl[i] = (byte) r;
        }
    }

    /** Lost and degraded requirement uids (sorted) when these control ids fail. */
    PostgresPeer.Impact impact(List<String> fail, int hops) {
        byte[] b = before.computeIfAbsent(hops, h -> levels(new boolean[satReq.length], h));
        boolean[] failed = new boolean[satReq.length];
        for (String id : fail) failed[controlIndex.get(id)] = true;
        byte[] a = levels(failed, hops);
        List<String> lost = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] > 0 && a[i] == 0) lost.add(uid[i]);
            else if (b[i] == 2 && a[i] == 1) degraded.add(uid[i]);
        }
        lost.sort(null);
        degraded.sort(null);
        return new PostgresPeer.Impact(lost, degraded);
    }
}
