package crossmap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import crossmap.TestServer;
import crossmap.bundle.Bundle;
import crossmap.coverage.ReferenceCoverageAccess;
import crossmap.dataset.BuiltinDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Writes (token, audit, atomicity) and the impact / coverage questions over HTTP on the built-in dataset. */
class WriteAndImpactApiTest {
    static final TestServer S = TestServer.get();

    static List<String> ids(JsonNode arr, String field) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    static JsonNode framework(JsonNode impact, String fw) {
        for (JsonNode f : impact.get("frameworks")) if (f.get("framework").asText().equals(fw)) return f;
        throw new AssertionError("no framework " + fw + " in " + impact);
    }

    @Test
    void writes_need_the_token_and_a_refused_import_changes_nothing() {
        String before = S.app.bundles().canonicalDump();
        String bundle = "{\"format\":\"crossmap-bundle/1\",\"controls\":[{\"id\":\"X-1\",\"name\":\"x\",\"satisfies\":[{\"framework\":\"soc2-tsc-2017\",\"id\":\"CC99.9\"}]}]}";
        ApiTest.assertError(S.send("POST", "/api/import", bundle, null), 401, "Bearer");
        ApiTest.assertError(S.send("POST", "/api/import", bundle, "forged-token"), 403, "not valid");
        ApiTest.assertError(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"failed\"}", null), 401, "Bearer");
        ApiTest.assertError(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"failed\"}", S.app.token() + "x"), 403, "not valid");
        ApiTest.assertError(S.send("POST", "/api/dataset/reload", "", "nope"), 403, "not valid");
        TestServer.Response bad = S.send("POST", "/api/import", bundle, S.app.token());
        ApiTest.assertError(bad, 400, "nothing was imported");
        JsonNode d = bad.json().get("details").get(0);
        assertEquals("controls[0].satisfies[0].id", d.get("path").asText());
        assertTrue(d.get("message").asText().contains("no requirement soc2-tsc-2017:CC99.9"));
        ApiTest.assertError(S.send("POST", "/api/import", "{not json", S.app.token()), 400, "nothing was imported");
        assertEquals(before, S.app.bundles().canonicalDump());
    }

    @Test
    void a_valid_import_is_applied_and_audited() {
        String bundle = "{\"format\":\"crossmap-bundle/1\",\"controls\":[{\"id\":\"TEST-IMPORT-1\",\"name\":\"imported by a test\",\"status\":\"not_implemented\","
                + "\"satisfies\":[{\"framework\":\"soc2-tsc-2017\",\"id\":\"PI1.2\"}]}]}";
        TestServer.Response r = S.send("POST", "/api/import", bundle, S.app.token());
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().get("imported").get("controls").asInt());
        assertEquals("not_implemented", ApiTest.ok("/api/controls/TEST-IMPORT-1").get("control").get("status").asText());
        JsonNode changes = ApiTest.ok("/api/changes");
        boolean audited = false;
        for (JsonNode c : changes) audited |= c.get("action").asText().equals("bundle.import") && c.get("detail").asText().contains("1 controls");
        assertTrue(audited, changes.toString());
    }

    @Test
    void the_first_start_load_of_the_dataset_is_in_the_audit_trail() {
        JsonNode changes = ApiTest.ok("/api/changes?limit=1000");
        List<JsonNode> first = new ArrayList<>();
        for (JsonNode c : changes) if (c.get("client").asText().equals("first start")) first.add(c);
        assertEquals(1, first.size(), changes.toString());
        assertEquals("dataset.load", first.get(0).get("action").asText());
        assertEquals("crossmap", first.get(0).get("actor").asText());
    }

    @Test
    void the_builtin_dataset_reloads_idempotently_with_a_token() {
        String before = S.app.bundles().canonicalDump();
        TestServer.Response r = S.send("POST", "/api/dataset/reload", "", S.app.token());
        assertEquals(200, r.status(), r.body());
        assertEquals(1711, r.json().get("imported").get("requirements").asInt());
        assertEquals(242, r.json().get("skippedRows").asInt());
        assertEquals(0, r.json().get("problems").size());
        assertEquals(before, S.app.bundles().canonicalDump());
    }

    @Test
    void patching_a_control_status_changes_the_next_coverage_answer() {
        String cc = "/api/requirements/" + TestServer.enc("hipaa-security:164.312(d)");
        assertEquals("full", ApiTest.ok(cc).get("coverage").get("level").asText());
        try {
            TestServer.Response r = S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"failed\"}", S.app.token());
            assertEquals(200, r.status(), r.body());
            assertEquals("operating", r.json().get("previous").asText());
            JsonNode after = ApiTest.ok(cc).get("coverage");
            assertTrue(!after.get("support").toString().contains("AC-01"), after.toString());
            ApiTest.assertError(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"broken\"}", S.app.token()), 400, "status must be one of");
            ApiTest.assertError(S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"failed\",\"owner\":\"x\"}", S.app.token()), 400, "unknown field");
            ApiTest.assertError(S.send("PATCH", "/api/controls/NOPE", "{\"status\":\"failed\"}", S.app.token()), 404, "no control");
            JsonNode changes = ApiTest.ok("/api/changes?limit=5");
            assertEquals("control.status", changes.get(0).get("action").asText());
            assertEquals("AC-01", changes.get(0).get("target").asText());
            assertEquals("operating -> failed", changes.get(0).get("detail").asText());
        } finally {
            assertEquals(200, S.send("PATCH", "/api/controls/AC-01", "{\"status\":\"operating\"}", S.app.token()).status());
        }
        assertEquals("full", ApiTest.ok(cc).get("coverage").get("level").asText());
    }

    /** Expected lost / degraded uids from the independent reference over the dataset as the store holds it. */
    static Map<String, Set<String>> expected(List<String> fail, int hops) {
        Bundle b = S.app.bundles().export();
        return ReferenceCoverageAccess.impact(b, fail, hops);
    }

    static Map<String, Set<String>> answered(JsonNode impact) {
        Set<String> lost = new TreeSet<>();
        Set<String> degraded = new TreeSet<>();
        for (JsonNode f : impact.get("frameworks")) {
            f.get("lost").forEach(r -> lost.add(r.get("uid").asText()));
            f.get("degraded").forEach(r -> degraded.add(r.get("uid").asText()));
        }
        return Map.of("lost", lost, "degraded", degraded);
    }

    @Test
    void tls_and_endpoint_failure_loses_164_312_e_2_ii_which_only_cc6_7_reaches() {
        TestServer.Response r = S.send("POST", "/api/impact", "{\"fail\":[\"CR-02\",\"VM-03\"],\"hops\":1,\"asOf\":null}", null);
        assertEquals(200, r.status(), r.body());
        JsonNode imp = r.json();
        assertEquals(expected(List.of("CR-02", "VM-03"), 1), answered(imp));
        // listed: the frameworks with a change; the others are counted, and totals cover all 1,711 requirements
        int lostSum = 0;
        for (JsonNode f : imp.get("frameworks")) {
            assertTrue(f.get("lost").size() + f.get("degraded").size() > 0, f.get("framework").asText() + " listed without a change");
            lostSum += f.get("lost").size();
        }
        assertEquals(imp.get("lostCount").asInt(), lostSum);
        assertEquals(6, imp.get("frameworks").size() + imp.get("unchangedFrameworks").asInt());
        assertEquals(1711, imp.get("totals").get("before").get("count").asInt());
        assertEquals(imp.get("totals").get("before").get("none").asInt() + imp.get("lostCount").asInt(),
                imp.get("totals").get("after").get("none").asInt(), "every lost requirement moves to none in the totals");
        assertTrue(imp.get("touched").asInt() >= lostSum + imp.get("degradedCount").asInt(), "touched covers every change");
        JsonNode hipaa = framework(imp, "hipaa-security");
        JsonNode spec = null;
        for (JsonNode x : hipaa.get("lost")) if (x.get("uid").asText().equals("hipaa-security:164.312(e)(2)(ii)")) spec = x;
        assertTrue(spec != null, "164.312(e)(2)(ii) lost: " + ids(hipaa.get("lost"), "uid"));
        // reached only through CC6.7 in the seed table: every lost path is a failed control -> CC6.7 -> 164.312(e)(2)(ii),
        // and the lost paths start from exactly the controls that supported it before
        assertTrue(spec.get("lostPaths").size() > 0, "the lost requirement names the paths it lost");
        assertFalse(spec.get("lostPathsTruncated").asBoolean());
        Set<String> from = new TreeSet<>();
        spec.get("lostPaths").forEach(p -> from.add(p.get("control").asText()));
        Set<String> supportBefore = new TreeSet<>();
        spec.get("supportBefore").forEach(c -> supportBefore.add(c.asText()));
        assertEquals(Set.of("CR-02", "VM-03"), supportBefore);
        assertEquals(supportBefore, from);
        for (JsonNode p : spec.get("lostPaths")) {
            assertEquals("soc2-tsc-2017:CC6.7", p.get("nodes").get(1).asText(), p.toString());
            assertEquals("hipaa-to-soc2-head-start", p.get("steps").get(1).get("source").asText());
        }
        assertEquals(0, spec.get("holdingPaths").size());
        assertTrue(hipaa.get("before").get("full").asInt() > hipaa.get("after").get("full").asInt());
    }

    @Test
    void impact_of_single_controls_matches_the_reference_on_the_dataset() {
        for (String c : List.of("AC-01", "CR-01", "CR-02", "LM-01", "VR-02", "IR-02", "RM-01", "GV-04")) {
            for (int hops : new int[] {0, 1, 2}) {
                JsonNode imp = ApiTest.ok("/api/controls/" + c + "/impact?hops=" + hops);
                assertEquals(expected(List.of(c), hops), answered(imp), c + " hops=" + hops);
            }
        }
        JsonNode mfa = ApiTest.ok("/api/controls/AC-01/impact");
        assertTrue(answered(mfa).get("lost").contains("hipaa-security:164.312(d)") || answered(mfa).get("degraded").contains("hipaa-security:164.312(d)"),
                "MFA failing touches Person or Entity Authentication: " + answered(mfa));
    }

    @Test
    void impact_refuses_unknown_controls_bad_hops_and_dates() {
        ApiTest.assertError(S.send("POST", "/api/impact", "{\"fail\":[\"AC-01\",\"ZZ-9\"]}", null), 400, "ZZ-9");
        ApiTest.assertError(S.send("POST", "/api/impact", "{\"fail\":[\"AC-01\"],\"hops\":5}", null), 400, "hops must be from 0 to 4");
        ApiTest.assertError(S.send("POST", "/api/impact", "{\"fail\":[\"AC-01\"],\"asOf\":\"yesterday\"}", null), 400, "asOf must be an ISO-8601 date");
        ApiTest.assertError(S.send("POST", "/api/impact", "{\"fail\":[]}", null), 400, "at least one");
        ApiTest.assertError(S.send("POST", "/api/impact", "{\"failed\":[\"AC-01\"]}", null), 400, "unknown field");
        ApiTest.assertError(S.send("POST", "/api/impact", "[1]", null), 400, "JSON object");
        ApiTest.assertError(S.get("/api/controls/AC-01/impact?hops=x"), 400, "hops");
        // one answer names every problem of the question: the fields' shapes first, then ranges and what the graph knows
        JsonNode all = S.send("POST", "/api/impact", "{\"fail\":[\"ZZ-9\",\"AC-01\"],\"hops\":7,\"asOf\":\"2026-13-01\",\"frameworks\":[\"nope\"]}", null).json();
        assertEquals(400, all.get("status").asInt());
        assertEquals("asOf must be an ISO-8601 date (yyyy-mm-dd), got '2026-13-01'; hops must be from 0 to 4, got 7; "
                + "unknown control id(s) in fail: ZZ-9; unknown framework(s): nope", all.get("message").asText());
        // and one details entry per problem
        assertEquals(List.of("asOf must be an ISO-8601 date (yyyy-mm-dd), got '2026-13-01'", "hops must be from 0 to 4, got 7",
                "unknown control id(s) in fail: ZZ-9", "unknown framework(s): nope"),
                java.util.stream.StreamSupport.stream(all.get("details").spliterator(), false).map(d -> d.get("message").asText()).toList());
        JsonNode two = S.send("POST", "/api/impact", "{\"fail\":[\"ZZ-9\"],\"hops\":\"two\"}", null).json();
        assertEquals("hops must be a whole number from 0 to 4; unknown control id(s) in fail: ZZ-9", two.get("message").asText());
    }

    @Test
    void hipaa_only_provisions_are_gaps_against_soc2_with_their_sources() {
        JsonNode cov = ApiTest.ok("/api/coverage?framework=hipaa-privacy-breach&against=soc2-tsc-2017");
        JsonNode f = cov.get("frameworks").get(0);
        Map<String, List<String>> sources = new java.util.HashMap<>();
        for (JsonNode u : f.get("unmapped")) {
            List<String> s = new ArrayList<>();
            u.get("gaps").forEach(g -> s.add(g.get("source").asText()));
            sources.put(u.get("id").asText(), s);
        }
        assertEquals(List.of("soc2-hipaa-overlap-saas"), sources.get("164.502(b)"));   // minimum necessary
        assertEquals(List.of("soc2-hipaa-overlap-saas"), sources.get("164.404"));      // breach notification
        assertEquals(List.of("soc2-hipaa-overlap-saas"), sources.get("164.408"));
        assertTrue(sources.containsKey("164.504(e)(1)"), "BA contracts have no SOC 2 mapping");
        JsonNode sec = ApiTest.ok("/api/coverage?framework=hipaa-security&against=soc2-tsc-2017").get("frameworks").get(0);
        List<String> noted = new ArrayList<>();
        sec.get("gapNotes").forEach(g -> noted.add(g.get("id").asText() + "|" + g.get("source").asText()));
        assertTrue(noted.contains("164.308(b)(1)|soc2-hipaa-overlap-saas"), noted.toString()); // BAAs
        assertTrue(noted.contains("164.314(a)(1)|soc2-hipaa-overlap-saas"), noted.toString());
        JsonNode req = sec.get("byDesignation");
        assertEquals(24, req.get("required").get("count").asInt());
        assertEquals(22, req.get("addressable").get("count").asInt());
    }

    /**
     * The unmapped rule worked out from the exported bundle, apart from the Cypher: a requirement is
     * mapped to `against` by an edge on itself or on a part of it; an edge on an ancestor counts too,
     * unless a gap note on the requirement itself says it has no counterpart in `against`.
     */
    static Set<String> unmappedFromBundle(crossmap.bundle.Bundle b, String fw, String against) {
        Map<String, String> parent = new java.util.HashMap<>();
        for (crossmap.bundle.Bundle.Requirement r : b.requirements()) {
            if (r.parent() != null) parent.put(r.uid(), crossmap.bundle.Bundle.uid(r.framework(), r.parent()));
        }
        Set<String> own = new java.util.HashSet<>();
        for (crossmap.bundle.Bundle.Mapping m : b.mappings()) {
            if (m.relationship().equals("no_relationship")) continue;
            if (m.from().framework().equals(fw) && m.to().framework().equals(against)) own.add(m.from().uid());
            if (m.to().framework().equals(fw) && m.from().framework().equals(against)) own.add(m.to().uid());
        }
        Set<String> mappedSelfOrPart = new java.util.HashSet<>();
        for (String u : own) for (String x = u; x != null; x = parent.get(x)) mappedSelfOrPart.add(x);
        Set<String> noted = new java.util.HashSet<>();
        for (crossmap.bundle.Bundle.Gap g : b.gaps()) if (g.framework().equals(fw) && against.equals(g.against())) noted.add(crossmap.bundle.Bundle.uid(g.framework(), g.id()));
        Set<String> out = new TreeSet<>();
        for (crossmap.bundle.Bundle.Requirement r : b.requirements()) {
            if (!r.framework().equals(fw) || mappedSelfOrPart.contains(r.uid())) continue;
            boolean viaAncestor = false;
            for (String x = parent.get(r.uid()); x != null; x = parent.get(x)) viaAncestor |= own.contains(x);
            if (!viaAncestor || noted.contains(r.uid())) out.add(r.uid());
        }
        return out;
    }

    @Test
    void unmapped_lists_follow_the_rule_both_ways_and_a_gap_note_outranks_a_category_level_row() {
        crossmap.bundle.Bundle b = S.app.bundles().export();
        for (String[] pair : List.of(new String[] {"soc2-tsc-2017", "hipaa-security"}, new String[] {"hipaa-security", "soc2-tsc-2017"},
                new String[] {"hipaa-privacy-breach", "soc2-tsc-2017"})) {
            JsonNode f = ApiTest.ok("/api/coverage?framework=" + pair[0] + "&against=" + pair[1]).get("frameworks").get(0);
            Set<String> got = new TreeSet<>(ids(f.get("unmapped"), "uid"));
            assertEquals(unmappedFromBundle(b, pair[0], pair[1]), got, pair[0] + " against " + pair[1]);
            for (JsonNode g : f.get("gapNotes")) assertEquals(pair[1], g.get("against").asText(), "gap notes are those against " + pair[1]);
        }
        JsonNode soc2 = ApiTest.ok("/api/coverage?framework=soc2-tsc-2017&against=hipaa-security").get("frameworks").get(0);
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        soc2.get("unmapped").forEach(u -> byId.put(u.get("id").asText(), u));
        // CC8.1: series CC8 is aligned with HIPAA at category level, but the seed notes CC8.1 as SOC 2 only
        assertTrue(byId.containsKey("CC8.1"), "CC8.1 is listed: " + byId.keySet());
        assertEquals("hipaa-to-soc2-head-start", byId.get("CC8.1").get("gaps").get(0).get("source").asText());
        assertFalse(byId.containsKey("security"), "a category whose criteria map is not unmapped");
        ApiTest.assertError(S.get("/api/coverage?against=hipaa-security"), 400, "against needs framework");
        String hint = S.get("/api/coverage?against=hipaa-security").json().get("message").asText();
        assertFalse(hint.contains("framework=hipaa-security&"), "the example names another framework: " + hint);
        ApiTest.assertError(S.get("/api/coverage?framework=hipaa-security&against=hipaa-security"), 400, "against names the framework itself");
    }

    @Test
    void recorded_gap_notes_come_with_the_requirement_in_coverage_lists_impact_items_and_the_tree() {
        Map<String, Set<String>> notes = new java.util.HashMap<>();
        for (Bundle.Gap g : S.app.bundles().export().gaps()) notes.computeIfAbsent(Bundle.uid(g.framework(), g.id()), k -> new TreeSet<>()).add(g.source() + "|" + g.against());
        // every requirement an answer lists: at none in each framework's report, and lost or degraded
        // when every control fails (so every covered requirement is listed)
        List<JsonNode> listed = new ArrayList<>();
        for (String fw : List.of("soc2-tsc-2017", "hipaa-security", "hipaa-privacy-breach")) {
            ApiTest.ok("/api/coverage?framework=" + fw).get("frameworks").get(0).get("none").forEach(listed::add);
        }
        List<String> everyControl = new ArrayList<>();
        ApiTest.ok("/api/controls").forEach(c -> everyControl.add("\"" + c.get("id").asText() + "\""));
        JsonNode imp = S.send("POST", "/api/impact", "{\"fail\": [" + String.join(",", everyControl) + "], \"hops\": 1}", null).json();
        for (JsonNode f : imp.get("frameworks")) {
            f.get("lost").forEach(listed::add);
            f.get("degraded").forEach(listed::add);
        }
        Set<String> withNotes = new TreeSet<>();
        for (JsonNode r : listed) {
            Set<String> shown = new TreeSet<>();
            if (r.has("gaps")) r.get("gaps").forEach(g -> shown.add(g.get("source").asText() + "|" + g.get("against").asText()));
            assertEquals(notes.getOrDefault(r.get("uid").asText(), Set.of()), shown, r.get("uid").asText());
            if (!shown.isEmpty()) withNotes.add(r.get("uid").asText());
        }
        assertEquals(notes.keySet(), withNotes, "every requirement with a recorded gap note is listed somewhere above, with its notes");
        // the framework tree carries them too
        JsonNode tree = ApiTest.ok("/api/frameworks/hipaa-privacy-breach/requirements");
        List<JsonNode> all = new ArrayList<>();
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        tree.get("requirements").forEach(todo::add);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            all.add(n);
            n.get("children").forEach(todo::add);
        }
        for (JsonNode n : all) {
            Set<String> shown = new TreeSet<>();
            n.get("gaps").forEach(g -> shown.add(g.get("source").asText() + "|" + g.get("against").asText()));
            assertEquals(notes.getOrDefault(n.get("uid").asText(), Set.of()), shown, n.get("uid").asText());
        }
    }

    @Test
    void coverage_report_counts_add_up_per_framework_and_section() {
        JsonNode cov = ApiTest.ok("/api/coverage?framework=hipaa-security&hops=1");
        JsonNode f = cov.get("frameworks").get(0);
        JsonNode t = f.get("total");
        assertEquals(73, t.get("count").asInt());
        assertEquals(73, t.get("full").asInt() + t.get("partial").asInt() + t.get("none").asInt());
        int sum = 0;
        Map<String, Integer> desig = new java.util.HashMap<>();
        for (JsonNode s : f.get("sections")) {
            sum += s.get("counts").get("count").asInt();
            s.get("byDesignation").fields().forEachRemaining(e -> desig.merge(e.getKey(), e.getValue().get("count").asInt(), Integer::sum));
        }
        assertEquals(73 - 5, sum);
        assertEquals(Map.of("required", 24, "addressable", 22), desig, "required and addressable per section add up to the framework's");
        assertEquals(t.get("none").asInt(), f.get("none").size());
        Map<String, Set<String>> none = ReferenceCoverageAccess.noneAt(S.app.bundles().export(), 1, null);
        Set<String> got = new TreeSet<>(ids(f.get("none"), "uid"));
        Set<String> want = new TreeSet<>();
        none.getOrDefault("hipaa-security", Set.of()).forEach(want::add);
        assertEquals(want, got);
    }

    @Test
    void failing_every_control_answers_exact_counts_and_details_the_first_changed_requirements() throws Exception {
        List<String> all = new ArrayList<>();
        ApiTest.ok("/api/controls").forEach(c -> all.add(c.get("id").asText()));
        JsonNode levels = ApiTest.ok("/api/coverage/levels?hops=1").get("levels");
        int covered = 0;
        for (JsonNode l : levels) if (!l.asText().equals("none")) covered++;
        TestServer.Response r = S.send("POST", "/api/impact", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("fail", all, "hops", 1)), null);
        assertEquals(200, r.status(), r.body());
        JsonNode j = r.json();
        // nothing holds: every covered requirement is lost, none merely degraded
        assertEquals(covered, j.get("lostCount").asInt());
        assertEquals(0, j.get("degradedCount").asInt());
        assertEquals(false, j.get("itemsTruncated").asBoolean());
        int listed = 0;
        int detailed = 0;
        int sum = 0;
        for (JsonNode f : j.get("frameworks")) {
            sum += f.get("lostCount").asInt();
            assertEquals(f.get("lostCount").asInt(), f.get("lost").size(), f.get("framework").asText());
            for (JsonNode x : f.get("lost")) {
                listed++;
                if (x.has("lostPaths")) detailed++;
                else assertTrue(x.get("detailOmitted").asBoolean(), x.toString());
            }
        }
        assertEquals(covered, sum);
        assertEquals(covered, listed);
        assertTrue(covered > j.get("detailLimit").asInt(), "precondition: more changes than details " + covered);
        assertEquals(j.get("detailLimit").asInt(), detailed);
    }

    @Test
    void coverage_parts_one_level_below_sections_match_the_tree_and_the_levels() {
        for (String fw : List.of("soc2-tsc-2017", "hipaa-security")) {
            JsonNode f = ApiTest.ok("/api/coverage?framework=" + fw + "&hops=1").get("frameworks").get(0);
            JsonNode levels = ApiTest.ok("/api/coverage/levels?framework=" + fw + "&hops=1").get("levels");
            Map<String, JsonNode> tree = new java.util.HashMap<>();
            ApiTest.ok("/api/frameworks/" + fw + "/requirements").get("requirements").forEach(r -> tree.put(r.get("uid").asText(), r));
            int parts = 0;
            for (JsonNode s : f.get("sections")) {
                List<String> want = new ArrayList<>();
                tree.get(s.get("uid").asText()).get("children").forEach(c -> want.add(c.get("uid").asText()));
                assertEquals(want, ids(s.get("parts"), "uid"), s.get("id").asText());
                for (JsonNode part : s.get("parts")) {
                    String uid = part.get("uid").asText();
                    assertEquals(levels.get(uid).asText(), part.get("level").asText(), uid);
                    // independently: the levels of everything under the part, from the tree and the levels map
                    int[] n = new int[3];
                    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
                    JsonNode node = null;
                    for (JsonNode c : tree.get(s.get("uid").asText()).get("children")) if (c.get("uid").asText().equals(uid)) node = c;
                    node.get("children").forEach(todo::add);
                    while (!todo.isEmpty()) {
                        JsonNode x = todo.pop();
                        n[List.of("none", "partial", "full").indexOf(levels.get(x.get("uid").asText()).asText())]++;
                        x.get("children").forEach(todo::add);
                    }
                    JsonNode c = part.get("counts");
                    assertEquals(List.of(n[2], n[1], n[0]), List.of(c.get("full").asInt(), c.get("partial").asInt(), c.get("none").asInt()), uid);
                    parts++;
                }
            }
            // SOC 2: 20 series under 5 categories; HIPAA: 22 standards under 5 sections
            assertEquals(fw.equals("hipaa-security") ? 22 : 20, parts, fw);
        }
        JsonNode cc6 = null;
        for (JsonNode s : ApiTest.ok("/api/coverage?framework=soc2-tsc-2017").get("frameworks").get(0).get("sections")) {
            for (JsonNode part : s.get("parts")) if (part.get("id").asText().equals("CC6")) cc6 = part;
        }
        assertEquals(8, cc6.get("counts").get("count").asInt(), "CC6.1-CC6.8");
        // the all-framework report leaves parts out (at catalogue scale they made it five times slower)
        for (JsonNode f : ApiTest.ok("/api/coverage?hops=1").get("frameworks")) {
            for (JsonNode s : f.get("sections")) assertTrue(!s.has("parts"), f.get("framework").asText());
        }
    }

    @Test
    void as_of_makes_controls_without_valid_evidence_ineffective() {
        JsonNode now = ApiTest.ok("/api/coverage?framework=soc2-tsc-2017");
        JsonNode oct = ApiTest.ok("/api/coverage?framework=soc2-tsc-2017&asOf=2026-10-15");
        int fullNow = now.get("frameworks").get(0).get("total").get("full").asInt();
        int fullOct = oct.get("frameworks").get(0).get("total").get("full").asInt();
        assertTrue(fullOct < fullNow, fullOct + " < " + fullNow);
        Map<String, Set<String>> none = ReferenceCoverageAccess.noneAt(S.app.bundles().export(), 1, java.time.LocalDate.parse("2026-10-15"));
        Set<String> got = new TreeSet<>(ids(oct.get("frameworks").get(0).get("none"), "uid"));
        assertEquals(none.get("soc2-tsc-2017"), got);
    }

    @Test
    void single_points_of_failure_are_listed_and_ranked() {
        JsonNode s = ApiTest.ok("/api/single-points-of-failure?framework=hipaa-security");
        assertTrue(s.get("requirements").size() > 0);
        // exactly the requirements the independent reference finds with one supporting control, and that control
        Map<String, String> got = new java.util.TreeMap<>();
        s.get("requirements").forEach(r -> got.put(r.get("uid").asText(), r.get("control").asText()));
        assertEquals(ReferenceCoverageAccess.soleSupport(S.app.bundles().export(), "hipaa-security", 1), got);
        int prev = Integer.MAX_VALUE;
        for (JsonNode c : s.get("controls")) {
            int n = c.get("requirementsHeldAlone").asInt();
            assertTrue(n <= prev);
            assertEquals(n, c.get("requirements").size());
            prev = n;
        }
    }

    @Test
    void builtin_dataset_loads_only_ids_from_the_catalogues() {
        BuiltinDataset.Result ds = BuiltinDataset.build();
        assertEquals(List.of(), ds.problems(), "every reference row found its catalogue ids");
        assertEquals(242, ds.skippedRows()); // adobe_ccf_v5: 140 + 102
    }

    @Test
    void failing_a_control_that_was_not_effective_says_why_and_changes_nothing() {
        // the reasons come from the built-in dataset itself: a control's status, or no evidence window covering the date
        Bundle b = BuiltinDataset.build().bundle();
        Bundle.Control failedOne = b.controls().stream().filter(c -> c.status().equals("failed")).findFirst().orElseThrow();
        java.time.LocalDate day = java.time.LocalDate.of(2025, 1, 1);
        Bundle.Control unevidenced = b.controls().stream().filter(c -> c.status().equals("operating"))
                .filter(c -> b.evidence().stream().filter(e -> e.control().equals(c.id())).noneMatch(e -> {
                    java.time.LocalDate from = e.validFrom() != null ? e.validFrom() : e.collectedOn();
                    return (from == null || !from.isAfter(day)) && (e.validUntil() == null || !e.validUntil().isBefore(day));
                })).findFirst().orElseThrow();
        TestServer.Response r = S.send("POST", "/api/impact", "{\"fail\": [\"" + failedOne.id() + "\"]}", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(0, r.json().get("lostCount").asInt());
        assertEquals(0, r.json().get("degradedCount").asInt());
        JsonNode x = r.json().get("alreadyIneffective");
        assertEquals(1, x.size());
        assertEquals(failedOne.id(), x.get(0).get("id").asText());
        assertEquals("failed", x.get(0).get("reason").asText());
        JsonNode dated = S.send("POST", "/api/impact", "{\"fail\": [\"" + unevidenced.id() + "\"], \"asOf\": \"2025-01-01\"}", null).json();
        assertEquals("no evidence valid on 2025-01-01", dated.get("alreadyIneffective").get(0).get("reason").asText());
        assertEquals(0, dated.get("lostCount").asInt());
        // an effective control is not listed
        assertEquals(0, S.send("POST", "/api/impact", "{\"fail\": [\"" + unevidenced.id() + "\"]}", null).json().get("alreadyIneffective").size());
    }

    @Test
    void the_report_counts_the_requirements_controls_satisfy_directly_per_framework() {
        // from the export: the distinct requirements any control's SATISFIES names, per framework
        Map<String, Set<String>> expected = new java.util.TreeMap<>();
        for (Bundle.Control c : S.app.bundles().export().controls()) {
            for (Bundle.Satisfies sat : c.satisfies()) expected.computeIfAbsent(sat.framework(), k -> new TreeSet<>()).add(sat.id());
        }
        int zero = 0;
        for (JsonNode f : S.get("/api/coverage").json().get("frameworks")) {
            String fw = f.get("framework").asText();
            int want = expected.getOrDefault(fw, Set.of()).size();
            assertEquals(want, f.get("satisfiedDirectly").asInt(), fw);
            if (want == 0) zero++;
        }
        assertTrue(zero >= 3, "the NIST pivots are reached through the crosswalk only");
        assertTrue(expected.get("hipaa-security").size() > 10);
    }
}
