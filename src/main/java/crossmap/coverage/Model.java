package crossmap.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of everything coverage reads from the graph: the {@link Projection} (requirements,
 * PART_OF, crosswalk edges) and every control with its status, evidence windows and SATISFIES
 * edges, indexed both ways. Built once per version of the data and shared by every question until
 * the data changes.
 */
final class Model {
    final Projection p;
    final List<Engine.ControlInput> controls;
    final Map<String, Integer> controlIndex = new HashMap<>();
    /** control -> requirements it satisfies, and the strength of each. */
    final int[][] satReq;
    final byte[][] satLvl;
    /** requirement -> controls that satisfy it (ascending), and the strength of each. */
    final int[][] satByReq;
    final byte[][] satByReqLvl;
    /** Reusable marks sized to the model (one per question running at once), so a question does not allocate per requirement. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Engine.Scratch> scratch = new java.util.concurrent.ConcurrentLinkedQueue<>();

    Model(Projection p, List<Engine.ControlInput> controls) {
        this.p = p;
        this.controls = List.copyOf(controls);
        int nc = controls.size();
        int n = p.size();
        satReq = new int[nc][];
        satLvl = new byte[nc][];
        int[] degree = new int[n];
        for (int c = 0; c < nc; c++) {
            Engine.ControlInput ci = controls.get(c);
            controlIndex.put(ci.id(), c);
            List<int[]> sats = new ArrayList<>();
            for (Engine.Sat s : ci.satisfies()) {
                Integer i = p.indexOf(s.uid());
                if (i != null && s.level() > Level.NONE) sats.add(new int[] {i, s.level()});
            }
            satReq[c] = new int[sats.size()];
            satLvl[c] = new byte[sats.size()];
            for (int k = 0; k < sats.size(); k++) {
                satReq[c][k] = sats.get(k)[0];
                satLvl[c][k] = (byte) sats.get(k)[1];
                degree[satReq[c][k]]++;
            }
        }
        satByReq = new int[n][];
        satByReqLvl = new byte[n][];
        for (int i = 0; i < n; i++) {
            satByReq[i] = new int[degree[i]];
            satByReqLvl[i] = new byte[degree[i]];
        }
        int[] fill = new int[n];
        for (int c = 0; c < nc; c++) {
            for (int k = 0; k < satReq[c].length; k++) {
                int i = satReq[c][k];
                satByReq[i][fill[i]] = c;
                satByReqLvl[i][fill[i]++] = satLvl[c][k];
            }
        }
    }

    /** Borrows a scratch map; give it back with {@link #release}. */
    Engine.Scratch borrow() {
        Engine.Scratch s = scratch.poll();
        return s != null ? s : new Engine.Scratch(p.size());
    }

    void release(Engine.Scratch s) {
        scratch.offer(s);
    }

    Integer control(String id) {
        return controlIndex.get(id);
    }

    boolean knowsControls(java.util.Collection<String> ids) {
        return controlIndex.keySet().containsAll(ids);
    }

    /** The same inputs with some controls' status changed (the structure is shared). */
    Model withStatuses(Map<String, String> statuses) {
        List<Engine.ControlInput> cs = new ArrayList<>(controls.size());
        for (Engine.ControlInput c : controls) {
            String st = statuses.get(c.id());
            cs.add(st == null ? c : new Engine.ControlInput(c.id(), c.name(), st, c.evidence(), c.satisfies()));
        }
        return new Model(p, cs);
    }
}
