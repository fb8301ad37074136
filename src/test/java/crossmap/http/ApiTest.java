package crossmap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import crossmap.TestServer;
import crossmap.dataset.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read API over a real server on the built-in dataset: counts against the reference CSVs, error shapes. */
class ApiTest {
    static final TestServer S = TestServer.get();

    static String resource(String path) throws IOException {
        try (InputStream in = ApiTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode ok(String path) {
        TestServer.Response r = S.get(path);
        assertEquals(200, r.status(), path + " -> " + r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.json();
    }

    static void assertError(TestServer.Response r, int status, String messagePart) {
        assertEquals(status, r.status(), r.body());
        JsonNode j = r.json();
        assertEquals(status, j.get("status").asInt());
        assertTrue(j.get("error").isTextual());
        assertTrue(j.get("message").asText().contains(messagePart), j.get("message").asText());
        assertFalse(r.body().contains("at crossmap."), "no stack trace: " + r.body());
    }

    @Test
    void unknown_query_parameters_are_refused_naming_what_the_endpoint_takes() {
        // a typo would otherwise be answered with the default (hops 1) as if it had been read
        assertError(S.get("/api/coverage?framework=hipaa-security&hop=2"), 400,
                "unknown query parameter 'hop' (this endpoint takes framework, hops, asOf, against, engine)");
        assertError(S.get("/api/coverage?fail=AC-01"), 400, "unknown query parameter 'fail'");
        assertError(S.get("/api/controls/AC-01/impact?engine=cypher&as_of=2026-01-01"), 400,
                "unknown query parameters 'as_of', 'engine' (this endpoint takes hops, asOf, frameworks)");
        assertError(S.get("/api/frameworks?limit=5"), 400, "unknown query parameter 'limit' (this endpoint takes none)");
        assertError(S.send("POST", "/api/impact?hops=2", "{\"fail\": [\"AC-01\"]}", null), 400, "this endpoint takes none");
        assertEquals(2, ok("/api/coverage?framework=hipaa-security&hops=2").get("hops").asInt());
    }

    @Test
    void health_names_the_store_and_its_contents() {
        JsonNode h = ok("/api/health");
        assertEquals("ok", h.get("status").asText());
        assertTrue(h.get("store").asText().startsWith("embedded Neo4j 5.26"), h.get("store").asText());
        assertEquals(6, h.get("counts").get("frameworks").asInt());
    }

    @Test
    void framework_counts_match_the_reference_csvs() throws IOException {
        JsonNode fws = ok("/api/frameworks");
        JsonNode soc2 = null;
        JsonNode hipaa = null;
        for (JsonNode f : fws) {
            if (f.get("id").asText().equals("soc2-tsc-2017")) soc2 = f;
            if (f.get("id").asText().equals("hipaa-security")) hipaa = f;
        }
        assertEquals(Csv.parse(resource("reference/soc2_tsc.csv")).size(), soc2.get("byKind").get("criterion").asInt());
        assertEquals(61, soc2.get("byKind").get("criterion").asInt());
        assertEquals(5, soc2.get("byKind").get("category").asInt());
        assertEquals(9 + 3 + 8, soc2.get("byKind").get("series").asInt()); // CC1-CC9, A1 C1 PI1, P1-P8
        assertEquals(1, soc2.get("byKind").get("report_requirement").asInt());
        List<Csv.Row> h = Csv.parse(resource("reference/hipaa_security_rule.csv"));
        assertEquals(h.stream().filter(r -> r.get("kind").equals("standard")).count(), hipaa.get("byKind").get("standard").asLong());
        assertEquals(22, hipaa.get("byKind").get("standard").asInt());
        assertEquals(46, hipaa.get("byKind").get("implementation_specification").asInt());
        assertEquals(24, hipaa.get("byDesignation").get("required").asInt());
        assertEquals(22, hipaa.get("byDesignation").get("addressable").asInt());
        assertEquals(5, hipaa.get("byKind").get("section").asInt());
    }

    @Test
    void every_seed_crosswalk_row_is_present_with_its_source() throws IOException {
        JsonNode rows = ok("/api/crosswalk?from=soc2-tsc-2017&to=hipaa-security").get("rows");
        Set<String> have = new HashSet<>();
        for (JsonNode r : rows) have.add(r.get("fromId").asText() + "|" + r.get("toId").asText() + "|" + r.get("source").asText() + "|" + r.get("relationship").asText());
        int edges = 0;
        int gaps = 0;
        for (Csv.Row r : Csv.parse(resource("reference/seed_crosswalk.csv"), true)) {
            String strength = r.get("strength");
            if (strength.equals("gap")) {
                String uid = r.get("hipaa_id").isBlank() ? "soc2-tsc-2017:" + r.get("soc2_id")
                        : (r.get("hipaa_id").startsWith("164.3") ? "hipaa-security:" : "hipaa-privacy-breach:") + r.get("hipaa_id");
                JsonNode req = ok("/api/requirements/" + TestServer.enc(uid));
                boolean found = false;
                for (JsonNode g : req.get("gaps")) found |= g.get("source").asText().equals(r.get("source"));
                assertTrue(found, "gap note with source " + r.get("source") + " on " + uid + ": " + req.get("gaps"));
                gaps++;
                continue;
            }
            if (!r.get("hipaa_id").startsWith("164.3")) continue;
            String rel = strength.equals("strong") ? "superset_of" : "intersects_with";
            String key = r.get("soc2_id") + "|" + r.get("hipaa_id") + "|" + r.get("source") + "|" + rel;
            assertTrue(have.contains(key), "missing seed row " + key);
            edges++;
        }
        assertEquals(46, edges);
        assertEquals(8, gaps);
        assertEquals(46, rows.size());
    }

    @Test
    void crosswalk_reads_relationships_from_the_asked_side() {
        JsonNode rows = ok("/api/crosswalk?from=hipaa-security&to=soc2-tsc-2017").get("rows");
        JsonNode row = null;
        for (JsonNode r : rows) if (r.get("fromId").asText().equals("164.312(e)(2)(ii)")) row = r;
        assertEquals("CC6.7", row.get("toId").asText());
        assertEquals("subset_of", row.get("relationship").asText()); // stored CC6.7 superset_of 164.312(e)(2)(ii)
        assertEquals("hipaa-to-soc2-head-start", row.get("source").asText());
        assertEquals(8, row.get("strength").asInt());
    }

    @Test
    void requirement_shows_mappings_both_ways_controls_gaps_and_coverage() {
        JsonNode r = ok("/api/requirements/" + TestServer.enc("hipaa-security:164.312(e)(2)(ii)"));
        assertEquals("Encryption", r.get("requirement").get("name").asText());
        assertEquals("addressable", r.get("requirement").get("designation").asText());
        assertEquals("164.312(e)(1)", r.get("parent").asText());
        List<String> from = new ArrayList<>();
        for (JsonNode m : r.get("mappedFrom")) from.add(m.get("framework").asText() + ":" + m.get("id").asText() + "|" + m.get("source").asText());
        assertTrue(from.contains("soc2-tsc-2017:CC6.7|hipaa-to-soc2-head-start"), from.toString());
        assertTrue(r.get("mapsTo").size() > 0, "HIPAA -> NIST legs are outgoing edges");
        assertEquals(0, r.get("controls").size(), "no control satisfies 164.312(e)(2)(ii) directly");
        assertEquals("full", r.get("coverage").get("level").asText());
        boolean viaCc67 = false;
        for (JsonNode p : r.get("coverage").get("paths")) viaCc67 |= p.get("nodes").toString().contains("soc2-tsc-2017:CC6.7");
        assertTrue(viaCc67, r.get("coverage").toString());
    }

    @Test
    void unknown_ids_are_404_and_bad_parameters_400_in_one_shape() {
        assertError(S.get("/api/requirements/" + TestServer.enc("hipaa-security:164.999")), 404, "no requirement");
        assertError(S.get("/api/controls/NOPE-1"), 404, "no control 'NOPE-1'");
        assertError(S.get("/api/frameworks/nope/requirements"), 404, "no framework 'nope'");
        assertError(S.get("/api/crosswalk?from=soc2-tsc-2017"), 400, "'to' is required");
        assertError(S.get("/api/crosswalk?from=soc2-tsc-2017&to=soc2-tsc-2017"), 400, "from and to name the same framework (soc2-tsc-2017)");
        assertError(S.get("/api/coverage?hops=9"), 400, "hops must be a whole number from 0 to 4");
        assertError(S.get("/api/coverage?asOf=2026-13-01"), 400, "asOf must be an ISO-8601 date");
        // frameworks= reads as fail= does: spaces around ids forgiven, an empty entry refused
        assertError(S.get("/api/controls/AC-01/impact?frameworks=hipaa-security,,soc2-tsc-2017"), 400,
                "frameworks is a comma-separated list of framework ids, got 'hipaa-security,,soc2-tsc-2017'");
        JsonNode spaced = ok("/api/controls/AC-01/impact?frameworks=%20hipaa-security");
        assertEquals(ok("/api/controls/AC-01/impact?frameworks=hipaa-security").get("frameworks"), spaced.get("frameworks"));
        assertEquals(1, spaced.get("frameworks").size());
        assertError(S.get("/api/search?q=%20"), 400, "'q' is required");
        assertError(S.get("/api/graph?focus=x&depth=7"), 400, "depth must be a whole number from 0 to 3");
        assertError(S.get("/api/no-such-thing"), 404, "no such route");
    }

    @Test
    void requirement_tree_nests_sections_standards_and_specifications() {
        JsonNode t = ok("/api/frameworks/hipaa-security/requirements");
        assertEquals(73, t.get("count").asInt());
        JsonNode roots = t.get("requirements");
        assertEquals(List.of("164.308", "164.310", "164.312", "164.314", "164.316"),
                java.util.stream.StreamSupport.stream(roots.spliterator(), false).map(n -> n.get("id").asText()).toList());
        JsonNode technical = roots.get(2);
        JsonNode access = technical.get("children").get(0);
        assertEquals("164.312(a)(1)", access.get("id").asText());
        assertEquals(4, access.get("children").size());
    }

    @Test
    void search_finds_the_access_control_standard_by_citation_and_controls_by_words() {
        JsonNode res = ok("/api/search?q=164.312").get("results");
        List<String> keys = new ArrayList<>();
        res.forEach(n -> keys.add(n.get("key").asText()));
        assertTrue(keys.contains("hipaa-security:164.312(a)(1)"), keys.toString());
        JsonNode mfa = ok("/api/search?q=multi-factor").get("results");
        assertTrue(mfa.size() > 0);
        JsonNode enc = ok("/api/search?q=encrypt").get("results");
        List<String> ek = new ArrayList<>();
        enc.forEach(n -> ek.add(n.get("key").asText()));
        assertTrue(ek.contains("hipaa-security:164.312(a)(2)(iv)"), ek.toString());
    }

    @Test
    void graph_returns_the_neighbourhood_of_a_control() {
        JsonNode g = ok("/api/graph?focus=AC-01&depth=1");
        Set<String> keys = new HashSet<>();
        g.get("nodes").forEach(n -> keys.add(n.get("key").asText()));
        assertTrue(keys.contains("AC-01"));
        assertTrue(keys.contains("soc2-tsc-2017:CC6.1"), keys.toString());
        assertTrue(keys.contains("hipaa-security:164.312(d)"), keys.toString());
        Set<String> types = new HashSet<>();
        g.get("edges").forEach(e -> types.add(e.get("type").asText()));
        assertTrue(types.containsAll(List.of("SATISFIES", "GOVERNS", "SUPPORTS")), types.toString());
        Set<String> nodeIds = new HashSet<>();
        g.get("nodes").forEach(n -> nodeIds.add(n.get("id").asText()));
        g.get("edges").forEach(e -> assertTrue(nodeIds.contains(e.get("source").asText()) && nodeIds.contains(e.get("target").asText()), e.toString()));
        for (JsonNode n : g.get("nodes")) {
            if (n.get("key").asText().equals("hipaa-security:164.312(d)")) assertEquals("full", n.get("level").asText());
        }
        // a mapping edge keeps its publication under properties, not in place of its start node
        JsonNode cc61 = ok("/api/graph?focus=" + TestServer.enc("soc2-tsc-2017:CC6.1") + "&depth=1");
        Set<String> ids = new HashSet<>();
        cc61.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        int maps = 0;
        for (JsonNode e : cc61.get("edges")) {
            assertTrue(ids.contains(e.get("source").asText()), e.toString());
            if (e.get("type").asText().equals("MAPS_TO")) {
                maps++;
                assertTrue(e.get("properties").get("source").isTextual());
            }
        }
        assertTrue(maps > 50, "CC6.1 has many crosswalk edges: " + maps);
        JsonNode levels = ok("/api/coverage/levels?framework=hipaa-security&hops=1").get("levels");
        assertEquals(73, levels.size());
        assertEquals("full", levels.get("hipaa-security:164.312(e)(2)(ii)").asText());
    }

    @Test
    void a_framework_in_focus_shows_its_top_level_requirements_and_a_requirement_never_its_framework() {
        JsonNode g = ok("/api/graph?focus=hipaa-security&depth=1");
        Set<String> keys = new java.util.TreeSet<>();
        g.get("nodes").forEach(n -> keys.add(n.get("key").asText()));
        // the tree's roots, as the requirement tree endpoint lists them
        Set<String> roots = new java.util.TreeSet<>(List.of("hipaa-security"));
        for (JsonNode r : ok("/api/frameworks/hipaa-security/requirements").get("requirements")) roots.add(r.get("uid").asText());
        assertEquals(roots, keys);
        assertEquals(5, g.get("edges").size());
        g.get("edges").forEach(e -> assertEquals("IN", e.get("type").asText()));
        // one step further: the sections' standards, by PART_OF, and still no IN edge from a requirement
        JsonNode g2 = ok("/api/graph?focus=hipaa-security&depth=2");
        Set<String> types = new java.util.TreeSet<>();
        g2.get("edges").forEach(e -> types.add(e.get("type").asText()));
        assertTrue(types.contains("PART_OF"), types.toString());
        long in = 0;
        for (JsonNode e : g2.get("edges")) if (e.get("type").asText().equals("IN")) in++;
        assertEquals(5, in);
        for (JsonNode e : ok("/api/graph?focus=" + TestServer.enc("hipaa-security:164.312(b)") + "&depth=3").get("edges")) {
            assertFalse(e.get("type").asText().equals("IN"), e.toString());
        }
    }

    /** One CSV line's fields (RFC 4180 quotes; the reference files hold no line breaks inside fields). */
    static List<String> csvFields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { f.append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { out.add(f.toString()); f.setLength(0); }
            else f.append(c);
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void sources_are_counted_in_the_graph_and_described_from_the_reference() throws Exception {
        // expected counts straight from the reference files: every mappings_public.csv row but adobe_ccf_v5's is
        // one edge; a seed_crosswalk.csv row is an edge unless its strength is gap, then a gap note
        java.util.Map<String, long[]> expected = new java.util.TreeMap<>();
        ClassLoader cl = ApiTest.class.getClassLoader();
        for (String file : List.of("reference/mappings_public.csv", "reference/seed_crosswalk.csv")) {
            List<String> lines = new String(cl.getResourceAsStream(file).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = csvFields(line);
                if (f.get(0).equals("adobe_ccf_v5") || f.get(0).isBlank()) continue;
                boolean gap = file.contains("seed") && f.get(5).equals("gap");
                expected.computeIfAbsent(f.get(0), k -> new long[2])[gap ? 1 : 0]++;
            }
        }
        assertEquals(7, expected.size(), expected.keySet().toString());
        java.util.Map<String, JsonNode> shown = new java.util.TreeMap<>();
        for (JsonNode x : ok("/api/sources").get("sources")) shown.put(x.get("key").asText(), x);
        expected.forEach((key, n) -> {
            JsonNode x = shown.get(key);
            assertTrue(x != null, key + " listed");
            assertEquals(n[0], x.get("mappings").asLong(), key + " mappings");
            assertEquals(n[1], x.get("gaps").asLong(), key + " gap notes");
            assertTrue(x.get("publication").asText().length() > 10, key + " described");
        });
        // the description is SOURCES.md's own words, its Markdown marks taken out
        assertEquals("HIPAA → CSF 1.1", shown.get("nist_sp800-66r2_to_csf1.1").get("direction").asText());
        assertTrue(shown.get("nist_sp800-66r2_to_csf1.1").get("publication").asText().startsWith("NIST SP 800-66r2 CPRT mapping, via CISO Assistant mapping-nist-sp-800-66-rev2-to-nist-csf-1.1.yaml"));
        assertTrue(shown.get("soc2-hipaa-overlap-saas").get("publication").asText().startsWith("Tallyfy, \"SOC 2 and HIPAA overlap for SaaS companies\""));
        assertFalse(shown.containsKey("adobe_ccf_v5"), "no edge cites the skipped source");
    }

    @Test
    void controls_list_and_detail_carry_policies_evidence_and_requirements() {
        JsonNode list = ok("/api/controls");
        Set<String> listed = new HashSet<>();
        list.forEach(c -> listed.add(c.get("id").asText()));
        Set<String> sample = new HashSet<>();
        crossmap.dataset.BuiltinDataset.build().bundle().controls().forEach(c -> sample.add(c.id()));
        assertEquals(42, sample.size());
        assertTrue(listed.containsAll(sample), "every sample control is listed");
        JsonNode c = ok("/api/controls/AC-01");
        assertEquals("operating", c.get("control").get("status").asText());
        assertTrue(c.get("policies").size() >= 1);
        assertTrue(c.get("evidence").size() >= 1);
        Set<String> sat = new HashSet<>();
        c.get("satisfies").forEach(s -> sat.add(s.get("uid").asText()));
        assertTrue(sat.containsAll(List.of("soc2-tsc-2017:CC6.1", "hipaa-security:164.312(d)")), sat.toString());
    }
}
