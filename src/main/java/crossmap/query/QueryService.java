package crossmap.query;

import crossmap.http.ApiException;
import crossmap.store.Graph;
import crossmap.store.GraphStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.driver.summary.Plan;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;
import org.neo4j.driver.types.TypeSystem;
import org.neo4j.driver.internal.types.InternalTypeSystem;

/**
 * Ad-hoc read-only Cypher. The database does the refusing: the query runs in a READ access-mode
 * transaction with a server-side timeout (and the store's per-transaction memory cap), after the
 * database's own EXPLAIN has classified it (query type and plan operators) so that writes, admin
 * commands and LOAD CSV are refused before anything runs. Rows are capped.
 */
public final class QueryService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueryService.class);
    /** Plan operators refused even in a read transaction: file/network reads and admin / transaction commands. */
    static final Set<String> REFUSED_OPERATORS = Set.of("LoadCSV", "ShowTransactions", "TerminateTransactions", "ShowUsers",
            "ShowCurrentUser", "ShowRoles", "ShowPrivileges", "ShowDatabase", "ShowDatabases", "ShowSettings", "ShowServers",
            "ShowAliases");
    /**
     * Deepest bracket nesting accepted. Neo4j parses before the transaction timeout applies, and a
     * few thousand nested brackets kept its parser busy for minutes in a test; real queries nest a
     * handful deep.
     */
    static final int MAX_NESTING = 64;
    private static final TypeSystem TYPES = InternalTypeSystem.TYPE_SYSTEM;

    private final Graph graph;
    private final Duration timeout;
    private final int rowCap;
    private final int maxChars;
    private final int maxRunning;
    /** Queries running at once: each may hold a core and its memory cap until its timeout. */
    private final java.util.concurrent.Semaphore running;

    public QueryService(Graph graph, Duration timeout, int rowCap, int maxChars, int maxRunning) {
        this.graph = graph;
        this.timeout = timeout;
        this.rowCap = rowCap;
        this.maxChars = maxChars;
        this.maxRunning = maxRunning;
        this.running = new java.util.concurrent.Semaphore(maxRunning);
    }

    public int maxChars() {
        return maxChars;
    }

    public Map<String, Object> run(String query, Map<String, Object> params) {
        if (query == null || query.isBlank()) throw ApiException.badRequest("query is required");
        if (query.length() > maxChars) {
            throw new ApiException(413, "query_too_large", "the query has " + query.length() + " characters; the limit is " + maxChars, null);
        }
        int depth = nesting(query);
        if (depth > MAX_NESTING) {
            throw new ApiException(400, "query_too_complex", "the query nests brackets " + depth + " deep; the limit is " + MAX_NESTING
                    + " (the database's parser is not bounded by the transaction timeout)", null);
        }
        if (!running.tryAcquire()) {
            throw new ApiException(429, "console_busy", maxRunning + " ad-hoc queries are already running (--max-console-queries); try again when one"
                    + " has finished (each stops at the " + timeout.toMillis() + " ms timeout at the latest)", null);
        }
        try {
            return runAdmitted(query, params);
        } finally {
            running.release();
        }
    }

    private static final String EXPLAIN = "EXPLAIN\n";
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("line (\\d+), column (\\d+) \\(offset: (\\d+)\\)");

    /** A message about the EXPLAIN-prefixed text, with its positions turned back into the user's query's. */
    public static String userPositions(String message) {
        if (message == null) return null;
        java.util.regex.Matcher m = POSITION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1)) - 1;
            int offset = Integer.parseInt(m.group(3)) - EXPLAIN.length();
            String fixed = line < 1 || offset < 0 ? m.group() : "line " + line + ", column " + m.group(2) + " (offset: " + offset + ")";
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(fixed));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private Map<String, Object> runAdmitted(String query, Map<String, Object> params) {
        long t0 = System.nanoTime();
        TransactionConfig txConfig = TransactionConfig.builder().withTimeout(timeout).withMetadata(Map.of("app", "crossmap-console")).build();
        try (Session session = graph.session(AccessMode.READ)) {
            try (Transaction tx = session.beginTransaction(txConfig)) {
                ResultSummary plan;
                try {
                    // EXPLAIN on a line of its own: the query's lines and columns stay the user's (one line down)
                    plan = tx.run(EXPLAIN + query, params).consume();
                } catch (Neo4jException e) {
                    ApiException a = translate(e);
                    throw new ApiException(a.status(), a.code(), userPositions(a.getMessage()), a.details());
                }
                refuseIfNotRead(plan);
                Result result = tx.run(query, params);
                List<String> columns = result.keys();
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                Budget budget = new Budget();
                while (result.hasNext()) {
                    Record r = result.next();
                    if (rows.size() == rowCap) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (Value v : r.values()) row.add(json(v, budget));
                    rows.add(row);
                }
                tx.rollback();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("columns", columns);
                m.put("rows", rows);
                m.put("rowCount", rows.size());
                m.put("truncated", truncated);
                m.put("rowCap", rowCap);
                m.put("millis", (System.nanoTime() - t0) / 1_000_000);
                return m;
            }
        } catch (ApiException e) {
            throw e;
        } catch (Neo4jException e) {
            throw translate(e);
        } catch (StackOverflowError e) {
            throw new ApiException(400, "query_too_complex", "the query is nested too deeply to be parsed", null);
        } catch (OutOfMemoryError e) {
            // one value too large to hold (decoded by the driver before the budget above can count it):
            // the allocation that failed is gone once this unwinds, and the answer says what happened
            LOG.warn("a console query ran the heap out: {}", e.getMessage());
            throw new ApiException(422, "result_too_large", "the answer was too large to hold in memory; return fewer or smaller values"
                    + " (LIMIT, size(), a slice of the list)", null);
        }
    }

    /** The allowlist as the console can use it: dbms.components is there for crossmap's own version check, and Neo4j runs it as a DBMS query, not a read. */
    private static final List<String> CONSOLE_PROCEDURES = GraphStore.PROCEDURE_ALLOWLIST.stream().filter(p -> !p.startsWith("dbms.")).toList();

    /**
     * Refuses what the console does not run, by the database's own plan: administration commands
     * (which the database types as schema writes), refused operators in a read (file and network
     * access, transaction commands), procedures off the console's list, and anything not a read.
     */
    private static void refuseIfNotRead(ResultSummary summary) {
        QueryType type = summary.queryType();
        Plan plan = summary.hasPlan() ? summary.plan() : null;
        if (plan != null && type != QueryType.READ_ONLY && hasOperator(plan, "AdministrationCommand")) {
            throw new ApiException(403, "operation_refused", "the query is an administration command (users, roles, databases),"
                    + " which the console does not run", null);
        }
        String op = plan != null && type == QueryType.READ_ONLY ? refusedOperator(plan) : null;
        if (op != null) {
            throw new ApiException(403, "operation_refused", "the query uses " + op
                    + ", which the console does not allow (no file or network access, no admin or transaction commands)", null);
        }
        String proc = plan != null ? refusedProcedure(plan) : null;
        if (proc != null) {
            throw new ApiException(403, "procedure_refused", "the query calls " + proc + ", which is not among the procedures the console allows ("
                    + String.join(", ", CONSOLE_PROCEDURES) + ")", null);
        }
        if (type != QueryType.READ_ONLY) {
            throw new ApiException(403, "write_refused", "only read queries may run here: the database classifies this query as "
                    + type.name().toLowerCase() + (type == QueryType.SCHEMA_WRITE
                            ? "; the schema is crossmap's own (cypher/schema.cypher, applied at start)"
                            : "; writes need the import API and a token"), null);
        }
    }

    static boolean hasOperator(Plan p, String operator) {
        if (p.operatorType().replaceAll("@.*$", "").equals(operator)) return true;
        for (Plan c : p.children()) if (hasOperator(c, operator)) return true;
        return false;
    }

    /**
     * The first procedure the plan calls that the console does not allow (the database names it:
     * "db.stats.retrieve(...) :: ..."): off the store's allowlist, or a dbms.* one (dbms.components is
     * on the store's list for crossmap's own version check, not on the console's).
     */
    static String refusedProcedure(Plan p) {
        if (p.operatorType().replaceAll("@.*$", "").equals("ProcedureCall")) {
            String details = String.valueOf(p.arguments().get("Details") == null ? "" : p.arguments().get("Details").asString(""));
            int paren = details.indexOf('(');
            String name = (paren < 0 ? details : details.substring(0, paren)).strip();
            if (!GraphStore.procedureAllowed(name) || name.startsWith("dbms.")) return name.isEmpty() ? "a procedure" : name;
        }
        for (Plan c : p.children()) {
            String r = refusedProcedure(c);
            if (r != null) return r;
        }
        return null;
    }

    /** Deepest nesting of (), [] and {} outside string literals, quoted names and comments. */
    static int nesting(String q) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                for (i++; i < q.length() && q.charAt(i) != c; i++) if (q.charAt(i) == '\\' && c != '`') i++;
            } else if (c == '/' && i + 1 < q.length() && q.charAt(i + 1) == '/') {
                while (i < q.length() && q.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < q.length() && q.charAt(i + 1) == '*') {
                int end = q.indexOf("*/", i + 2);
                i = end < 0 ? q.length() : end + 1;
            } else if (c == '(' || c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    static String refusedOperator(Plan p) {
        String op = p.operatorType().replaceAll("@.*$", "");
        if (REFUSED_OPERATORS.contains(op)) return op;
        for (Plan c : p.children()) {
            String r = refusedOperator(c);
            if (r != null) return r;
        }
        return null;
    }

    /** A database error in the API's terms: timeout 408, memory cap 422, refusals 403, the caller's query 400. */
    public static ApiException translate(Neo4jException e) {
        String code = e.code() == null ? "" : e.code();
        String msg = e.getMessage();
        if (code.contains("TransactionTimedOut") || code.contains("Terminated") || code.contains("TransactionMarkedAsFailed") && msg.contains("timeout")) {
            return new ApiException(408, "query_timeout", "the query ran longer than the time limit and was stopped: " + msg, null);
        }
        if (code.contains("MemoryPoolOutOfMemoryError") || code.contains("OutOfMemory")) {
            return new ApiException(422, "query_memory_limit", "the query needed more memory than one transaction may use: " + msg, null);
        }
        if (code.contains("AccessMode") || code.contains("Forbidden") || code.contains("Security")) {
            return new ApiException(403, "write_refused", "refused by the database: " + msg, null);
        }
        if (code.contains("ProcedureNotFound")) {
            return new ApiException(403, "procedure_refused", "refused by the database (only allowlisted read-only procedures exist here): " + msg, null);
        }
        if (code.contains("Procedure")) {
            // an allowed procedure called wrongly (arguments) or failing: the caller's query, not a refusal
            return new ApiException(400, "cypher_error", msg, null);
        }
        if (code.contains("SyntaxError") || code.contains("ParameterMissing") || code.contains("TypeError") || code.contains("ArgumentError")
                || code.contains("SemanticError") || e instanceof ClientException) {
            return new ApiException(400, "cypher_error", msg, null);
        }
        if (e instanceof TransientException) return new ApiException(503, "store_busy", "the database could not answer now: " + msg, null);
        return new ApiException(422, "query_failed", "the database refused the query: " + msg, null);
    }

    /** The most an answer holds (values at any depth, characters of strings): the console's answer is built in this process's heap. */
    static final long MAX_VALUES = 2_000_000;
    static final long MAX_CHARS = 64_000_000;

    /** What one answer has used of {@link #MAX_VALUES} and {@link #MAX_CHARS}; past either, the answer is refused (422). */
    static final class Budget {
        private long values;
        private long chars;

        void take(long v, long c) {
            values += v;
            chars += c;
            if (values > MAX_VALUES || chars > MAX_CHARS) {
                throw new ApiException(422, "result_too_large", "the answer holds more than " + String.format(java.util.Locale.ROOT, "%,d", MAX_VALUES)
                        + " values or " + String.format(java.util.Locale.ROOT, "%,d", MAX_CHARS) + " characters, more than the console returns;"
                        + " return fewer or smaller values (LIMIT, size(), a slice of the list)", null);
            }
        }
    }

    /** Driver values as JSON-ready Java: nodes, relationships and paths with ids, labels/type and properties; counted against `b`. */
    static Object json(Value v, Budget b) {
        b.take(1, 0);
        if (v == null || v.isNull()) return null;
        if (v.hasType(TYPES.NODE())) return node(v.asNode(), b);
        if (v.hasType(TYPES.RELATIONSHIP())) return rel(v.asRelationship(), b);
        if (v.hasType(TYPES.PATH())) {
            Path p = v.asPath();
            List<Object> nodes = new ArrayList<>();
            List<Object> rels = new ArrayList<>();
            p.nodes().forEach(n -> nodes.add(node(n, b)));
            p.relationships().forEach(r -> rels.add(rel(r, b)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("_type", "path");
            m.put("nodes", nodes);
            m.put("relationships", rels);
            return m;
        }
        if (v.hasType(TYPES.LIST())) {
            List<Object> out = new ArrayList<>();
            for (Value x : v.values()) out.add(json(x, b));
            return out;
        }
        if (v.hasType(TYPES.MAP())) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : v.keys()) {
                b.take(0, k.length());
                out.put(k, json(v.get(k), b));
            }
            return out;
        }
        if (v.hasType(TYPES.INTEGER())) return v.asLong();
        if (v.hasType(TYPES.FLOAT())) return v.asDouble();
        if (v.hasType(TYPES.BOOLEAN())) return v.asBoolean();
        if (v.hasType(TYPES.STRING())) {
            String str = v.asString();
            b.take(0, str.length());
            return str;
        }
        if (v.hasType(TYPES.BYTES())) {
            byte[] bytes = v.asByteArray();
            b.take(0, 4L * ((bytes.length + 2) / 3));
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        String text = v.toString();
        b.take(0, text.length());
        return text;
    }

    private static Map<String, Object> props(Map<String, Value> in, Budget b) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, x) -> {
            b.take(0, k.length());
            out.put(k, json(x, b));
        });
        return out;
    }

    private static Map<String, Object> node(Node n, Budget b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_type", "node");
        m.put("id", n.elementId());
        // the node itself and the strings it carries besides its properties
        b.take(1, n.elementId().length() + String.join("", n.labels()).length());
        List<String> labels = new ArrayList<>();
        n.labels().forEach(labels::add);
        m.put("labels", labels);
        m.put("properties", props(n.asMap(x -> x), b));
        return m;
    }

    private static Map<String, Object> rel(Relationship r, Budget b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_type", "relationship");
        m.put("id", r.elementId());
        b.take(1, r.elementId().length() + r.type().length() + r.startNodeElementId().length() + r.endNodeElementId().length());
        m.put("type", r.type());
        m.put("start", r.startNodeElementId());
        m.put("end", r.endNodeElementId());
        m.put("properties", props(r.asMap(x -> x), b));
        return m;
    }
}
