package crossmap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import crossmap.TestServer;
import crossmap.interchange.Resources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * `POST /api/import` reads the command line's formats too (crosswalk CSV, OSCAL catalog), detected
 * or named; refusals change nothing. On a server of its own: the imported framework and mapping would
 * change the figures other API tests assert on the shared one.
 */
class ImportFormatsApiTest {
    static final TestServer S = TestServer.startPrivate();

    @AfterAll
    static void close() {
        S.app.close();
    }

    @Test
    void crosswalk_csv_and_oscal_catalogs_import_through_the_api_too() throws Exception {
        String csv = "from_framework,from_id,to_framework,to_id,relationship,strength,rationale,source,note\r\n"
                + "soc2-tsc-2017,CC6.1,hipaa-security,164.312(d),subset_of,6,semantic,api-csv-test,\"via the API, quoted\"\r\n";
        TestServer.Response r = S.send("POST", "/api/import", csv, S.app.token());
        assertEquals(200, r.status(), r.body());
        assertEquals("crosswalk-csv", r.json().get("format").asText());
        assertEquals(1, r.json().get("imported").get("mappings").asInt());
        assertTrue(S.app.bundles().canonicalDump().contains("R soc2-tsc-2017:CC6.1 -MAPS_TO-> hipaa-security:164.312(d) {key=api-csv-test|, "
                + "note=via the API, quoted, rationale=semantic, relationship=subset_of, source=api-csv-test, strength=6:Long, }"));

        String before = S.app.bundles().canonicalDump();
        String catalog = Resources.text("interchange/catalog.json");
        ApiTest.assertError(S.send("POST", "/api/import", catalog, S.app.token()), 400, "an OSCAL catalog needs ?framework=ID");
        ApiTest.assertError(S.send("POST", "/api/import?format=crosswalk-csv&framework=x", csv, S.app.token()), 400, "only an OSCAL catalog takes ?framework=");
        ApiTest.assertError(S.send("POST", "/api/import?format=xlsx", csv, S.app.token()), 400, "unknown format 'xlsx'");
        ApiTest.assertError(S.send("POST", "/api/import", "", S.app.token()), 400, "an import body is required");
        TestServer.Response formula = S.send("POST", "/api/import", Resources.text("interchange/crosswalk-errors.csv"), S.app.token());
        ApiTest.assertError(formula, 400, "problem(s) in the crosswalk-csv document; nothing was imported");
        assertTrue(formula.body().contains("formula"), formula.body());
        // a lone JSON value is JSON that is not a bundle, not a CSV whose header would be "null"
        for (String scalar : java.util.List.of("null", "\"x\"", "42")) {
            ApiTest.assertError(S.send("POST", "/api/import", scalar, S.app.token()), 400, "problem(s) in the bundle");
            assertTrue(S.send("POST", "/api/import", scalar, S.app.token()).body().contains("a bundle must be a JSON object"), scalar);
        }
        ApiTest.assertError(S.send("POST", "/api/import?format=oscal-catalog&framework=api-oscal-test", csv, S.app.token()), 400, "nothing was imported");
        TestServer.Response dangling = S.send("POST", "/api/import", csv + "soc2-tsc-2017,CC6.1,hipaa-security,164.999,equal,10,,api-csv-test,\r\n",
                S.app.token());
        ApiTest.assertError(dangling, 400, "nothing was imported");
        assertEquals("request body:3:4", dangling.json().get("details").get(0).get("path").asText(), dangling.body());
        assertEquals("to_id: no requirement hipaa-security:164.999", dangling.json().get("details").get(0).get("message").asText());
        assertEquals(before, S.app.bundles().canonicalDump(), "refused imports change nothing");

        TestServer.Response c = S.send("POST", "/api/import?framework=api-oscal-test", catalog, S.app.token());
        assertEquals(200, c.status(), c.body());
        assertEquals("oscal-catalog", c.json().get("format").asText());
        JsonNode tree = S.get("/api/frameworks/api-oscal-test/requirements").json();
        assertTrue(tree.toString().contains("\"ac-2.1\"") && tree.toString().contains("Automated System Account Management"), tree.toString());
        // the OSCAL label is kept on the requirement, and exported with it
        assertEquals("AC-2(1)", S.get("/api/requirements/" + TestServer.enc("api-oscal-test:ac-2.1")).json().get("requirement").get("label").asText());
        assertTrue(S.app.bundles().export().requirements().stream().anyMatch(q -> q.uid().equals("api-oscal-test:ac-2.1") && "AC-2(1)".equals(q.label())));
    }

}
