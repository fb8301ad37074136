package crossmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crossmap.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the ad-hoc Cypher endpoint and the write endpoints: each is answered with a 4xx JSON
 * error, and the graph is exactly as it was (canonical dump before and after the whole suite).
 */
class HostileInputTest {
    static final TestServer S = TestServer.get();
    static final ObjectMapper JSON = new ObjectMapper();
    static String before;

    @BeforeAll
    static void snapshot() {
        before = S.app.bundles().canonicalDump();
    }

    @AfterAll
    static void unchanged() {
        assertEquals(before, S.app.bundles().canonicalDump(), "the hostile suite changed the graph");
    }

    static TestServer.Response cypher(String query) {
        try {
            return S.send("POST", "/api/cypher", JSON.writeValueAsString(Map.of("query", query)), S.app.token());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode refused(String query, int... statuses) {
        TestServer.Response r = cypher(query);
        boolean ok = false;
        for (int s : statuses) ok |= r.status() == s;
        assertTrue(ok, (query.length() > 200 ? query.substring(0, 200) + "..." : query) + " -> " + r.status() + " " + r.body());
        JsonNode j = r.json();
        assertEquals(r.status(), j.get("status").asInt());
        assertTrue(j.get("message").asText().length() > 0);
        assertFalse(r.body().contains("\tat "), "no stack trace");
        return j;
    }

    @Test
    void read_queries_answer_with_columns_rows_and_serialised_graph_values() {
        TestServer.Response r = S.send("POST", "/api/cypher",
                "{\"query\":\"MATCH (c:Control {id: $id})-[s:SATISFIES]->(r:Requirement) RETURN c, s, r.uid AS uid ORDER BY uid\",\"params\":{\"id\":\"AC-01\"}}", S.app.token());
        assertEquals(200, r.status(), r.body());
        JsonNode j = r.json();
        assertEquals(List.of("c", "s", "uid"), List.of(j.get("columns").get(0).asText(), j.get("columns").get(1).asText(), j.get("columns").get(2).asText()));
        JsonNode first = j.get("rows").get(0);
        assertEquals("node", first.get(0).get("_type").asText());
        assertEquals("Control", first.get(0).get("labels").get(0).asText());
        assertEquals("AC-01", first.get(0).get("properties").get("id").asText());
        assertEquals("SATISFIES", first.get(1).get("type").asText());
        assertEquals(first.get(0).get("id").asText(), first.get(1).get("start").asText());
        assertFalse(j.get("truncated").asBoolean());
        assertTrue(j.get("rowCount").asInt() >= 2);
    }

    @Test
    void rows_are_capped_with_truncated_true() {
        JsonNode j = cypher("UNWIND range(1, 5000) AS x RETURN x").json();
        assertEquals(1000, j.get("rows").size());
        assertTrue(j.get("truncated").asBoolean());
    }

    @Test
    void writes_in_every_position_are_refused_by_the_database() {
        for (String q : List.of(
                "CREATE (n:Control {id: 'EVIL'})",
                "MATCH (c:Control {id: 'AC-01'}) SET c.status = 'failed'",
                "MATCH (c:Control {id: 'AC-01'}) REMOVE c.status",
                "MATCH (c:Control {id: 'AC-01'}) DETACH DELETE c",
                "MATCH (c:Control) WITH c LIMIT 1 DELETE c",
                "MERGE (x:Framework {id: 'evil'}) RETURN x",
                "MATCH (c:Control) RETURN c UNION MATCH (c:Control) CREATE (d:Control {id: 'X'}) RETURN d AS c",
                "MATCH (c:Control) FOREACH (x IN [1] | SET c.evil = true)",
                "MATCH (c:Control) CALL (c) { SET c.evil = 1 } RETURN count(*)",
                "CALL { CREATE (x:Evil) RETURN x } RETURN x",
                "MATCH (c:Control) CALL (c) { SET c.evil = 1 } IN TRANSACTIONS OF 10 ROWS",
                "UNWIND range(1, 3) AS i CALL (i) { CREATE (:Evil {i: i}) } IN TRANSACTIONS",
                "MATCH (r:Requirement) WITH r LIMIT 1 CREATE (r)-[:MAPS_TO {source: 'evil'}]->(r)",
                "CREATE INDEX evil IF NOT EXISTS FOR (n:Control) ON (n.name)",
                "DROP CONSTRAINT control_id",
                "CREATE CONSTRAINT evil FOR (n:Evil) REQUIRE n.id IS UNIQUE")) {
            refused(q, 403);
        }
        assertEquals(403, refused("MATCH (c:Control {id: 'AC-01'}) SET c.status = 'failed'", 403).get("status").asInt());
    }

    @Test
    void files_network_admin_and_unlisted_procedures_are_refused() {
        for (String q : List.of(
                "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
                "LOAD CSV FROM 'file:///' + 'etc/passwd' AS line RETURN line",
                "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS line RETURN line",
                "LOAD CSV FROM 'https://example.com/x.csv' AS line RETURN line",
                "CALL dbms.listConfig()",
                "CALL dbms.security.listUsers()",
                "CALL dbms.killQueries(['query-1'])",
                "CALL db.createLabel('Evil')",
                "CALL db.clearQueryCaches()",
                "SHOW USERS",
                "SHOW TRANSACTIONS",
                "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
                "CREATE USER evil SET PASSWORD 'evilevilevil'",
                "ALTER USER neo4j SET PASSWORD 'evilevilevil'",
                "SHOW SETTINGS",
                "CREATE DATABASE evil",
                "STOP DATABASE neo4j")) {
            refused(q, 400, 403);
        }
    }

    /** An answer too large to build in the server's heap (within the row cap: few rows, huge values) is a 422, not a 500 or a heap run out. */
    @Test
    void an_answer_of_too_many_values_is_refused_before_it_is_built() {
        for (String q : List.of("UNWIND range(1, 100) AS i RETURN range(1, 30000) AS x",
                // 3 rows of a 33.5-million-character string each (19 doublings of 64 characters)
                "UNWIND range(1, 3) AS i RETURN reduce(s = 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01', k IN range(1, 19) | s + s) AS s")) {
            JsonNode e = refused(q, 422);
            assertEquals("result_too_large", e.get("error").asText(), q);
        }
        // the same shape under the budget answers
        TestServer.Response small = cypher("UNWIND range(1, 100) AS i RETURN range(1, 300) AS x");
        assertEquals(200, small.status(), small.body());
        assertEquals(100, small.json().get("rowCount").asInt());
    }

    /** Admin commands and DBMS procedures, which the database types as schema writes, are refused as what they are, not as writes. */
    @Test
    void admin_commands_and_dbms_procedures_are_refused_for_what_they_are() {
        for (String q : List.of("SHOW DATABASES", "SHOW USERS")) {
            JsonNode e = refused(q, 403);
            assertEquals("operation_refused", e.get("error").asText(), q);
            assertTrue(e.get("message").asText().contains("administration command"), e.toString());
        }
        JsonNode dbms = refused("CALL dbms.components()", 403);
        assertEquals("procedure_refused", dbms.get("error").asText());
        assertTrue(dbms.get("message").asText().startsWith("the query calls dbms.components"), dbms.toString());
        JsonNode schema = refused("CREATE INDEX evil IF NOT EXISTS FOR (n:Control) ON (n.name)", 403);
        assertEquals("write_refused", schema.get("error").asText());
        assertTrue(schema.get("message").asText().contains("schema_write; the schema is crossmap's own"), schema.toString());
        JsonNode write = refused("CREATE (n:Evil)", 403);
        assertTrue(write.get("message").asText().endsWith("writes need the import API and a token"), write.toString());
    }

    /**
     * Neo4j keeps some read-mode built-in procedures whatever its allowlist says; the console refuses
     * them from the procedure names in the database's own plan, in any position.
     */
    @Test
    void built_in_procedures_off_the_allowlist_are_refused_by_name() {
        for (String q : List.of(
                "CALL db.stats.collect('QUERIES')",
                "CALL db.stats.retrieve('GRAPH COUNTS')",
                "CALL db.resampleOutdatedIndexes()",
                "CALL db.awaitIndexes(3)",
                "MATCH (c:Control) CALL { WITH c CALL db.resampleOutdatedIndexes() } RETURN count(c)",
                "CALL db.labels() YIELD label WITH label CALL db.stats.status() YIELD section RETURN label, section")) {
            JsonNode e = refused(q, 403);
            assertEquals("procedure_refused", e.get("error").asText(), q);
            assertTrue(e.get("message").asText().startsWith("the query calls db."), e.toString());
        }
    }

    @Test
    void allowlisted_read_procedures_still_work() {
        TestServer.Response r = cypher("CALL db.labels() YIELD label RETURN label ORDER BY label");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("\"Requirement\""), r.body());
    }

    @Test
    void blow_ups_hit_the_timeout_or_memory_cap_while_health_keeps_answering() throws Exception {
        CompletableFuture<TestServer.Response> slow = CompletableFuture.supplyAsync(() -> cypher("MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*)"));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        TestServer.Response h = S.get("/api/health");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, h.status());
        assertTrue(ms < 1500, "health answered in " + ms + " ms during a blow-up");
        TestServer.Response r = slow.get();
        assertEquals(408, r.status(), r.body());
        refused("UNWIND range(1, 1000000000) AS x RETURN count(x)", 408);
        refused("MATCH p = (a:Requirement)-[*]-(b) RETURN count(p)", 408, 422);
        refused("UNWIND range(1, 20000000) AS x WITH collect(x) AS xs UNWIND xs AS y RETURN count(y)", 408, 422);
        refused("UNWIND range(1, 1e9) AS x RETURN x", 400);
    }

    /** One raw HTTP exchange (1.0: the answer is not chunked), so the Host header can be anything (Java's HttpClient will not forge it). */
    static String[] raw(String method, String path, String host, String token, String body) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", S.app.port())) {
            s.setSoTimeout(10_000);
            byte[] b = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
            s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            return new String[] {String.valueOf(status), all.substring(all.indexOf("\r\n\r\n") + 4)};
        }
    }

    @Test
    void a_page_on_a_rebound_domain_name_gets_403_and_loopback_names_are_answered() throws Exception {
        int port = S.app.port();
        // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends it as Host
        for (String host : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example:" + port, "localhost.attacker.example")) {
            String[] r = raw("GET", "/api/export", host, null, null);
            assertEquals("403", r[0], host + ": " + r[1]);
            JsonNode j = JSON.readTree(r[1]);
            assertEquals("host_not_allowed", j.get("error").asText(), r[1]);
            assertTrue(j.get("message").asText().contains("--allowed-hosts"), r[1]);
        }
        // a write with the right token is refused too, before it is looked at
        String[] w = raw("PATCH", "/api/controls/AC-01", "attacker.example:" + port, S.app.token(), "{\"status\": \"failed\"}");
        assertEquals("403", w[0], w[1]);
        assertEquals("host_not_allowed", JSON.readTree(w[1]).get("error").asText());
        String[] c = raw("POST", "/api/cypher", "attacker.example:" + port, null, "{\"query\": \"RETURN 1\"}");
        assertEquals("403", c[0], c[1]);
        // the names a loopback server is reached by
        for (String host : List.of("localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.0.0.2", "[::1]:" + port, "localhost.:" + port)) {
            String[] r = raw("GET", "/api/frameworks", host, null, null);
            assertEquals("200", r[0], host + ": " + r[1]);
        }
    }

    @Test
    void console_queries_beyond_the_concurrency_cap_get_429_and_the_slot_is_given_back() throws Exception {
        crossmap.query.QueryService one = new crossmap.query.QueryService(S.app.graph(), java.time.Duration.ofSeconds(2), 10, 1000, 1);
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> {
            try {
                one.run("MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*)", Map.of());
                return 200;
            } catch (crossmap.http.ApiException e) {
                return e.status();
            }
        });
        Thread.sleep(500);
        crossmap.http.ApiException busy = org.junit.jupiter.api.Assertions.assertThrows(crossmap.http.ApiException.class,
                () -> one.run("RETURN 1 AS x", Map.of()));
        assertEquals(429, busy.status());
        assertEquals("console_busy", busy.code());
        assertEquals(408, slow.get(), "the blow-up ends at its timeout");
        assertEquals(List.of(List.of(1L)), one.run("RETURN 1 AS x", Map.of()).get("rows"), "the slot is free again");
    }

    @Test
    void bodies_over_an_endpoints_limit_are_413_also_without_a_declared_length() throws Exception {
        // a 2 MB impact question: far above any real one
        String big = "{\"fail\": [\"AC-01\"], \"pad\": \"" + "x".repeat(2 << 20) + "\"}";
        TestServer.Response r = S.send("POST", "/api/impact", big, null);
        assertEquals(413, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
        assertEquals("payload_too_large", r.json().get("error").asText());
        // the console's limit holds for a chunked body too (no Content-Length to check up front)
        byte[] query = JSON.writeValueAsBytes(Map.of("query", "RETURN 1 AS x // " + "y".repeat(400_000)));
        java.net.http.HttpRequest chunked = java.net.http.HttpRequest.newBuilder(java.net.URI.create(S.base + "/api/cypher"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + S.app.token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(query))).build();
        TestServer.Response c = S.send(chunked);
        assertEquals(413, c.status(), c.body().substring(0, Math.min(300, c.body().length())));
    }

    @Test
    void requests_jetty_refuses_before_any_route_get_the_json_error_shape_too() throws Exception {
        int port = S.app.port();
        String[] bad = raw("GET", "/api/requirements/%ZZ", "127.0.0.1:" + port, null, null);
        assertEquals("400", bad[0], bad[1]);
        JsonNode j = JSON.readTree(bad[1]);
        assertEquals(400, j.get("status").asInt());
        assertEquals("bad_request", j.get("error").asText());
        assertTrue(j.get("message").asText().contains("malformed percent-encoding"), bad[1]);
        // an id holding '/' or '%' is reachable, percent-encoded, and answered by the route
        TestServer.Response slash = S.get("/api/requirements/x%2Fy%25");
        assertEquals(404, slash.status(), slash.body());
        assertTrue(slash.json().get("message").asText().contains("'x/y%'"), slash.body());
    }

    @Test
    void the_console_needs_the_token_unless_the_server_opens_it() throws Exception {
        // ad-hoc Cypher is the one read that can exhaust the server: no token, no query (and no body read)
        TestServer.Response none = S.send("POST", "/api/cypher", "{\"query\": \"RETURN 1\"}", null);
        assertEquals(401, none.status(), none.body());
        assertEquals("unauthorized", none.json().get("error").asText());
        assertEquals(403, S.send("POST", "/api/cypher", "{\"query\": \"RETURN 1\"}", S.app.token() + "x").status());
        assertEquals(200, S.send("POST", "/api/cypher", "{\"query\": \"RETURN 1\"}", S.app.token()).status());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("crossmap-open-console");
        try (crossmap.App open = crossmap.App.start(crossmap.Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "-1",
                "--no-dataset", "true", "--open-console", "true", "--tx-memory", "8m")))) {
            java.util.function.Function<String, java.net.http.HttpResponse<String>> ask = q -> {
                try {
                    return java.net.http.HttpClient.newHttpClient().send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + open.port() + "/api/cypher"))
                                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(Map.of("query", q)))).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            java.net.http.HttpResponse<String> r = ask.apply("RETURN 1 AS x");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, JSON.readTree(r.body()).get("rows").get(0).get(0).asInt());
            // and the per-transaction memory cap (here --tx-memory 8m) answers 422 in the one error shape
            java.net.http.HttpResponse<String> big = ask.apply("UNWIND range(1, 3000000) AS x WITH collect(x) AS xs RETURN size(xs) AS n");
            assertEquals(422, big.statusCode(), big.body());
            assertEquals("query_memory_limit", JSON.readTree(big.body()).get("error").asText());
        }
    }

    @Test
    void an_allowed_procedure_called_wrongly_is_the_callers_400_not_a_refusal() {
        JsonNode j = refused("CALL db.index.fulltext.queryNodes('no_such_index', 'x') YIELD node RETURN node", 400);
        assertTrue(j.get("message").asText().contains("no_such_index"), j.toString());
    }

    @Test
    void long_operator_chains_are_answered_with_a_4xx_not_a_fault() {
        // stopped by the parser's own limits or by the transaction timeout: a 4xx either way
        refused("RETURN " + "NOT ".repeat(4_000) + "true AS x", 400, 408, 413);
        TestServer.Response sum = cypher("RETURN " + "1 + ".repeat(4_000) + "1 AS x");
        // planning a 4,001-term sum outlasts the 2 s test timeout on this machine; a faster one may answer it
        assertTrue(List.of(200, 400, 408).contains(sum.status()), sum.status() + " " + sum.body().substring(0, Math.min(300, sum.body().length())));
        if (sum.status() == 200) assertEquals(4_001, sum.json().get("rows").get(0).get(0).asInt());
        assertEquals(200, S.get("/api/health").status());
    }

    @Test
    void syntax_errors_are_400_with_the_database_message() {
        JsonNode j = refused("MATC (n) RETURN n", 400);
        assertTrue(j.get("message").asText().contains("Invalid input"), j.toString());
        refused("RETURN $missing", 400);
    }

    @Test
    void oversized_and_deeply_nested_queries_are_refused() throws Exception {
        // a 10 MB query is refused on its declared length, before its body is read: the headers alone
        // get the answer (sending the body too races the server's close of the connection)
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", S.app.port())) {
            s.setSoTimeout(10_000);
            String head = "POST /api/cypher HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + S.app.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (10 * 1024 * 1024 + 20) + "\r\n\r\n{\"query\": \"RETURN '";
            s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(all.startsWith("HTTP/1.1 413") || all.startsWith("HTTP/1.0 413"), all);
            JsonNode j = JSON.readTree(all.substring(all.indexOf("\r\n\r\n") + 4));
            assertEquals(413, j.get("status").asInt());
            assertEquals("payload_too_large", j.get("error").asText());
        }
        long t0 = System.nanoTime();
        String nested = "RETURN " + "(".repeat(5000) + "1" + ")".repeat(5000);
        assertEquals("query_too_complex", refused(nested, 400).get("error").asText());
        String manyLists = "RETURN " + "[".repeat(3000) + "1" + "]".repeat(3000);
        assertEquals("query_too_complex", refused(manyLists, 400).get("error").asText());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000, "refused before the parser runs");
        // brackets inside strings and comments do not count; a reasonable nesting still runs
        assertEquals(200, cypher("RETURN '" + "(".repeat(200) + "' AS s // " + "[".repeat(200)).status());
        assertEquals(200, cypher("RETURN " + "(".repeat(30) + "1" + ")".repeat(30) + " AS x").status());
        assertEquals(200, S.get("/api/health").status());
    }

    @Test
    void malformed_requests_are_400() {
        assertEquals(400, S.send("POST", "/api/cypher", "{\"query\": 1}", S.app.token()).status());
        assertEquals(400, S.send("POST", "/api/cypher", "{\"query\": \"RETURN 1\", \"params\": [1]}", S.app.token()).status());
        assertEquals(400, S.send("POST", "/api/cypher", "{\"query\": \"RETURN 1\", \"write\": true}", S.app.token()).status());
        assertEquals(400, S.send("POST", "/api/cypher", "not json", S.app.token()).status());
        assertEquals(400, S.send("POST", "/api/cypher", "", S.app.token()).status());
    }

    @Test
    void every_write_endpoint_refuses_missing_forged_and_wrong_tokens() {
        List<String[]> writes = List.of(
                new String[] {"POST", "/api/import", "{\"format\":\"crossmap-bundle/1\"}"},
                new String[] {"PATCH", "/api/controls/AC-01", "{\"status\":\"failed\"}"},
                new String[] {"POST", "/api/dataset/reload", "{}"});
        List<String> seen = new ArrayList<>();
        for (String[] w : writes) {
            assertEquals(401, S.send(w[0], w[1], w[2], null).status(), w[1]);
            assertEquals(403, S.send(w[0], w[1], w[2], "0000").status(), w[1]);
            assertEquals(403, S.send(w[0], w[1], w[2], S.app.token().substring(1)).status(), w[1]);
            TestServer.Response basic = S.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(S.base + w[1]))
                    .method(w[0], java.net.http.HttpRequest.BodyPublishers.ofString(w[2]))
                    .header("Authorization", "Basic " + S.app.token()).build());
            assertEquals(401, basic.status(), w[1]);
            seen.add(w[1]);
        }
        assertEquals(3, seen.size());
    }

    /** A 400 in the one error shape whose message (or a detail's) contains `part`. */
    static JsonNode badRequest(TestServer.Response r, String part) {
        assertEquals(400, r.status(), r.body());
        JsonNode j = r.json();
        assertEquals(400, j.get("status").asInt());
        assertTrue(r.body().contains(part), part + " in " + r.body());
        assertFalse(r.body().contains("\tat "), "no stack trace");
        return j;
    }

    @Test
    void json_bodies_are_read_strictly_and_parser_limits_are_400s() {
        String t = S.app.token();
        // content after the object, and a repeated key, are refused (they were answered at the first object, or the last key)
        badRequest(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"operating\"} {\"status\":\"failed\"}", t), "the body is not valid JSON at line 1, column 24: there is more after the end of the document");
        badRequest(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"operating\",\"status\":\"failed\"}", t), "Duplicate field 'status'");
        badRequest(S.send("POST", "/api/impact", "{\"fail\":[\"AC-01\"],\"fail\":[\"AC-02\"]}", null), "Duplicate field 'fail'");
        badRequest(S.send("POST", "/api/import", "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"cat1\",\"name\":\"c1\"}]} "
                + "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"cat2\",\"name\":\"c2\"}]}", t), "not valid JSON");
        badRequest(S.send("POST", "/api/import", "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[],\"frameworks\":[{\"id\":\"cat2\",\"name\":\"c2\"}]}", t),
                "Duplicate field 'frameworks'");
        // the parser's own limits (nesting, number length) were a 500 (no location on the exception)
        badRequest(S.send("POST", "/api/import", "{\"format\":\"crossmap-bundle/1\",\"frameworks\":" + "[".repeat(5000) + "]".repeat(5000) + "}", t),
                "not valid JSON");
        badRequest(S.send("POST", "/api/import", "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"x\",\"name\":\"x\",\"version\":" + "9".repeat(2000) + "}]}", t),
                "not valid JSON");
        assertEquals("AC-01", S.get("/api/controls/AC-01").json().get("control").get("id").asText());
    }

    @Test
    void a_framework_id_with_a_colon_is_refused_since_uids_could_collide() throws Exception {
        // "w" + "fw:x:y" and "w:fw" + "x:y" are both the uid w:fw:x:y: the second import merged into the first
        TestServer.Response r = S.send("POST", "/api/import", "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"w:fw\",\"name\":\"c\"}],"
                + "\"requirements\":[{\"framework\":\"w:fw\",\"id\":\"x:y\",\"name\":\"colon req\",\"kind\":\"section\"}]}", S.app.token());
        JsonNode j = badRequest(r, "may not contain ':'");
        assertEquals("frameworks[0].id", j.get("details").get(0).get("path").asText(), r.body());
    }

    @Test
    void lucene_operator_words_in_search_are_words() {
        for (String q : List.of("AND", "OR", "NOT", "a AND", "a OR (b", "access AND")) {
            TestServer.Response r = S.get("/api/search?q=" + TestServer.enc(q));
            assertEquals(200, r.status(), q + ": " + r.body());
        }
        // and a real word still finds by prefix, whatever its case
        assertTrue(S.get("/api/search?q=" + TestServer.enc("AUDIT contr")).body().contains("hipaa-security:164.312(b)"));
    }

    @Test
    void wrong_methods_are_405_and_query_parameters_are_read_strictly() throws Exception {
        for (String[] m : List.of(new String[] {"DELETE", "/api/controls/AC-01"}, new String[] {"PUT", "/api/controls/AC-01"},
                new String[] {"GET", "/api/impact"}, new String[] {"GET", "/api/import"}, new String[] {"DELETE", "/api/export"})) {
            TestServer.Response r = S.send(m[0], m[1], m[0].equals("GET") || m[0].equals("DELETE") ? null : "{}", S.app.token());
            assertEquals(405, r.status(), m[0] + " " + m[1] + ": " + r.body());
            assertEquals("method_not_allowed", r.json().get("error").asText());
        }
        // HEAD on the API is not a bare 200 whatever GET would say
        String[] head = raw("HEAD", "/api/controls/NOPE", "127.0.0.1:" + S.app.port(), null, null);
        assertEquals("405", head[0]);
        TestServer.Response headHealth = S.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(S.base + "/api/health"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, headHealth.status());
        // a 405 names what the path does answer (Allow), HEAD included; a path no route has is a 404
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String[] m : List.of(new String[] {"HEAD", "/api/impact", "POST"}, new String[] {"GET", "/api/impact", "POST"},
                new String[] {"HEAD", "/api/controls/AC-01", "GET, PATCH"}, new String[] {"DELETE", "/api/controls/AC-01", "GET, PATCH"},
                new String[] {"DELETE", "/api/export", "GET"}, new String[] {"HEAD", "/api/controls/AC-01/impact", "GET"},
                new String[] {"HEAD", "/api/health/", "GET"}, new String[] {"DELETE", "/api/export/", "GET"})) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(S.base + m[1]))
                    .method(m[0], java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode(), m[0] + " " + m[1]);
            assertEquals(m[2], r.headers().firstValue("Allow").orElse(""), m[0] + " " + m[1]);
            if (!m[0].equals("HEAD")) assertTrue(r.body().contains("it answers " + m[2]), r.body());
        }
        java.net.http.HttpResponse<String> nowhere = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(S.base + "/api/nowhere"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, nowhere.statusCode());
        badRequest(S.get("/api/requirements/" + TestServer.enc("hipaa-security:164.312(b)") + "?hops=1&hops=2"), "query parameter 'hops' given more than once");
        badRequest(S.get("/api/coverage?framework=soc2-tsc-2017&framework=hipaa-security"), "'framework' given more than once");
        for (String hops : List.of("%2B1", "%EF%BC%91", "1.0", "0x1")) badRequest(S.get("/api/coverage?hops=" + hops), "hops must be a whole number from 0 to 4");
        for (String d : List.of("%2B2026-02-01", "-999999999-01-01", "2026-2-1", "20260201")) {
            badRequest(S.get("/api/coverage?asOf=" + d), "asOf must be an ISO-8601 date (yyyy-mm-dd)");
        }
        assertEquals(200, S.get("/api/coverage?hops=01&asOf=2026-02-01").status());
    }

    @Test
    void a_syntax_error_points_into_the_query_as_written() {
        // the console asks Neo4j to EXPLAIN the query first; the error's line, column and offset are the query's own
        String m = refused("MATCH (n)\nRETURN n.nope +", 400).get("message").asText();
        assertFalse(m.contains("EXPLAIN"), m);
        assertTrue(m.contains("line 2, column 16 (offset: 25)"), m);
        assertEquals("x line 1, column 3 (offset: 2) y", crossmap.query.QueryService.userPositions("x line 2, column 3 (offset: 10) y"));
    }
}
