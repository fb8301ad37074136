package crossmap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crossmap.bundle.Bundle;
import crossmap.bundle.BundleException;
import crossmap.bundle.BundleReader;
import crossmap.bundle.BundleStore;
import crossmap.catalog.CatalogService;
import crossmap.coverage.CoverageService;
import crossmap.dataset.DatasetLoader;
import crossmap.interchange.Formats;
import crossmap.query.QueryService;
import crossmap.store.Graph;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;

/** Every HTTP route in one place; handlers only speak HTTP and call the services. */
public final class Routes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Graph graph;
    private final CatalogService catalog;
    private final CoverageService coverage;
    private final BundleStore bundles;
    private final DatasetLoader dataset;
    private final Auth auth;
    private final QueryService queries;
    private final String storeDescription;
    /** Whether ad-hoc Cypher runs without the token (--open-console); by default it needs it. */
    private final boolean openConsole;

    public Routes(Graph graph, CatalogService catalog, CoverageService coverage, BundleStore bundles, DatasetLoader dataset,
                  Auth auth, QueryService queries, String storeDescription, boolean openConsole) {
        this.graph = graph;
        this.catalog = catalog;
        this.coverage = coverage;
        this.bundles = bundles;
        this.dataset = dataset;
        this.auth = auth;
        this.queries = queries;
        this.storeDescription = storeDescription;
        this.openConsole = openConsole;
    }

    public void register(JavalinConfig config) {
        var r = config.routes;
        get(r, "/api/health", only(this::health));
        get(r, "/api/frameworks", only(ctx -> ctx.json(catalog.frameworks())));
        get(r, "/api/frameworks/{fw}/requirements", only(ctx -> ctx.json(catalog.tree(ctx.pathParam("fw")))));
        get(r, "/api/requirements/{uid}", only(this::requirement, "hops", "asOf"));
        get(r, "/api/crosswalk", only(ctx -> ctx.json(catalog.crosswalk(Params.required(ctx, "from"), Params.required(ctx, "to"))), "from", "to"));
        get(r, "/api/controls", only(ctx -> ctx.json(catalog.controls())));
        get(r, "/api/controls/{id}", only(ctx -> ctx.json(catalog.control(ctx.pathParam("id")))));
        patch(r, "/api/controls/{id}", only(this::patchControl));
        get(r, "/api/controls/{id}/impact", only(ctx -> {
            catalog.control(ctx.pathParam("id"));
            ctx.json(coverage.impact(List.of(ctx.pathParam("id")), hops(ctx), Params.date(ctx, "asOf"), frameworks(ctx)));
        }, "hops", "asOf", "frameworks"));
        post(r, "/api/impact", only(this::impact));
        get(r, "/api/coverage", only(ctx -> ctx.json(coverage.coverage(blankToNull(ctx.queryParam("framework")), hops(ctx),
                Params.date(ctx, "asOf"), blankToNull(ctx.queryParam("against")), CoverageService.Rules.of(ctx.queryParam("engine")))),
                "framework", "hops", "asOf", "against", "engine"));
        get(r, "/api/single-points-of-failure", only(ctx -> ctx.json(coverage.singlePointsOfFailure(blankToNull(ctx.queryParam("framework")),
                hops(ctx), Params.date(ctx, "asOf"))), "framework", "hops", "asOf"));
        get(r, "/api/search", only(ctx -> ctx.json(Map.of("results", catalog.search(Params.required(ctx, "q"), Params.intIn(ctx, "limit", 25, 1, 200)))), "q", "limit"));
        get(r, "/api/graph", only(this::graph, "focus", "depth", "limit", "hops", "asOf"));
        get(r, "/api/sources", only(ctx -> ctx.json(Map.of("sources", catalog.sources()))));
        get(r, "/api/coverage/levels", only(this::levels, "framework", "hops", "asOf", "fail", "engine"));
        get(r, "/api/export", only(ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"crossmap-bundle.json\"");
            ctx.json(bundles.export());
        }));
        post(r, "/api/import", only(this::importBundle, "format", "framework", "sourceFramework", "targetFramework"));
        post(r, "/api/dataset/reload", only(this::reloadDataset));
        post(r, "/api/cypher", only(this::cypher));
        get(r, "/api/changes", only(ctx -> ctx.json(graph.read("changes", Map.of("limit", Params.intIn(ctx, "limit", 100, 1, 1000)), Record::asMap)), "limit"));
    }

    /** Each API route's methods by path template: the Allow header of a 405 (HEAD included) names them. */
    private final Map<String, java.util.Set<String>> methods = new java.util.LinkedHashMap<>();

    private void get(io.javalin.config.RoutesConfig r, String path, io.javalin.http.Handler h) {
        r.get(path, h);
        methods.computeIfAbsent(path, k -> new java.util.TreeSet<>()).add("GET");
    }

    private void post(io.javalin.config.RoutesConfig r, String path, io.javalin.http.Handler h) {
        r.post(path, h);
        methods.computeIfAbsent(path, k -> new java.util.TreeSet<>()).add("POST");
    }

    private void patch(io.javalin.config.RoutesConfig r, String path, io.javalin.http.Handler h) {
        r.patch(path, h);
        methods.computeIfAbsent(path, k -> new java.util.TreeSet<>()).add("PATCH");
    }

    /** The methods an API path answers ("GET, PATCH"), or null when no route has that path. */
    public String allowed(String path) {
        // Javalin matches a route with or without a trailing slash; so does this
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (var e : methods.entrySet()) {
            String regex = java.util.Arrays.stream(e.getKey().split("/", -1))
                    .map(seg -> seg.startsWith("{") ? "[^/]+" : java.util.regex.Pattern.quote(seg))
                    .collect(java.util.stream.Collectors.joining("/"));
            if (p.matches(regex)) return String.join(", ", e.getValue());
        }
        return null;
    }

    private static io.javalin.http.Handler only(io.javalin.http.Handler handler, String... queryParameters) {
        return Params.only(handler, queryParameters);
    }

    /** Every requirement's level, for a what-if failed set, from either engine. */
    private void levels(Context ctx) {
        int hops = hops(ctx);
        CoverageService.Rules rules = CoverageService.Rules.of(ctx.queryParam("engine"));
        List<String> fail = idList(ctx, "fail", "control ids");
        String fw = blankToNull(ctx.queryParam("framework"));
        if (fw != null) catalog.requireFramework(fw);
        Map<String, String> levels = coverage.levels(fail, hops, Params.date(ctx, "asOf"), rules);
        if (fw != null) levels.keySet().removeIf(uid -> !uid.startsWith(fw + ":"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", rules.label());
        m.put("fail", fail);
        m.put("hops", hops);
        m.put("asOf", ctx.queryParam("asOf"));
        m.put("levels", levels);
        ctx.json(m);
    }

    private void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("store", storeDescription);
        m.put("counts", catalog.health());
        ctx.json(m);
    }

    /** The neighbourhood of a node; requirement nodes carry their coverage level at `hops` / `asOf`. */
    @SuppressWarnings("unchecked")
    private void graph(Context ctx) {
        int hops = hops(ctx);
        LocalDate asOf = Params.date(ctx, "asOf");
        Map<String, Object> g = catalog.neighbourhood(Params.required(ctx, "focus"), Params.intIn(ctx, "depth", 1, 0, 3),
                Params.intIn(ctx, "limit", 400, 1, 2000));
        Map<String, String> levels = coverage.levels(List.of(), hops, asOf);
        for (Map<String, Object> n : (List<Map<String, Object>>) g.get("nodes")) {
            if ("requirement".equals(n.get("type"))) n.put("level", levels.getOrDefault((String) n.get("key"), "none"));
        }
        ctx.json(g);
    }

    private void requirement(Context ctx) {
        String uid = ctx.pathParam("uid");
        Map<String, Object> m = catalog.requirement(uid);
        m.put("coverage", coverage.explain(uid, hops(ctx), Params.date(ctx, "asOf")));
        ctx.json(m);
    }

    private void patchControl(Context ctx) {
        String actor = auth.require(ctx);
        JsonNode body = body(ctx, JSON_BODY_LIMIT);
        Set<String> allowed = Set.of("status");
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> { if (!allowed.contains(f)) unknown.add(f); });
        if (!unknown.isEmpty()) throw ApiException.badRequest("unknown field(s): " + String.join(", ", unknown) + " (allowed: status)");
        JsonNode st = body.get("status");
        if (st == null || !st.isTextual()) throw ApiException.badRequest("status is required: one of " + String.join(", ", Bundle.STATUSES));
        ctx.json(coverage.setStatus(ctx.pathParam("id"), st.asText(), actor, ctx.ip()));
    }

    private void impact(Context ctx) {
        JsonNode body = body(ctx, JSON_BODY_LIMIT);
        Set<String> allowed = Set.of("fail", "hops", "asOf", "frameworks");
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> { if (!allowed.contains(f)) unknown.add(f); });
        if (!unknown.isEmpty()) throw ApiException.badRequest("unknown field(s): " + String.join(", ", unknown) + " (allowed: fail, hops, asOf, frameworks)");
        List<String> fail = stringList(body, "fail", true);
        List<String> frameworks = stringList(body, "frameworks", false);
        // every problem of the question in one answer: the fields' shapes here, then what the graph knows
        List<String> problems = new ArrayList<>();
        Integer hops = 1;
        JsonNode h = body.get("hops");
        if (h != null && !h.isNull()) {
            if (h.isIntegralNumber() && h.canConvertToInt()) hops = h.asInt();
            else {
                problems.add("hops must be a whole number from 0 to " + CoverageService.MAX_HOPS);
                hops = null;
            }
        }
        LocalDate asOf = null;
        JsonNode a = body.get("asOf");
        if (a != null && !a.isNull()) {
            if (!a.isTextual()) problems.add("asOf must be an ISO-8601 date string or null");
            else {
                try {
                    asOf = Params.date("asOf", a.asText());
                } catch (ApiException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.addAll(coverage.impactProblems(fail, hops, frameworks));
            throw ApiException.badRequest(problems);
        }
        ctx.json(coverage.impact(fail, hops, asOf, frameworks));
    }

    private static List<String> stringList(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) throw ApiException.badRequest(field + " is required: a list of ids");
            return List.of();
        }
        if (!n.isArray()) throw ApiException.badRequest(field + " must be a list of ids");
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual() || x.asText().isBlank()) throw ApiException.badRequest(field + " must contain only non-empty strings");
            out.add(x.asText());
        }
        return out;
    }

    private void cypher(Context ctx) {
        // ad-hoc Cypher is the one read that can exhaust the server (a single expression building a
        // huge value is neither interrupted by the timeout nor fully counted by the memory cap), so it
        // needs the token unless --open-console says otherwise; checked before the body is read
        if (!openConsole) auth.require(ctx);
        long declared = ctx.contentLength();
        long limit = 4L * queries.maxChars() + 65_536;
        if (declared > limit) {
            throw new ApiException(413, "payload_too_large", "the request body is " + declared + " bytes; /api/cypher accepts at most " + limit, null);
        }
        // a chunked body declares no length: its size is checked once read
        JsonNode body = body(ctx, limit);
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> { if (!Set.of("query", "params").contains(f)) unknown.add(f); });
        if (!unknown.isEmpty()) throw ApiException.badRequest("unknown field(s): " + String.join(", ", unknown) + " (allowed: query, params)");
        JsonNode q = body.get("query");
        if (q == null || !q.isTextual()) throw ApiException.badRequest("query is required and must be a string");
        JsonNode p = body.get("params");
        Map<String, Object> params = Map.of();
        if (p != null && !p.isNull()) {
            if (!p.isObject()) throw ApiException.badRequest("params must be a JSON object");
            params = JSON.convertValue(p, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        }
        ctx.json(queries.run(q.asText(), params));
    }

    /**
     * Imports a bundle, or any format the command line reads (`?format=` bundle, crosswalk-csv,
     * reference-csv, oscal-catalog, oscal-mapping; detected from the body when absent; `?framework=`
     * names an OSCAL catalog's framework, `?sourceFramework=` and `?targetFramework=` the sides of an
     * OSCAL mapping collection that does not name them), validated as a whole and applied in one transaction.
     */
    private void importBundle(Context ctx) {
        String actor = auth.require(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) throw ApiException.badRequest("an import body is required (" + String.join(", ", Formats.IMPORT_FORMATS) + ")");
        String format;
        try {
            format = Formats.format(body, "request body", ctx.queryParam("format"));
        } catch (Formats.UnknownFormatException e) {
            throw ApiException.badRequest("format: " + e.getMessage());
        }
        String framework = ctx.queryParam("framework");
        if (format.equals("oscal-catalog") && (framework == null || framework.isBlank())) {
            throw ApiException.badRequest("framework: an OSCAL catalog needs ?framework=ID, the framework it becomes");
        }
        if (!format.equals("oscal-catalog") && framework != null) {
            throw ApiException.badRequest("framework: only an OSCAL catalog takes ?framework= (this body is " + format + ")");
        }
        Formats.Read read;
        try {
            read = Formats.read(body, "request body", format, framework, blankToNull(ctx.queryParam("sourceFramework")),
                    blankToNull(ctx.queryParam("targetFramework")));
        } catch (Formats.SidesException e) {
            throw ApiException.badRequest("sourceFramework / targetFramework: " + e.getMessage());
        } catch (BundleException e) {
            throw importError(e, format);
        }
        Bundle b = read.bundle();
        Map<String, Object> change = change(actor, ctx, "bundle.import", format,
                b.frameworks().size() + " frameworks, " + b.requirements().size() + " requirements, " + b.mappings().size()
                        + " mappings, " + b.controls().size() + " controls, " + b.policies().size() + " policies, "
                        + b.evidence().size() + " evidence, " + b.gaps().size() + " gaps");
        BundleStore.ImportResult res;
        try {
            res = bundles.importBundle(b, change);
        } catch (BundleException e) {
            throw importError(read.origins().locate(e), format);
        }
        coverage.invalidate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("imported", res);
        ctx.json(m);
    }

    private void reloadDataset(Context ctx) {
        String actor = auth.require(ctx);
        ctx.json(dataset.load(change(actor, ctx, "dataset.reload", "built-in dataset", "re-imported the built-in dataset")));
        coverage.invalidate();
    }

    private static Map<String, Object> change(String actor, Context ctx, String action, String target, String detail) {
        return BundleStore.change(actor, ctx.ip(), action, target, detail);
    }

    /** The largest JSON question body (impact, control status): far above any real one, far below --max-body. */
    static final int JSON_BODY_LIMIT = 1 << 20;

    private static JsonNode body(Context ctx, long limit) {
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > limit) {
            throw new ApiException(413, "payload_too_large", "the request body is " + raw.length + " bytes; " + ctx.path() + " accepts at most " + limit, null);
        }
        String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank()) throw ApiException.badRequest("a JSON object body is required");
        JsonNode n;
        try {
            // read as strictly as an imported document: a repeated key or anything after the object is refused
            n = BundleReader.tree(text);
        } catch (BundleException e) {
            throw ApiException.badRequest("the body is " + e.errors().get(0).message());
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest("the body must be a JSON object");
        return n;
    }

    private static int hops(Context ctx) {
        return Params.intIn(ctx, "hops", 1, 0, CoverageService.MAX_HOPS);
    }

    private static List<String> frameworks(Context ctx) {
        return idList(ctx, "frameworks", "framework ids");
    }

    private static List<String> idList(Context ctx, String name, String what) {
        return Params.idList(ctx.queryParam(name), name, what);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A refused import as a 400 listing every problem (array, index, field), naming the format it was read as (a CSV's problems are not "in the bundle"). */
    static ApiException importError(BundleException e, String format) {
        String what = format.equals("bundle") ? "the bundle" : "the " + format + " document";
        return new ApiException(400, "invalid_bundle", e.errors().size() + " problem(s) in " + what + "; nothing was imported", e.errors());
    }

    public static ApiException bundleError(BundleException e) {
        return importError(e, "bundle");
    }
}
