package crossmap.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The structure coverage runs over, read from the graph by Cypher (coverage_requirements,
 * coverage_mappings) and held as arrays: requirements, PART_OF parents/children in bottom-up order,
 * and for each requirement the crosswalk edges that can carry coverage to it.
 */
public final class Projection {
    public record Req(String uid, String framework, String id, String name, String kind, String designation, String parentUid) {}

    /** A crosswalk edge; `key` tells apart edges between the same two requirements (source and part). */
    public record Edge(String from, String to, String relationship, String source, String part, String key) {}

    /** One way coverage can arrive at a requirement over an edge: from `neighbour`, at most `level`. */
    public record Arrival(int neighbour, int level, int edge, boolean along) {}

    final List<Req> reqs;
    final List<Edge> edges;
    final Map<String, Integer> index = new HashMap<>();
    final int[] parent;
    final int[][] children;
    /** Requirements ordered so that every child comes before its parent. */
    final int[] bottomUp;
    final Arrival[][] arrivals;
    /** For each requirement, the requirements its coverage can travel to over one crosswalk edge (the reverse of arrivals). */
    final int[][] departures;
    /** Each requirement's position in {@link #bottomUp}. */
    final int[] order;
    /** The frameworks, in first-seen order. */
    final List<String> frameworks;
    /** Each framework's requirements (indexes, ascending), so a per-framework report does not scan every framework. */
    final Map<String, int[]> members;
    /** The root (section / category / top-level node) each requirement sits under. */
    final int[] root;

    /** uid -> its recorded gap notes ({against, source, note}); shown with the requirement, no part in the levels. */
    final Map<String, List<Map<String, Object>>> gapNotes;

    public Projection(List<Req> reqs, List<Edge> edges) {
        this(reqs, edges, Map.of());
    }

    public Projection(List<Req> reqs, List<Edge> edges, Map<String, List<Map<String, Object>>> gapNotes) {
        this.gapNotes = Map.copyOf(gapNotes);
        this.reqs = List.copyOf(reqs);
        this.edges = List.copyOf(edges);
        int n = reqs.size();
        for (int i = 0; i < n; i++) index.put(reqs.get(i).uid(), i);
        parent = new int[n];
        List<List<Integer>> kids = new ArrayList<>();
        for (int i = 0; i < n; i++) kids.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            String p = reqs.get(i).parentUid();
            // a withdrawn requirement (an OSCAL catalog's withdrawn control) stands outside its
            // parent's roll-up: nobody implements it, and its parent could never be full otherwise
            parent[i] = p == null || withdrawn(reqs.get(i)) ? -1 : index.getOrDefault(p, -1);
            if (parent[i] >= 0) kids.get(parent[i]).add(i);
        }
        children = new int[n][];
        for (int i = 0; i < n; i++) children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
        int[] depth = new int[n];
        root = new int[n];
        for (int i = 0; i < n; i++) {
            int d = 0;
            int at = i;
            while (parent[at] >= 0 && d <= n) {
                at = parent[at];
                d++;
            }
            depth[i] = d;
            root[i] = at;
        }
        bottomUp = java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> Integer.compare(depth[b], depth[a])).mapToInt(Integer::intValue).toArray();
        List<List<Arrival>> arr = new ArrayList<>();
        for (int i = 0; i < n; i++) arr.add(new ArrayList<>());
        for (int e = 0; e < edges.size(); e++) {
            Edge ed = edges.get(e);
            Integer a = index.get(ed.from());
            Integer b = index.get(ed.to());
            if (a == null || b == null) continue;
            int along = Level.edge(ed.relationship(), true);
            int against = Level.edge(ed.relationship(), false);
            if (along > Level.NONE) arr.get(b).add(new Arrival(a, along, e, true));
            if (against > Level.NONE) arr.get(a).add(new Arrival(b, against, e, false));
        }
        arrivals = new Arrival[n][];
        for (int i = 0; i < n; i++) arrivals[i] = arr.get(i).toArray(new Arrival[0]);
        int[] outDegree = new int[n];
        for (Arrival[] as : arrivals) for (Arrival a : as) outDegree[a.neighbour()]++;
        departures = new int[n][];
        for (int i = 0; i < n; i++) departures[i] = new int[outDegree[i]];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) for (Arrival a : arrivals[i]) departures[a.neighbour()][fill[a.neighbour()]++] = i;
        order = new int[n];
        for (int k = 0; k < n; k++) order[bottomUp[k]] = k;
        Map<String, List<Integer>> byFramework = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) byFramework.computeIfAbsent(reqs.get(i).framework(), k -> new ArrayList<>()).add(i);
        frameworks = List.copyOf(byFramework.keySet());
        members = new HashMap<>();
        byFramework.forEach((fw, list) -> members.put(fw, list.stream().mapToInt(Integer::intValue).toArray()));
    }

    public int size() {
        return reqs.size();
    }

    public Req req(int i) {
        return reqs.get(i);
    }

    public Integer indexOf(String uid) {
        return index.get(uid);
    }

    public Edge edge(int e) {
        return edges.get(e);
    }

    public int root(int i) {
        return root[i];
    }

    /** Kind `withdrawn`: kept in the graph and shown, left out of roll-up and coverage counts. */
    public static boolean withdrawn(Req r) {
        return "withdrawn".equals(r.kind());
    }

    public int[] children(int i) {
        return children[i];
    }
}
