package crossmap.catalog;

import crossmap.http.ApiException;
import crossmap.store.Graph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/** Read questions about the catalogue: frameworks, requirement trees, one requirement, crosswalks, controls, search, neighbourhoods. */
public final class CatalogService {
    private final Graph graph;

    public CatalogService(Graph graph) {
        this.graph = graph;
    }

    public List<Map<String, Object>> frameworks() {
        return graph.read("frameworks", Map.of(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.get("id").asString());
            m.put("name", r.get("name").asString(null));
            m.put("version", r.get("version").asString(null));
            m.put("publisher", r.get("publisher").asString(null));
            m.put("kind", r.get("kind").asString(null));
            m.put("source", r.get("source").asString(null));
            m.put("requirementCount", r.get("requirementCount").asLong());
            Map<String, Long> byKind = new LinkedHashMap<>();
            Map<String, Long> byDesignation = new LinkedHashMap<>();
            for (Value p : r.get("parts").values()) {
                byKind.merge(p.get("kind").asString(), p.get("n").asLong(), Long::sum);
                String d = p.get("designation").asString(null);
                if (d != null && !d.equals("none")) byDesignation.merge(d, p.get("n").asLong(), Long::sum);
            }
            m.put("byKind", byKind);
            m.put("byDesignation", byDesignation);
            return m;
        });
    }

    public void requireFramework(String id) {
        if (graph.read("framework_exists", Map.of("id", id), r -> r.get("id").asString()).isEmpty()) {
            throw ApiException.notFound("no framework '" + id + "'");
        }
    }

    /** The requirement tree of one framework: roots with nested children. */
    public Map<String, Object> tree(String framework) {
        requireFramework(framework);
        List<Map<String, Object>> rows = graph.read("framework_requirements", Map.of("framework", framework), Record::asMap);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> n = new LinkedHashMap<>(row);
            n.remove("parent");
            n.put("children", new ArrayList<Map<String, Object>>());
            byId.put((String) row.get("id"), n);
        }
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> n = byId.get((String) row.get("id"));
            Object parent = row.get("parent");
            if (parent == null || !byId.containsKey(parent)) roots.add(n);
            else children(byId.get(parent)).add(n);
        }
        return Map.of("framework", framework, "count", rows.size(), "requirements", roots);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> children(Map<String, Object> n) {
        return (List<Map<String, Object>>) n.get("children");
    }

    /** One requirement with mappings both ways, controls and gap notes; 404 when unknown. */
    public Map<String, Object> requirement(String uid) {
        List<Map<String, Object>> rows = graph.read("requirement", Map.of("uid", uid), Record::asMap);
        if (rows.isEmpty()) throw ApiException.notFound("no requirement '" + uid + "' (a uid is framework:id, e.g. hipaa-security:164.312(b))");
        return new LinkedHashMap<>(rows.get(0));
    }

    /** Mapping rows between two frameworks; each row's relationship is read from the `from` framework's side. */
    public Map<String, Object> crosswalk(String from, String to) {
        requireFramework(from);
        requireFramework(to);
        if (from.equals(to)) throw ApiException.badRequest("from and to name the same framework (" + from + "); a crosswalk is between two");
        List<Map<String, Object>> rows = graph.read("crosswalk", Map.of("from", from, "to", to), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromId", r.get("fromId").asString());
            m.put("fromName", r.get("fromName").asString(null));
            m.put("toId", r.get("toId").asString());
            m.put("toName", r.get("toName").asString(null));
            boolean fromSide = r.get("storedFromSide").asBoolean();
            String rel = r.get("storedRelationship").asString();
            m.put("relationship", fromSide ? rel : inverse(rel));
            m.put("storedDirection", fromSide ? from + " -> " + to : to + " -> " + from);
            m.put("strength", r.get("strength").isNull() ? null : r.get("strength").asInt());
            m.put("rationale", r.get("rationale").asString(null));
            m.put("source", r.get("source").asString());
            m.put("note", r.get("note").asString(null));
            m.put("part", r.get("part").asString(null));
            return m;
        });
        Map<String, Long> bySource = new LinkedHashMap<>();
        rows.forEach(r -> bySource.merge((String) r.get("source"), 1L, Long::sum));
        return Map.of("from", from, "to", to, "count", rows.size(), "bySource", bySource, "rows", rows);
    }

    public static String inverse(String relationship) {
        return switch (relationship) {
            case "subset_of" -> "superset_of";
            case "superset_of" -> "subset_of";
            default -> relationship;
        };
    }

    public List<Map<String, Object>> controls() {
        return graph.read("controls", Map.of(), Record::asMap);
    }

    public Map<String, Object> control(String id) {
        List<Map<String, Object>> rows = graph.read("control", Map.of("id", id), Record::asMap);
        if (rows.isEmpty()) throw ApiException.notFound("no control '" + id + "'");
        return new LinkedHashMap<>(rows.get(0));
    }

    /** Full-text search; the user's words are escaped, and the last one is a prefix (search as you type). */
    public List<Map<String, Object>> search(String q, int limit) {
        String raw = q.strip();
        if (raw.isEmpty()) throw ApiException.badRequest("q must not be empty");
        if (raw.length() > 200) throw ApiException.badRequest("q must be at most 200 characters");
        try {
            return graph.read("search", Map.of("q", luceneQuery(raw), "raw", raw, "limit", limit), Record::asMap);
        } catch (org.neo4j.driver.exceptions.ClientException e) {
            // the words are escaped; should the full-text parser still refuse them, that is the query's 400
            // (and a timeout its 408), not a fault
            throw crossmap.query.QueryService.translate(e);
        }
    }

    static String luceneQuery(String raw) {
        String[] words = raw.split("\\s+");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            // lower case: the index's analyser lowers every term anyway, and Lucene reads AND, OR and NOT
            // in capitals as operators ("AND" alone was a parse error, a 500)
            String w = words[i].toLowerCase(java.util.Locale.ROOT).replaceAll("([+\\-&|!(){}\\[\\]^\"~*?:\\\\/])", "\\\\$1");
            if (w.isEmpty()) continue;
            if (sb.length() > 0) sb.append(" AND ");
            sb.append(i == words.length - 1 ? "(" + w + " OR " + w + "*)" : w);
        }
        return sb.toString();
    }

    /** Nodes and edges within `depth` steps of a focus node (a requirement uid or a control/policy/evidence/framework id). */
    public Map<String, Object> neighbourhood(String focus, int depth, int maxEdges) {
        List<String> found = graph.read("graph_focus", Map.of("focus", focus), r -> r.get("eid").asString());
        if (found.isEmpty()) throw ApiException.notFound("no node '" + focus + "'");
        Set<String> nodes = new LinkedHashSet<>(found);
        Map<String, Map<String, Object>> edges = new LinkedHashMap<>();
        List<String> frontier = new ArrayList<>(found);
        boolean truncated = false;
        for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
            int room = maxEdges - edges.size();
            if (room <= 0) {
                truncated = true;
                break;
            }
            List<Record> rows = graph.read("graph_neighbours", Map.of("ids", frontier, "limit", room + 1), r -> r);
            if (rows.size() > room) truncated = true;
            List<String> next = new ArrayList<>();
            for (Record r : rows.subList(0, Math.min(rows.size(), room))) {
                String eid = r.get("eid").asString();
                if (!edges.containsKey(eid)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", eid);
                    e.put("type", r.get("type").asString());
                    e.put("source", r.get("source").asString());
                    e.put("target", r.get("target").asString());
                    e.put("properties", r.get("props").asMap());
                    edges.put(eid, e);
                }
                String mid = r.get("mid").asString();
                if (nodes.add(mid)) next.add(mid);
            }
            frontier = next;
        }
        List<Map<String, Object>> nodeList = graph.read("graph_nodes", Map.of("ids", List.copyOf(nodes)), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.get("eid").asString());
            m.put("type", r.get("label").asString().toLowerCase());
            m.put("key", r.get("key").asString(null));
            for (String k : List.of("name", "framework", "kind", "designation", "status")) m.put(k, r.get(k).asString(null));
            m.put("gaps", r.get("gaps").asInt());
            return m;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("focus", found.get(0));
        out.put("nodes", nodeList);
        out.put("edges", List.copyOf(edges.values()));
        out.put("truncated", truncated);
        return out;
    }

    /**
     * The source keys the graph's crosswalk edges and gap notes cite, each with how many, and what the
     * reference's SOURCES.md says it is (publication, direction, licence) when it describes it.
     */
    public List<Map<String, Object>> sources() {
        Map<String, Sources.Source> described = Sources.described();
        return graph.read("sources", Map.of(), r -> {
            String key = r.get("source").asString(null);
            Map<String, Object> m = new LinkedHashMap<>();
            Sources.Source s = key == null ? null : described.get(key);
            if (s != null) m.putAll(s.json());
            else m.put("key", key);
            m.put("mappings", r.get("mappings").asLong());
            m.put("gaps", r.get("gaps").asLong());
            return m;
        });
    }

    public Map<String, Object> health() {
        List<Map<String, Object>> rows = graph.read("health", Map.of(), Record::asMap);
        return new HashMap<>(rows.get(0));
    }

    public boolean empty() {
        return graph.read("store_is_empty", Map.of(), r -> r.get("empty").asBoolean()).get(0);
    }
}
