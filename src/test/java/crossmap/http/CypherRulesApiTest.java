package crossmap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crossmap.TestServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * engine=cypher on the built-in dataset: the rules as Cypher statements (cypher/coverage_rule_*),
 * run by the database, answer every level and the whole coverage report exactly as crossmap's
 * engine does, for every hops, failed sets and asOf dates; bad engine and fail values are 400s.
 * (Both engines are checked against the in-Java reference of the rules in CoveragePropertyTest.)
 */
class CypherRulesApiTest {
    static final TestServer S = TestServer.get();

    @Test
    void cypher_rules_answer_the_same_levels_as_the_engine() {
        int differing = 0;
        for (String q : List.of("hops=0", "hops=1", "hops=2", "hops=3", "hops=4", "hops=1&fail=AC-01", "hops=2&fail=AC-01,CR-02",
                "hops=1&asOf=2026-06-01", "hops=3&asOf=2026-12-31&fail=AC-01", "hops=1&asOf=2025-01-01")) {
            JsonNode java = ApiTest.ok("/api/coverage/levels?" + q);
            JsonNode cypher = ApiTest.ok("/api/coverage/levels?engine=cypher&" + q);
            assertEquals("java", java.get("engine").asText());
            assertEquals("cypher", cypher.get("engine").asText());
            assertEquals(1711, java.get("levels").size(), q);
            assertEquals(java.get("levels"), cypher.get("levels"), q);
            if (q.contains("fail") && !java.get("levels").equals(ApiTest.ok("/api/coverage/levels?" + q.replaceAll("&fail=[^&]*", "")).get("levels"))) differing++;
        }
        // the failed sets matter, so the comparison is not of two unchanged baselines
        assertEquals(3, differing);
        // no evidence is valid before 2026: nothing is covered on 2025-01-01, by either engine
        JsonNode early = ApiTest.ok("/api/coverage/levels?engine=cypher&hops=1&asOf=2025-01-01&framework=hipaa-security").get("levels");
        assertEquals(73, early.size());
        early.forEach(l -> assertEquals("none", l.asText()));
        // MFA (AC-01) failing: 164.308(a)(5)(ii)(D) password management is lost, 164.312(d) person or
        // entity authentication and its section 164.312 drop to partial; nothing else in HIPAA moves
        JsonNode before = ApiTest.ok("/api/coverage/levels?engine=cypher&hops=1&framework=hipaa-security").get("levels");
        JsonNode after = ApiTest.ok("/api/coverage/levels?engine=cypher&hops=1&framework=hipaa-security&fail=AC-01").get("levels");
        Map<String, String> moved = new TreeMap<>();
        before.fieldNames().forEachRemaining(uid -> {
            if (!before.get(uid).equals(after.get(uid))) moved.put(uid, before.get(uid).asText() + " -> " + after.get(uid).asText());
        });
        assertEquals(Map.of("hipaa-security:164.308(a)(5)(ii)(D)", "partial -> none", "hipaa-security:164.312", "full -> partial",
                "hipaa-security:164.312(d)", "full -> partial"), moved);
    }

    @Test
    void the_coverage_report_is_the_same_from_either_engine() {
        for (String q : List.of("hops=1", "hops=2&asOf=2026-06-01", "framework=hipaa-security&against=soc2-tsc-2017&hops=0")) {
            ObjectNode java = (ObjectNode) ApiTest.ok("/api/coverage?" + q);
            ObjectNode cypher = (ObjectNode) ApiTest.ok("/api/coverage?engine=cypher&" + q);
            assertEquals("cypher", cypher.remove("engine").asText());
            assertEquals("java", java.remove("engine").asText());
            assertEquals(java, cypher, q);
        }
    }

    @Test
    void a_rules_question_over_its_time_limit_is_a_408_and_frees_the_slot() throws Exception {
        // Neo4j stops a transaction over its timeout when its monitor next looks (every 100 ms here, GraphStore),
        // so with a 1 ms --rules-timeout a hops-4 run (about 100 ms on the built-in dataset) is stopped nearly
        // every time; one that ends between two looks answers in full, and must then be right
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("crossmap-rules-timeout");
        JsonNode expected = ApiTest.ok("/api/coverage/levels?engine=java&hops=4&fail=AC-01").get("levels");
        try (crossmap.App app = crossmap.App.start(crossmap.Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "-1",
                "--rules-timeout", "1ms")))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, TestServer.Response> get = path -> {
                try {
                    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + app.port() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    return new TestServer.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            int stopped = 0;
            for (int i = 0; i < 20 && stopped < 3; i++) {
                TestServer.Response r = get.apply("/api/coverage/levels?engine=cypher&hops=4&fail=AC-01");
                if (r.status() == 200) {
                    assertEquals(expected, r.json().get("levels"));
                } else {
                    // never 429: a stopped run gives its one-at-a-time slot back
                    ApiTest.assertError(r, 408, "the Cypher rules ran longer than --rules-timeout (1 ms) and were stopped; engine=java answers the same levels");
                    assertEquals("query_timeout", r.json().get("error").asText());
                    stopped++;
                }
            }
            assertEquals(3, stopped, "three of at most 20 hops-4 runs stopped by a 1 ms --rules-timeout");
            // the engine answers the same question, unaffected
            TestServer.Response java = get.apply("/api/coverage/levels?hops=4&fail=AC-01");
            assertEquals(200, java.status(), java.body());
            assertEquals(expected, java.json().get("levels"));
        }
    }

    @Test
    void a_bad_engine_or_fail_list_is_a_400_naming_it() {
        ApiTest.assertError(S.get("/api/coverage?engine=sql"), 400, "engine must be java or cypher, got 'sql'");
        ApiTest.assertError(S.get("/api/coverage/levels?engine=sql"), 400, "engine must be java or cypher");
        ApiTest.assertError(S.get("/api/coverage/levels?engine=cypher&fail=NOPE-9"), 400, "unknown control id(s) in fail: NOPE-9");
        ApiTest.assertError(S.get("/api/coverage/levels?fail=AC-01,,CR-02"), 400, "comma-separated list of control ids");
        ApiTest.assertError(S.get("/api/coverage/levels?engine=cypher&hops=5"), 400, "hops must be a whole number from 0 to 4");
        ApiTest.assertError(S.get("/api/coverage/levels?fail=AC-01&fail=CR-02"), 400, "query parameter 'fail' given more than once; each is given once (fail takes its control ids as one comma-separated list)");
        // spaces around ids and the engine's name, and its case, are forgiven
        JsonNode lenient = ApiTest.ok("/api/coverage/levels?engine=%20Cypher&fail=AC-01,%20CR-02&framework=hipaa-security");
        assertEquals("cypher", lenient.get("engine").asText());
        assertEquals("[\"AC-01\",\"CR-02\"]", lenient.get("fail").toString());
        assertEquals(ApiTest.ok("/api/coverage/levels?fail=AC-01,CR-02&framework=hipaa-security").get("levels"), lenient.get("levels"));
    }
}
