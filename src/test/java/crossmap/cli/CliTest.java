package crossmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crossmap.HarnessGraph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line against a real Neo4j (harness, reached as an external store), with exit codes and messages. */
class CliTest {
    static HarnessGraph h;
    static Path dir;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        h = HarnessGraph.get().wipe();
        dir = Files.createTempDirectory("crossmap-cli");
        // the first command loads the built-in dataset into the empty store
        assertEquals(0, run("coverage", "--framework", "hipaa-security").code());
    }

    static Run run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--neo4j-uri", h.neo4j.boltURI().toString(), "--data-dir", dir.toString()));
        return exec(a);
    }

    /** Runs the command line in process with these arguments, capturing its exit code and output. */
    static Run exec(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args, Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void impact_as_json_names_the_lost_specification() throws Exception {
        Run r = run("impact", "--fail", "CR-02,VM-03", "--hops", "1", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> lost = new ArrayList<>();
        j.get("frameworks").forEach(f -> f.get("lost").forEach(x -> lost.add(x.get("uid").asText())));
        assertTrue(lost.contains("hipaa-security:164.312(e)(2)(ii)"), lost.toString());
    }

    @Test
    void impact_as_a_table_shows_lost_rows_and_paths() {
        Run r = run("impact", "--fail", "CR-02,VM-03");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("if CR-02, VM-03 fail (hops 1): "), r.out());
        assertTrue(r.out().contains("LOST      164.312(e)(2)(ii)"), r.out());
        assertTrue(r.out().contains("=superset_of [hipaa-to-soc2-head-start]=> 164.312(e)(2)(ii)"), r.out());
        // a control that was failed already changes nothing, and the table says why
        Run already = run("impact", "--fail", "AC-03");
        assertEquals(0, already.code(), already.err());
        assertTrue(already.out().startsWith("if AC-03 fail (hops 1): 0 requirement(s) lose coverage, 0 degrade\n(AC-03 was not effective already (failed): failing it changes nothing)"),
                already.out());
    }

    @Test
    void coverage_table_lists_sections_and_designations() {
        Run r = run("coverage", "--framework", "hipaa-security");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  (required)"), r.out());
        assertTrue(r.out().contains("  164.312 Technical Safeguards"), r.out());
    }

    @Test
    void coverage_from_the_cypher_rules_is_the_engines_report() throws Exception {
        Run java = run("coverage", "--hops", "2", "--format", "json");
        Run cypher = run("coverage", "--hops", "2", "--engine", "cypher", "--format", "json");
        assertEquals(0, cypher.code(), cypher.err());
        ObjectMapper om = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode a = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(java.out());
        com.fasterxml.jackson.databind.node.ObjectNode b = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(cypher.out());
        assertEquals("java", a.remove("engine").asText());
        assertEquals("cypher", b.remove("engine").asText());
        assertEquals(a, b);
        Run table = run("coverage", "--framework", "hipaa-security", "--engine", "cypher");
        assertTrue(table.out().startsWith("coverage (hops 1, levels computed by the cypher engine)"), table.out());
        Run bad = run("coverage", "--engine", "sql");
        assertEquals(2, bad.code());
        assertEquals("crossmap coverage: --engine must be java or cypher, got 'sql'", bad.err().strip());
        // a rules run stopped by its transaction timeout (checked every 100 ms, so a hops-4 run that ends
        // between two looks may finish: then it is the engine's report): refused, exit 1, naming the option
        com.fasterxml.jackson.databind.node.ObjectNode java4 = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(run("coverage", "--hops", "4", "--format", "json").out());
        java4.remove("engine");
        Run late = null;
        for (int i = 0; i < 20 && (late == null || late.code() == 0); i++) {
            late = run("coverage", "--engine", "cypher", "--hops", "4", "--rules-timeout", "1ms", "--format", "json");
            if (late.code() == 0) {
                com.fasterxml.jackson.databind.node.ObjectNode finished = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(late.out());
                assertEquals("cypher", finished.remove("engine").asText());
                assertEquals(java4, finished);
            }
        }
        assertEquals(1, late.code(), late.out() + late.err());
        assertEquals("", late.out());
        assertTrue(late.err().startsWith("crossmap coverage: the Cypher rules ran longer than --rules-timeout (1 ms) and were stopped"), late.err());
    }

    @Test
    void usage_errors_exit_2_with_one_line() {
        Run noFail = run("impact");
        assertEquals(2, noFail.code());
        assertEquals("crossmap impact: --fail ID[,ID...] is required", noFail.err().strip());
        Run absent = run("import", "no-such-file.json");
        assertEquals(1, absent.code());
        assertEquals("crossmap import: cannot read no-such-file.json: no such file", absent.err().strip());
        assertEquals(2, run("coverage", "--hops", "9").code());
        assertEquals(2, run("impact", "--fail", "NOPE-1").code());
        // --fail reads its list as the API reads ?fail=: spaces forgiven, an empty entry refused
        Run spaced = run("impact", "--fail", "CR-02, VM-03", "--format", "json");
        assertEquals(0, spaced.code(), spaced.err());
        assertEquals(run("impact", "--fail", "CR-02,VM-03", "--format", "json").out(), spaced.out());
        Run trailing = run("impact", "--fail", "AC-01,");
        assertEquals(2, trailing.code());
        assertTrue(trailing.err().contains("--fail is a comma-separated list of control ids, got 'AC-01,'"), trailing.err());
        assertTrue(run("impact", "--fail", "NOPE-1").err().contains("NOPE-1"));
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("export", "--format", "xml").code());
        Run nowhere = run("export", "--out", dir.resolve("no-such-dir").resolve("x.json").toString());
        assertEquals(2, nowhere.code());
        assertTrue(nowhere.err().contains("--out: cannot write " + dir.resolve("no-such-dir").resolve("x.json") + ": no such directory "
                + dir.resolve("no-such-dir")), nowhere.err());
        assertEquals(2, run("export", "--format", "oscal-mapping", "--from", "hipaa-security", "--to", "hipaa-security").code());
        // a pair with no crosswalk has no OSCAL mapping collection: refused in one line, not a stack trace
        Run none = run("export", "--format", "oscal-mapping", "--from", "hipaa-privacy-breach", "--to", "nist-csf-2.0");
        assertEquals(1, none.code(), none.err());
        assertEquals("crossmap export: no mapping between hipaa-privacy-breach and nist-csf-2.0 in this store, and an OSCAL mapping collection"
                + " needs at least one; nothing written", none.err().strip());
        assertEquals("", none.out());
        // an option missing its value is named as such (the command's own Bolt default does not stand in for it)
        Run missing = exec(List.of("coverage", "--data-dir"));
        assertEquals(2, missing.code());
        assertEquals("crossmap coverage: option --data-dir needs a value", missing.err().strip());
    }

    @Test
    void every_command_has_help() {
        for (String c : List.of("import", "export", "impact", "coverage")) {
            Run r = run(c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("usage: crossmap " + c), r.out());
            assertTrue(r.out().contains("--neo4j-uri"), "common options listed");
        }
    }

    @Test
    void a_refused_import_names_the_problem_exits_1_and_changes_nothing() throws Exception {
        String before = h.bundles.canonicalDump();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"crossmap-bundle/1\",\"controls\":[{\"id\":\"Z-1\",\"name\":\"z\",\"satisfies\":[{\"framework\":\"soc2-tsc-2017\",\"id\":\"CC0.0\"}]}]}");
        Run r = run("import", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("controls[0].satisfies[0].id: no requirement soc2-tsc-2017:CC0.0"), r.err());
        assertEquals(before, h.bundles.canonicalDump());
        Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        Run enc = run("import", dir.resolve("latin1.json").toString());
        assertEquals(1, enc.code());
        assertTrue(enc.err().contains("not valid UTF-8"), enc.err());
        assertEquals(1, run("import", dir.resolve("missing.json").toString()).code());
    }

    @Test
    void several_files_stop_at_the_first_refused_one_and_name_those_imported_before_it() throws Exception {
        Path good = dir.resolve("kept-first.json");
        Files.writeString(good, "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"cli-kept\",\"name\":\"Kept\"}],"
                + "\"requirements\":[{\"framework\":\"cli-kept\",\"id\":\"K1\",\"name\":\"one\",\"kind\":\"requirement\"}]}");
        Path bad = dir.resolve("refused-second.json");
        Files.writeString(bad, "{\"format\":\"crossmap-bundle/1\",\"requirements\":[{\"framework\":\"cli-kept\",\"id\":\"K2\",\"name\":\"two\","
                + "\"kind\":\"requirement\",\"parent\":\"K9\"}]}");
        Path never = dir.resolve("never-third.json");
        Files.writeString(never, "{\"format\":\"crossmap-bundle/1\",\"frameworks\":[{\"id\":\"cli-never\",\"name\":\"Never\"}]}");
        Run r = run("import", good.toString(), bad.toString(), never.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("refused-second.json refused, nothing from it was written"), r.err());
        assertTrue(r.err().contains("stopped at " + bad + "; imported before it, and kept: " + good), r.err());
        // the first file is in the store, the refused one and the one after it are not
        assertEquals(List.of("cli-kept:K1"), h.graph.<List<String>>inRead(tx -> tx.run(
                "MATCH (r:Requirement {framework: 'cli-kept'}) RETURN r.uid AS uid ORDER BY uid").list(x -> x.get("uid").asString())));
        assertEquals(0L, (long) h.graph.<Long>inRead(tx -> tx.run("MATCH (f:Framework {id: 'cli-never'}) RETURN count(f) AS n").single().get("n").asLong()));
        // a refusal of the first file has nothing to name
        Run alone = run("import", bad.toString(), good.toString());
        assertEquals(1, alone.code());
        assertFalse(alone.err().contains("kept:"), alone.err());
    }

    @Test
    void an_oscal_mapping_collection_from_another_tool_imports_with_its_sides_named() throws Exception {
        Path doc = dir.resolve("other-tool.oscal.json");
        Files.writeString(doc, """
                {"mapping-collection": {"uuid": "0b6f1f5e-6a2b-4c1d-9e3f-7a8b9c0d1e2f",
                  "metadata": {"title": "CSF 2.0 to SOC 2 (another tool)", "last-modified": "2026-11-01T00:00:00Z", "version": "1", "oscal-version": "1.2.0"},
                  "provenance": {"method": "human", "matching-rationale": "semantic", "status": "complete", "mapping-description": "no crossmap props"},
                  "mappings": [{"uuid": "1c7a2b3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d",
                    "source-resource": {"type": "catalog", "href": "https://example.org/csf2.json"},
                    "target-resource": {"type": "catalog", "href": "https://example.org/tsc.json"},
                    "maps": [{"uuid": "2d8b3c4e-5f6a-4b7c-9d0e-1f2a3b4c5d6e", "relationship": "intersects-with",
                              "sources": [{"type": "control", "id-ref": "GV.PO-01"}], "targets": [{"type": "control", "id-ref": "CC1.1"}]}]}]}}
                """);
        Run bare = run("import", doc.toString());
        assertEquals(1, bare.code(), bare.err());
        assertTrue(bare.err().contains("or name it with --source-framework"), bare.err());
        Run named = run("import", doc.toString(), "--source-framework", "nist-csf-2.0", "--target-framework", "soc2-tsc-2017");
        assertEquals(0, named.code(), named.err());
        assertTrue(named.out().contains("1 mappings"), named.out());
        assertEquals(1L, (long) h.graph.<Long>inRead(tx -> tx.run("MATCH (:Requirement {uid: 'nist-csf-2.0:GV.PO-01'})-[m:MAPS_TO {source: 'CSF 2.0 to SOC 2 (another tool)'}]->"
                + "(:Requirement {uid: 'soc2-tsc-2017:CC1.1'}) RETURN count(m) AS n").single().get("n").asLong()));
        // the sides belong to an OSCAL mapping collection only
        Path csv = dir.resolve("sides.csv");
        Files.writeString(csv, "from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\n");
        Run wrong = run("import", csv.toString(), "--source-framework", "nist-csf-2.0");
        assertEquals(2, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("name the sides of an OSCAL mapping collection; sides.csv is crosswalk-csv"), wrong.err());
    }

    @Test
    void export_then_import_of_a_bundle_is_idempotent() throws Exception {
        Path out = dir.resolve("export.json");
        assertEquals(0, run("export", "--out", out.toString()).code());
        String before = h.bundles.canonicalDump();
        Run r = run("import", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("imported "), r.out());
        assertEquals(before, h.bundles.canonicalDump());
    }

    @Test
    void crosswalk_csv_and_oscal_mapping_exports_reimport_to_the_same_graph() throws Exception {
        String before = h.bundles.canonicalDump();
        Path csv = dir.resolve("cw.csv");
        assertEquals(0, run("export", "--format", "crosswalk-csv", "--from", "soc2-tsc-2017", "--to", "hipaa-security", "--out", csv.toString()).code());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note", lines.get(0));
        assertEquals(1 + 46, lines.size());
        assertTrue(lines.contains("soc2-tsc-2017,CC6.7,hipaa-security,164.312(e)(2)(ii),superset_of,8,,hipaa-to-soc2-head-start,Encryption in transit"), lines.toString());
        Run r = run("import", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("46 mappings"), r.out());
        Path oscal = dir.resolve("cw.oscal.json");
        assertEquals(0, run("export", "--format", "oscal-mapping", "--out", oscal.toString()).code());
        assertTrue(Files.readString(oscal).contains("\"superset-of\""));
        assertEquals(0, run("import", oscal.toString()).code());
        assertEquals(before, h.bundles.canonicalDump());
    }

    /** Imports `content` as file `name`, which must be refused (exit 1); returns what the command wrote to stderr. */
    String refusedImport(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Run r = run("import", file.toString());
        assertEquals(1, r.code(), r.err());
        return r.err();
    }

    @Test
    void a_csv_with_a_spreadsheet_formula_is_refused_with_file_line_and_column() throws Exception {
        String before = h.bundles.canonicalDump();
        String evil = refusedImport("evil.csv", "from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(d),equal,10,,pub,ok\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(b),equal,10,,pub,=cmd|' /C calc'!A0\r\n");
        assertTrue(evil.contains("evil.csv:3:9") && evil.contains("formula"), evil);
        // ids the store does not hold are found after reading, against the store: still named by line and column
        String dangling = refusedImport("dangling.csv", "from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(d),equal,10,,pub,\"two\r\nlines\"\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.999,equal,10,,pub,\r\n"
                + "soc2-tsc-2017,CC99.9,hipaa-security,164.312(b),equal,10,,pub,\r\n");
        assertTrue(dangling.contains("  dangling.csv:4:4: to_id: no requirement hipaa-security:164.999\n"), dangling);
        assertTrue(dangling.contains("  dangling.csv:5:2: from_id: no requirement soc2-tsc-2017:CC99.9\n"), dangling);
        // the reference layouts too: seed_crosswalk.csv (a gap note's row) and mappings_public.csv
        String seed = refusedImport("seed.csv", "source,topic,hipaa_cited_as,hipaa_id,soc2_id,strength,note\n"
                + "s1,Access,x,164.312(a)(1),CC6.1,strong,\n"
                + "s1,Nowhere,x,164.399(q),,gap,\n");
        assertTrue(seed.contains("  seed.csv:3:4: no requirement hipaa-security:164.399(q)\n"), seed);
        String pub = refusedImport("public.csv", "source,source_framework,source_id,target_framework,target_id,relationship,strength,note\n"
                + "p1,nist_sp800_53r5,ZZ-99,hipaa_security_rule,164.308(a)(1)(ii)(A),,,\n");
        assertTrue(pub.contains("  public.csv:2:3: source_id: no requirement nist-sp800-53r5:ZZ-99\n"), pub);
        assertEquals(before, h.bundles.canonicalDump());
    }

    @Test
    void an_oscal_catalog_imports_as_a_framework() throws Exception {
        java.net.URL url = CliTest.class.getResource("/interchange/catalog.json");
        Path cat = Path.of(url.toURI());
        Run r = run("import", cat.toString(), "--framework", "test-oscal");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 frameworks"), r.out());
        Run again = run("import", cat.toString(), "--framework", "test-oscal");
        assertEquals(0, again.code(), again.err());
    }
}
