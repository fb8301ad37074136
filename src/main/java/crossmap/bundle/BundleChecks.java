package crossmap.bundle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Referential checks of a parsed bundle against itself and what the store already holds:
 * duplicate keys, dangling references, a parent in another framework, PART_OF cycles.
 */
public final class BundleChecks {

    /** What the store already holds, asked only for the keys a bundle mentions. */
    /** A stored control as far as an import that leaves out its status or links needs to know. */
    public record ControlState(String status, long links) {}

    private static String describe(ControlState st) {
        return st.status() + ", " + st.links() + " SATISFIES link" + (st.links() == 1 ? "" : "s");
    }

    public interface Known {
        Set<String> frameworks(Collection<String> ids);

        Set<String> requirements(Collection<String> uids);

        /** For each requirement id, the frameworks that hold a requirement with that id. */
        Map<String, List<String>> frameworksOfRequirementIds(Collection<String> ids);

        Set<String> controls(Collection<String> ids);

        /** Of these control ids, those the store holds: their status and how many SATISFIES links they have. */
        Map<String, ControlState> controlStates(Collection<String> ids);

        /** child uid → parent uid for every requirement of these frameworks. */
        Map<String, String> parents(Collection<String> frameworks);

        Known NOTHING = new Known() {
            public Set<String> frameworks(Collection<String> ids) { return Set.of(); }
            public Set<String> requirements(Collection<String> uids) { return Set.of(); }
            public Map<String, List<String>> frameworksOfRequirementIds(Collection<String> ids) { return Map.of(); }
            public Set<String> controls(Collection<String> ids) { return Set.of(); }
            public Map<String, ControlState> controlStates(Collection<String> ids) { return Map.of(); }
            public Map<String, String> parents(Collection<String> frameworks) { return Map.of(); }
        };
    }

    private final List<BundleError> errors = new ArrayList<>();

    public static void check(Bundle b, Known known) {
        BundleChecks c = new BundleChecks();
        // a bundle built in code (CSV and OSCAL readers, the dataset, a test) did not pass the JSON
        // reader: its required fields are checked here, before anything relies on them
        c.required(b);
        if (c.errors.isEmpty()) c.run(b, known);
        if (!c.errors.isEmpty()) throw new BundleException(c.errors);
    }

    /** The fields BundleReader requires, for a bundle that did not come through it. */
    private void required(Bundle b) {
        each(b.frameworks(), "frameworks", "a framework", (f, p) -> {
            need(f.id(), p + ".id");
            need(f.name(), p + ".name");
            // a requirement's uid is framework + ":" + id: with a colon in framework ids, "w" + "fw:x" and
            // "w:fw" + "x" would be one node
            if (f.id() != null && f.id().indexOf(':') >= 0) {
                errors.add(new BundleError(p + ".id", "may not contain ':' (a requirement's uid is framework:id, so \"" + f.id()
                        + "\" would make uids that two frameworks could share)"));
            }
        });
        each(b.requirements(), "requirements", "a requirement", (r, p) -> {
            need(r.framework(), p + ".framework");
            need(r.id(), p + ".id");
            need(r.name(), p + ".name");
            need(r.kind(), p + ".kind");
        });
        each(b.mappings(), "mappings", "a mapping", (m, p) -> {
            ref(m.from(), p + ".from");
            ref(m.to(), p + ".to");
            need(m.relationship(), p + ".relationship");
            need(m.source(), p + ".source");
        });
        each(b.controls(), "controls", "a control", (c, p) -> {
            need(c.id(), p + ".id");
            need(c.name(), p + ".name");
            // status and satisfies may be absent (null): a new control is then operating with no links
            if (c.satisfies() != null) each(c.satisfies(), p + ".satisfies", "an entry", (s, q) -> {
                need(s.framework(), q + ".framework");
                need(s.id(), q + ".id");
                need(s.strength(), q + ".strength");
            });
        });
        each(b.policies(), "policies", "a policy", (x, p) -> {
            need(x.id(), p + ".id");
            need(x.title(), p + ".title");
            List<String> governs = x.governs();
            if (governs == null) err(p + ".governs", "must be a list, if empty");
            else for (int i = 0; i < governs.size(); i++) need(governs.get(i), p + ".governs[" + i + "]");
        });
        each(b.evidence(), "evidence", "an evidence item", (e, p) -> {
            need(e.id(), p + ".id");
            need(e.control(), p + ".control");
            need(e.title(), p + ".title");
            if (e.collectedOn() == null) err(p + ".collectedOn", "is required");
        });
        each(b.gaps(), "gaps", "a gap note", (g, p) -> {
            need(g.framework(), p + ".framework");
            need(g.id(), p + ".id");
            need(g.source(), p + ".source");
        });
    }

    /** Checks each item of `array` that is there; a null list or a null item is reported as such, not looked into. */
    private <T> void each(List<T> list, String array, String what, java.util.function.BiConsumer<T, String> check) {
        if (list == null) {
            err(array, "must be a list, if empty");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String p = array + "[" + i + "]";
            if (list.get(i) == null) err(p, "must be " + what + ", not null");
            else check.accept(list.get(i), p);
        }
    }

    private void need(String value, String path) {
        if (value == null || value.isBlank()) err(path, "is required");
    }

    private void ref(Bundle.Ref r, String path) {
        if (r == null) {
            err(path, "is required");
            return;
        }
        need(r.framework(), path + ".framework");
        need(r.id(), path + ".id");
    }

    private void err(String path, String message) {
        errors.add(new BundleError(path, message));
    }

    private void run(Bundle b, Known known) {
        // keys unique inside the bundle
        unique("frameworks", b.frameworks().stream().map(Bundle.Framework::id).toList(), "id");
        unique("requirements", b.requirements().stream().map(Bundle.Requirement::uid).toList(), "id");
        unique("controls", b.controls().stream().map(Bundle.Control::id).toList(), "id");
        unique("policies", b.policies().stream().map(Bundle.Policy::id).toList(), "id");
        unique("evidence", b.evidence().stream().map(Bundle.Evidence::id).toList(), "id");
        unique("mappings", b.mappings().stream().map(m -> m.from() == null || m.to() == null ? null
                : m.from().uid() + "->" + m.to().uid() + "|" + m.key()).toList(), "to");
        unique("gaps", b.gaps().stream().map(Bundle.Gap::key).toList(), "source");

        // what exists: the bundle plus the store
        Set<String> frameworks = new HashSet<>();
        b.frameworks().forEach(f -> frameworks.add(f.id()));
        Set<String> askFw = new HashSet<>();
        b.requirements().forEach(r -> askFw.add(r.framework()));
        b.gaps().forEach(g -> { if (g.against() != null) askFw.add(g.against()); });
        askFw.removeAll(frameworks);
        frameworks.addAll(known.frameworks(askFw));

        Set<String> reqs = new HashSet<>();
        b.requirements().forEach(r -> reqs.add(r.uid()));
        Set<String> askReq = new LinkedHashSet<>();
        b.requirements().forEach(r -> { if (r.parent() != null) askReq.add(Bundle.uid(r.framework(), r.parent())); });
        b.mappings().forEach(m -> {
            if (m.from() != null) askReq.add(m.from().uid());
            if (m.to() != null) askReq.add(m.to().uid());
        });
        b.controls().forEach(c -> { if (c.satisfies() != null) c.satisfies().forEach(s -> askReq.add(s.uid())); });
        b.gaps().forEach(g -> askReq.add(Bundle.uid(g.framework(), g.id())));
        askReq.removeAll(reqs);
        reqs.addAll(known.requirements(askReq));

        Set<String> controls = new HashSet<>();
        b.controls().forEach(c -> controls.add(c.id()));
        // an import replaces a control whole: one the store holds, given without its status or its
        // links, would become operating or lose what it satisfies. Refused when that would change it
        // (a failed control, one with links); the same partial bundle again, or resumed, changes nothing
        List<String> partial = b.controls().stream().filter(c -> c.status() == null || c.satisfies() == null).map(Bundle.Control::id).toList();
        Map<String, ControlState> stored = partial.isEmpty() ? Map.of() : known.controlStates(partial);
        for (int i = 0; i < b.controls().size(); i++) {
            Bundle.Control c = b.controls().get(i);
            ControlState st = stored.get(c.id());
            if (st == null) continue;
            List<String> missing = new ArrayList<>();
            if (c.status() == null && !"operating".equals(st.status())) missing.add("status");
            if (c.satisfies() == null && st.links() > 0) missing.add("satisfies");
            if (missing.isEmpty()) continue;
            err("controls[" + i + "]." + missing.get(0), "control " + c.id() + " is in the store (" + describe(st)
                    + ") and an import replaces a control as a whole: give its " + String.join(" and ", missing)
                    + " too (left out, it would become operating with no links)");
        }
        Set<String> askCtl = new HashSet<>();
        b.policies().forEach(p -> askCtl.addAll(p.governs()));
        b.evidence().forEach(e -> askCtl.add(e.control()));
        askCtl.removeAll(controls);
        controls.addAll(known.controls(askCtl));

        // requirements: framework, parent, cycles
        Set<String> missingParentIds = new HashSet<>();
        for (int i = 0; i < b.requirements().size(); i++) {
            Bundle.Requirement r = b.requirements().get(i);
            String p = "requirements[" + i + "]";
            if (!frameworks.contains(r.framework())) err(p + ".framework", "unknown framework \"" + r.framework() + "\"");
            if (r.parent() != null) {
                if (r.parent().equals(r.id())) err(p + ".parent", "a requirement cannot be its own parent");
                else if (!reqs.contains(Bundle.uid(r.framework(), r.parent()))) missingParentIds.add(r.parent());
            }
        }
        Map<String, List<String>> elsewhere = new HashMap<>();
        if (!missingParentIds.isEmpty()) {
            for (Bundle.Requirement r : b.requirements()) {
                if (missingParentIds.contains(r.id())) elsewhere.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.framework());
            }
            known.frameworksOfRequirementIds(missingParentIds).forEach((id, fws) ->
                    elsewhere.computeIfAbsent(id, k -> new ArrayList<>()).addAll(fws));
        }
        for (int i = 0; i < b.requirements().size(); i++) {
            Bundle.Requirement r = b.requirements().get(i);
            if (r.parent() == null || r.parent().equals(r.id()) || reqs.contains(Bundle.uid(r.framework(), r.parent()))) continue;
            List<String> other = elsewhere.getOrDefault(r.parent(), List.of()).stream().filter(f -> !f.equals(r.framework())).distinct().sorted().toList();
            if (!other.isEmpty()) {
                err("requirements[" + i + "].parent", "\"" + r.parent() + "\" is a requirement of " + String.join(", ", other)
                        + ", not of " + r.framework() + "; a parent must be in the same framework");
            } else {
                err("requirements[" + i + "].parent", "no requirement \"" + r.parent() + "\" in framework " + r.framework());
            }
        }
        cycles(b, known);

        for (int i = 0; i < b.mappings().size(); i++) {
            Bundle.Mapping m = b.mappings().get(i);
            String p = "mappings[" + i + "]";
            if (m.from() != null && !reqs.contains(m.from().uid())) err(p + ".from", "no requirement " + m.from().uid());
            if (m.to() != null && !reqs.contains(m.to().uid())) err(p + ".to", "no requirement " + m.to().uid());
            if (m.from() != null && m.to() != null && m.from().uid().equals(m.to().uid())) err(p + ".to", "a requirement cannot map to itself");
        }
        for (int i = 0; i < b.controls().size(); i++) {
            Bundle.Control c = b.controls().get(i);
            Set<String> seen = new HashSet<>();
            for (int j = 0; c.satisfies() != null && j < c.satisfies().size(); j++) {
                Bundle.Satisfies s = c.satisfies().get(j);
                String p = "controls[" + i + "].satisfies[" + j + "]";
                if (!reqs.contains(s.uid())) err(p + ".id", "no requirement " + s.uid());
                if (!seen.add(s.uid())) err(p + ".id", "duplicate: " + s.uid() + " is listed twice for this control");
            }
        }
        for (int i = 0; i < b.policies().size(); i++) {
            List<String> g = b.policies().get(i).governs();
            for (int j = 0; j < g.size(); j++) {
                if (!controls.contains(g.get(j))) err("policies[" + i + "].governs[" + j + "]", "no control \"" + g.get(j) + "\"");
            }
        }
        for (int i = 0; i < b.evidence().size(); i++) {
            Bundle.Evidence e = b.evidence().get(i);
            if (e.control() != null && !controls.contains(e.control())) err("evidence[" + i + "].control", "no control \"" + e.control() + "\"");
        }
        for (int i = 0; i < b.gaps().size(); i++) {
            Bundle.Gap g = b.gaps().get(i);
            if (!reqs.contains(Bundle.uid(g.framework(), g.id()))) err("gaps[" + i + "].id", "no requirement " + Bundle.uid(g.framework(), g.id()));
            if (g.against() != null && !frameworks.contains(g.against())) err("gaps[" + i + "].against", "unknown framework \"" + g.against() + "\"");
        }
    }

    private void unique(String array, List<String> keys, String field) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (k == null) continue;
            Integer j = first.putIfAbsent(k, i);
            if (j != null) err(array + "[" + i + "]." + field, "duplicate of " + array + "[" + j + "] (" + k + ")");
        }
    }

    private void cycles(Bundle b, Known known) {
        Set<String> fws = new HashSet<>();
        b.requirements().forEach(r -> fws.add(r.framework()));
        Map<String, String> parent = new HashMap<>(fws.isEmpty() ? Map.of() : known.parents(fws));
        for (Bundle.Requirement r : b.requirements()) {
            if (r.parent() == null) parent.remove(r.uid());
            else parent.put(r.uid(), Bundle.uid(r.framework(), r.parent()));
        }
        Set<String> reported = new HashSet<>();
        for (int i = 0; i < b.requirements().size(); i++) {
            String start = b.requirements().get(i).uid();
            Set<String> seen = new LinkedHashSet<>();
            String at = start;
            while (at != null && seen.add(at)) at = parent.get(at);
            if (at != null && at.equals(start) && seen.size() > 1 && reported.add(new java.util.TreeSet<>(seen).toString())) {
                err("requirements[" + i + "].parent", "PART_OF cycle: " + String.join(" -> ", seen) + " -> " + start);
            }
        }
    }
}
