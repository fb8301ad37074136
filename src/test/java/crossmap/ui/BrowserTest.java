package crossmap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crossmap.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End-to-end tests of the web UI in Debian's headless Chromium (driven by Debian's chromedriver,
 * so Selenium Manager never downloads anything) against the real server on the built-in dataset.
 * Every expected value is computed from the JSON API at test time, not hard-coded. Each test saves
 * a screenshot under target/screenshots/ and fails on any SEVERE browser console entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    // Debian's paths; elsewhere (Ubuntu's chromium-browser and chromium-chromedriver) name them in these variables
    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CROSSMAP_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Paths.get(System.getenv().getOrDefault("CROSSMAP_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SHOTS = Paths.get("target", "screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static ChromeDriver driver;
    static Path profile;
    static Path downloads;
    static int loads;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (or set CROSSMAP_CHROMIUM and CROSSMAP_CHROMEDRIVER to where they are)");
        }
        server = TestServer.get();
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("crossmap-chromium");
        downloads = Files.createDirectories(Paths.get("target", "downloads").toAbsolutePath());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        o.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) driver.quit();
        if (profile != null) {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    static JavascriptExecutor js() {
        return driver;
    }

    static Object script(String code, Object... args) {
        return js().executeScript(code, args);
    }

    static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    /** Waits until the JavaScript expression is truthy. */
    static void until(String expression, String what) {
        try {
            waiting(30).until(d -> {
                Object v = ((JavascriptExecutor) d).executeScript("try { return !!(" + expression + "); } catch (e) { return false; }");
                return Boolean.TRUE.equals(v);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("timed out waiting for " + what + " (" + expression + "); UI error: "
                    + script("return document.body.dataset.error || ''") + "; console: " + consoleEntries(x -> true), e);
        }
    }

    /** Loads the page afresh (a new document each time) at a hash route and waits for the view. */
    static void open(String hash, String view) {
        driver.get(server.base + "/?load=" + (++loads) + hash);
        until("document.body.dataset.ready === '" + view + "'", "the " + view + " view");
    }

    static List<String> consoleEntries(Predicate<LogEntry> keep) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (keep.test(e)) out.add(e.getLevel() + " " + e.getMessage());
        }
        return out;
    }

    /** Fails on SEVERE console entries (JavaScript errors, failed requests) other than those allowed. */
    static void assertNoConsoleErrors(String where, Predicate<String> allowed) {
        List<String> severe = consoleEntries(e -> e.getLevel().intValue() >= Level.SEVERE.intValue());
        severe.removeIf(allowed);
        assertTrue(severe.isEmpty(), where + ": console errors " + severe);
        Object uiError = script("return document.body.dataset.error || ''");
        assertEquals("", uiError, where + ": the UI showed an error banner");
    }

    static void assertNoConsoleErrors(String where) {
        assertNoConsoleErrors(where, s -> false);
    }

    static void shot(String name) throws IOException {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static JsonNode api(String path) {
        TestServer.Response r = server.get(path);
        assertEquals(200, r.status(), path + " -> " + r.body());
        return r.json();
    }

    static TestServer.Response post(String path, Object body) {
        try {
            return server.send("POST", path, JSON.writeValueAsString(body), server.app.token());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebElement el(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    static List<WebElement> els(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    static Set<String> attrs(String css, String attribute) {
        return els(css).stream().map(e -> e.getAttribute(attribute)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "uid source" of every gap note in a requirement tree that is against `other` or names none. */
    static void collectGaps(JsonNode nodes, String other, List<String> out) {
        for (JsonNode n : nodes) {
            for (JsonNode g : n.get("gaps")) {
                if (g.get("against").isNull() || g.get("against").asText().equals(other)) out.add(n.get("uid").asText() + " " + g.get("source").asText());
            }
            if (n.has("children")) collectGaps(n.get("children"), other, out);
        }
    }

    static Set<String> uids(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(x -> out.add(x.get("uid").asText()));
        return out;
    }

    /** A coverage answer's framework totals as the card shows them: full, partial, none, count. */
    static List<String> statCounts(JsonNode framework) {
        JsonNode t = framework.get("total");
        return List.of(t.get("full").asText(), t.get("partial").asText(), t.get("none").asText(), t.get("count").asText());
    }

    /** The framework card's four stat boxes, in the same order. */
    static List<String> shownCounts() {
        return Stream.of("stat-full", "stat-partial", "stat-none", "stat-total")
                .map(c -> el(".fw-card .stat." + c).getAttribute("data-count")).toList();
    }

    /** A framework's entry in an impact answer; the answer lists only frameworks with a change, so absent means nothing lost or degraded. */
    static JsonNode framework(JsonNode impact, String fw) {
        for (JsonNode f : impact.get("frameworks")) if (f.get("framework").asText().equals(fw)) return f;
        com.fasterxml.jackson.databind.node.ObjectNode none = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        none.putArray("lost");
        none.putArray("degraded");
        return none;
    }

    static void setText(String css, String text) {
        WebElement e = el(css);
        e.clear();
        // textareas and inputs: set the value directly (sendKeys would auto-indent nothing here, but is slow for long text)
        script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", e, text);
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void every_view_loads_without_console_errors_with_labelled_controls() throws IOException {
        consoleEntries(e -> true); // flush
        for (String view : List.of("explorer", "impact", "coverage", "matrix", "cypher")) {
            open("#/" + view, view);
            assertNoConsoleErrors(view);
            assertEquals("page", el(".tab[data-view='" + view + "']").getAttribute("aria-current"), "current tab of " + view);
            assertTrue(el("#view-" + view).isDisplayed(), view + " shown");
            // every visible form control has a label (label[for], a wrapping label or aria-label)
            Object unlabelled = script(
                    "return Array.from(document.querySelectorAll('#view-' + arguments[0] + ' input, #view-' + arguments[0] + ' select, #view-' + arguments[0] + ' textarea'))"
                            + ".filter(e => e.offsetParent !== null && e.type !== 'hidden')"
                            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))"
                            + ".map(e => e.id || e.outerHTML.slice(0, 80))", view);
            assertEquals(List.of(), unlabelled, view + ": unlabelled controls");
        }
        // the tabs are real links with hash routes
        assertEquals(5, els("nav.tabs a.tab[href^='#/']").size());
        // usable on a narrow window: nothing wider than the viewport
        driver.manage().window().setSize(new Dimension(420, 860));
        try {
            for (String view : List.of("explorer", "impact", "coverage", "matrix", "cypher")) {
                open("#/" + view, view);
                Object overflow = script("return document.documentElement.scrollWidth - window.innerWidth");
                assertTrue(((Number) overflow).intValue() <= 0, view + " overflows a narrow window by " + overflow + "px");
                assertNoConsoleErrors(view + " (narrow)");
            }
            open("#/impact?fail=BC-04", "impact");
            shot("narrow-impact");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(2)
    void explorer_search_finds_access_control_and_shows_its_neighbourhood_and_details() throws IOException {
        String uid = "hipaa-security:164.312(a)(1)";
        consoleEntries(e -> true);
        open("#/explorer", "explorer");
        WebElement input = el("#search-input");
        input.click();
        input.sendKeys("164.312");
        String result = "#search-results a.result[data-key='" + uid + "']";
        until("document.querySelector(\"" + result + "\")", "a search result for " + uid);
        assertTrue(el(result).getText().contains("Access Control"), el(result).getText());
        el(result).click();
        until("document.body.dataset.ready === 'explorer' && document.body.dataset.explorerFocus === '" + uid
                + "' && document.getElementById('details-panel').dataset.key === '" + uid + "'", "the focused graph and its details");

        // the graph holds exactly the API's neighbourhood
        JsonNode g = api("/api/graph?focus=" + TestServer.enc(uid) + "&depth=1");
        assertEquals(String.valueOf(g.get("nodes").size()), el("body").getAttribute("data-explorer-nodes"));
        assertEquals(g.get("nodes").size(), Integer.parseInt(el("#node-count").getText()));

        // the side panel: name, mappings both ways with their sources, direct controls
        JsonNode req = api("/api/requirements/" + TestServer.enc(uid));
        String panel = el("#details-panel").getText();
        assertTrue(panel.contains("Access Control"), panel);
        String lower = panel.toLowerCase(java.util.Locale.ROOT); // section headings are upper-cased by CSS
        assertTrue(lower.contains("maps to (" + req.get("mapsTo").size() + ")"), panel);
        assertTrue(lower.contains("mapped from (" + req.get("mappedFrom").size() + ")"), panel);
        for (JsonNode m : req.get("mappedFrom")) assertTrue(panel.contains(m.get("source").asText()), "source " + m.get("source"));
        for (JsonNode c : req.get("controls")) assertTrue(panel.contains(c.get("id").asText()), "control " + c.get("id"));
        assertEquals(req.get("coverage").get("level").asText(), el("#details-panel [data-coverage-level]").getAttribute("data-coverage-level"), "coverage level");
        // a mapping's source says on hover what it names, as /api/sources describes it (from the reference's SOURCES.md)
        Map<String, String> publications = new java.util.TreeMap<>();
        for (JsonNode x : api("/api/sources").get("sources")) if (x.has("publication")) publications.put(x.get("key").asText(), x.get("publication").asText());
        WebElement chip = els("#details-panel .source[data-source]").stream().filter(e -> e.isDisplayed() && publications.containsKey(e.getAttribute("data-source")))
                .findFirst().orElseThrow(() -> new AssertionError("a described source in the panel"));
        new Actions(driver).moveToElement(chip).perform();
        // the descriptions are fetched on the first hover
        String publication = publications.get(chip.getAttribute("data-source"));
        waiting(10).until(d -> chip.getAttribute("title").startsWith(publication));
        assertTrue(driver.getCurrentUrl().contains("focus=" + uid), driver.getCurrentUrl());
        assertNoConsoleErrors("explorer");
        shot("explorer");

        // double-click a neighbour (through the keyboard list of nodes) to expand the graph
        String parent = req.get("parentUid").asText();
        el(".node-list summary").click();
        WebElement item = el(".node-item[data-key='" + parent + "']");
        new Actions(driver).doubleClick(item).perform();
        Set<String> union = new TreeSet<>();
        g.get("nodes").forEach(n -> union.add(n.get("id").asText()));
        api("/api/graph?focus=" + TestServer.enc(parent) + "&depth=1").get("nodes").forEach(n -> union.add(n.get("id").asText()));
        until("document.body.dataset.explorerNodes === '" + union.size() + "'", "the expanded graph (" + union.size() + " nodes)");
        assertNoConsoleErrors("explorer expand");
        shot("explorer-expanded");

        // the search is in the address: a link with q= opens with the box filled and its results listed
        assertTrue(driver.getCurrentUrl().contains("q=164.312"), driver.getCurrentUrl());
        open("#/explorer?q=164.312(b)", "explorer");
        assertEquals("164.312(b)", el("#search-input").getAttribute("value"));
        String audit = "#search-results a.result[data-key='hipaa-security:164.312(b)']";
        until("document.querySelector(\"" + audit + "\")", "the search result of the link's q");
        assertTrue(el(audit).getText().contains("Audit"), el(audit).getText());
        // clearing the box (Escape) clears the address's search too
        el("#search-input").sendKeys(org.openqa.selenium.Keys.ESCAPE);
        until("!location.hash.includes('q=')", "the address without q");
        // a link without q (from another view) focuses its node and leaves the box empty, the address its own
        open("#/explorer?focus=" + uid + "&q=164.312(b)", "explorer");
        until("document.body.dataset.explorerFocus === '" + uid + "' && document.querySelector(\"" + audit + "\")", "focus and search from one link");
        // a control in the details panel focuses that control and keeps the search
        String ctl = req.get("controls").get(0).get("id").asText();
        el("#details-panel a.chip-ctl[href*='focus=" + ctl + "']").click();
        until("document.body.dataset.explorerFocus === '" + ctl + "'", "the control " + ctl + " in focus");
        assertTrue(driver.getCurrentUrl().contains("q=164.312(b)"), driver.getCurrentUrl());
        assertEquals("164.312(b)", el("#search-input").getAttribute("value"));
        assertTrue(el(audit).isDisplayed(), "the results stay listed");
        // a search typed after the panel was drawn goes with the next link clicked in it
        el("#search-input").clear();
        el("#search-input").sendKeys("Audit");
        until("location.hash.includes('q=Audit')", "the new search in the address");
        WebElement satisfied = el("#details-panel a[href^='#/explorer'][href*='focus=hipaa-security']");
        String next = java.net.URLDecoder.decode(satisfied.getAttribute("href").replaceAll(".*focus=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        satisfied.click();
        until("document.body.dataset.explorerFocus === '" + next + "'", "the linked requirement " + next);
        assertTrue(driver.getCurrentUrl().contains("q=Audit"), driver.getCurrentUrl());
        String audits = "hipaa-security:164.312(b)";
        script("location.hash = '#/explorer?focus=" + audits + "'");
        until("document.body.dataset.explorerFocus === '" + audits + "' && document.getElementById('details-panel').dataset.key === '" + audits + "'",
                "the linked node in focus");
        assertEquals("", el("#search-input").getAttribute("value"));
        assertTrue(driver.getCurrentUrl().endsWith("#/explorer?focus=" + audits), driver.getCurrentUrl());
        assertNoConsoleErrors("explorer search link");

        // a parent full by roll-up says so (its paths alone are partial): the count of parts from the API
        String doc = "hipaa-security:164.316(b)(1)";
        JsonNode docCov = api("/api/requirements/" + TestServer.enc(doc)).get("coverage");
        assertEquals("rollUp full", "rollUp " + docCov.get("levelFrom").get("rollUp").asText());
        script("location.hash = '#/explorer?focus=" + doc + "'");
        until("document.getElementById('details-panel').dataset.key === '" + doc + "' && document.getElementById('level-basis')", "the roll-up basis");
        assertEquals("full because all " + docCov.get("levelFrom").get("children").get("full").asInt() + " parts are full.", el("#level-basis").getText());

        // a requirement with a recorded gap note is marked in the graph's node list, as the API counts its notes
        String cc81 = "soc2-tsc-2017:CC8.1";
        script("location.hash = '#/explorer?focus=" + cc81 + "'");
        until("document.body.dataset.explorerFocus === '" + cc81 + "' && document.getElementById('details-panel').dataset.key === '" + cc81 + "'",
                "CC8.1 in focus");
        Map<String, String> gapsByKey = new java.util.TreeMap<>();
        for (JsonNode n : api("/api/graph?focus=" + TestServer.enc(cc81) + "&depth=1").get("nodes")) gapsByKey.put(n.get("key").asText(), n.get("gaps").asText());
        assertEquals("1", gapsByKey.get(cc81), "CC8.1 carries the seed crosswalk's gap note");
        Map<String, String> shownGaps = new java.util.TreeMap<>();
        for (WebElement b : els("#node-list-items button.node-item")) shownGaps.put(b.getAttribute("data-key"), b.getAttribute("data-gaps"));
        assertEquals(gapsByKey, shownGaps);
        assertTrue(el("#node-list-items button.node-item[data-key='" + cc81 + "']").getAttribute("textContent").contains("gap noted"));
        assertNoConsoleErrors("explorer gap note");

        // "Evidence as of": the panel's level is the API's for that date, the date is in the address, and
        // without one the panel says evidence dates are not applied
        String guard = "hipaa-security:164.310(a)(2)(ii)";
        String day = "2026-12-31";
        String undated = api("/api/requirements/" + TestServer.enc(guard)).get("coverage").get("level").asText();
        String dated = api("/api/requirements/" + TestServer.enc(guard) + "?asOf=" + day).get("coverage").get("level").asText();
        assertFalse(undated.equals(dated), "expired evidence moves " + guard + " (" + undated + " without a date)");
        script("location.hash = '#/explorer?focus=" + guard + "'");
        until("document.getElementById('details-panel').dataset.key === '" + guard + "'", guard + " in focus");
        assertEquals(undated, el("#details-panel [data-coverage-level]").getAttribute("data-coverage-level"));
        assertTrue(el("#coverage-asof-note").getText().contains("evidence dates not applied"), el("#coverage-asof-note").getText());
        script("const i = document.getElementById('explorer-asof'); i.value = arguments[0]; i.dispatchEvent(new Event('change'));", day);
        until("location.hash.includes('asOf=" + day + "') && document.getElementById('details-panel').dataset.key === '" + guard
                + "' && document.querySelector('#details-panel [data-coverage-level]').dataset.coverageLevel === '" + dated + "'", "the level on " + day);
        assertTrue(el("#coverage-asof-note").getText().contains(day), el("#coverage-asof-note").getText());
        assertEquals(day, el("#explorer-asof").getAttribute("value"));
        assertNoConsoleErrors("explorer as of");
        shot("explorer-as-of");

        // hiding frameworks hides them and what only they linked to the focus: the nodes shown are those the
        // API's neighbourhood reaches from the focus without passing through a hidden framework
        String audit2 = "hipaa-security:164.312(b)";
        List<String> hide = List.of("nist-sp800-53r5", "nist-csf-1.1");
        JsonNode g2 = api("/api/graph?focus=" + TestServer.enc(audit2) + "&depth=2");
        Map<String, String> fwOf = new java.util.HashMap<>();
        String focusId = g2.get("focus").asText();
        for (JsonNode n : g2.get("nodes")) fwOf.put(n.get("id").asText(), n.path("framework").asText(""));
        Set<String> reached = new TreeSet<>(List.of(focusId));
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(focusId));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (JsonNode e : g2.get("edges")) {
                String a = e.get("source").asText(), b = e.get("target").asText();
                String other = a.equals(at) ? b : b.equals(at) ? a : null;
                if (other != null && fwOf.containsKey(other) && !hide.contains(fwOf.get(other)) && reached.add(other)) queue.add(other);
            }
        }
        assertTrue(reached.size() < g2.get("nodes").size(), "the filter hides something");
        script("location.hash = '#/explorer?focus=" + audit2 + "&depth=2&fw=" + String.join(",", api("/api/frameworks").findValuesAsText("id").stream()
                .filter(id -> !hide.contains(id)).toList()) + "'");
        until("document.body.dataset.explorerFocus === '" + audit2 + "' && document.body.dataset.explorerNodes === '" + g2.get("nodes").size()
                + "' && document.getElementById('explorer-filter-note').textContent.includes(' of ')", "the filtered depth-2 neighbourhood");
        assertEquals(String.valueOf(reached.size()), el("#node-count").getText());
        assertTrue(el("#explorer-filter-note").getText().startsWith("· " + reached.size() + " of " + g2.get("nodes").size() + " shown"),
                el("#explorer-filter-note").getText());
        assertNoConsoleErrors("explorer filtered");
        assertEquals(List.of(), nodesOutsideTheGraphBox(), "every node shown lies inside the graph's box");
        shot("explorer-filtered");

        // hiding one more framework by its checkbox: what stays is refitted into the box, which the
        // filter note may have made shorter
        script("const cb = document.getElementById('fw-check-nist-csf-2.0'); cb.checked = false; cb.dispatchEvent(new Event('change'));");
        until("location.hash.includes('fw=') && !location.hash.includes('nist-csf-2.0')", "the filter in the address");
        assertEquals(List.of(), nodesOutsideTheGraphBox(), "after a filter change too");
    }

    /**
     * The Explorer's shown nodes whose drawn box leaves the graph's box (Cytoscape's own instance,
     * which it keeps on its container), each as "id [x1,y1 x2,y2] in w x h"; waits for the view to settle first.
     */
    @SuppressWarnings("unchecked")
    static List<String> nodesOutsideTheGraphBox() {
        until("(() => { const c = document.getElementById('explorer-graph'); const cy = c._cyreg && c._cyreg.cy;"
                + " return cy && cy.nodes(':visible').length > 0 && !cy.animated(); })()", "the Explorer graph at rest");
        try {
            Thread.sleep(400); // a fit after a layout is one more frame
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (List<String>) script("const c = document.getElementById('explorer-graph'); const cy = c._cyreg.cy;"
                + " const w = cy.width(), h = cy.height(), out = [];"
                + " cy.nodes(':visible').forEach((n) => { const b = n.renderedBoundingBox({ includeLabels: false });"
                + "   if (b.x1 < -1 || b.y1 < -1 || b.x2 > w + 1 || b.y2 > h + 1) out.push(n.id() + ' [' + [b.x1, b.y1, b.x2, b.y2].map(Math.round).join(',') + '] in ' + w + 'x' + h); });"
                + " return out;");
    }

    @Test
    @Order(3)
    void impact_of_a_failed_control_lists_the_hipaa_specifications_the_api_says_are_lost() throws IOException {
        // choose, from the API, the operating control whose failure loses the most HIPAA Security specifications
        String chosen = null;
        JsonNode chosenImpact = null;
        int best = 0;
        for (JsonNode c : api("/api/controls")) {
            if (!c.get("status").asText().equals("operating")) continue;
            JsonNode imp = post("/api/impact", Map.of("fail", List.of(c.get("id").asText()), "hops", 1)).json();
            long specs = 0;
            for (JsonNode x : framework(imp, "hipaa-security").get("lost")) {
                if ("implementation_specification".equals(x.path("kind").asText())) specs++;
            }
            if (specs > best) {
                best = (int) specs;
                chosen = c.get("id").asText();
                chosenImpact = imp;
            }
        }
        assertTrue(best >= 2, "the dataset has a control whose failure loses several HIPAA specifications");

        consoleEntries(e -> true);
        open("#/impact", "impact");
        el("label[for='fail-" + chosen + "']").click();
        final String id1 = chosen;
        until("document.body.dataset.ready === 'impact' && document.getElementById('impact-summary').dataset.state === 'done'"
                + " && document.getElementById('impact-summary').dataset.fail === '" + id1 + "'", "the impact of " + id1);
        assertTrue(driver.getCurrentUrl().contains("fail=" + chosen), "the scenario is in the URL: " + driver.getCurrentUrl());
        assertEquals(uids(framework(chosenImpact, "hipaa-security").get("lost")),
                attrs("#impact-frameworks [data-framework='hipaa-security'] .lost-item", "data-uid"), "HIPAA Security lost list");
        assertEquals(uids(framework(chosenImpact, "hipaa-security").get("degraded")),
                attrs("#impact-frameworks [data-framework='hipaa-security'] .degraded-item", "data-uid"), "HIPAA Security degraded list");
        assertEquals(uids(framework(chosenImpact, "soc2-tsc-2017").get("lost")),
                attrs("#impact-frameworks [data-framework='soc2-tsc-2017'] .lost-item", "data-uid"), "SOC 2 lost list");
        assertEquals(chosenImpact.get("lostCount").asText(), el("#impact-lost-count").getAttribute("data-count"));
        assertEquals(chosenImpact.get("degradedCount").asText(), el("#impact-degraded-count").getAttribute("data-count"));
        // totals before -> after for HIPAA Security
        JsonNode h = framework(chosenImpact, "hipaa-security");
        String totals = el(".totals-table tr[data-framework='hipaa-security']").getText();
        assertTrue(totals.contains(h.get("before").get("full").asText() + " / " + h.get("before").get("partial").asText() + " / " + h.get("before").get("none").asText()), totals);
        assertTrue(totals.contains(h.get("after").get("full").asText() + " / " + h.get("after").get("partial").asText() + " / " + h.get("after").get("none").asText()), totals);
        // every lost path starts at the failed control and is drawn in the graph
        assertTrue(Integer.parseInt(el("#impact-graph-wrap").getAttribute("data-nodes")) > 1, "the impact graph has nodes");
        assertNoConsoleErrors("impact");
        shot("impact");
        script("document.getElementById('impact-graph-wrap').scrollIntoView({block: 'center'})");
        shot("impact-graph");

        // a second control through its checkbox, then the URL alone reproduces the scenario
        String second = null;
        for (JsonNode c : api("/api/controls")) {
            if (c.get("status").asText().equals("operating") && !c.get("id").asText().equals(chosen)) {
                second = c.get("id").asText();
                break;
            }
        }
        el("label[for='fail-" + second + "']").click();
        until("document.getElementById('impact-summary').dataset.state === 'done' && document.getElementById('impact-summary').dataset.fail.split(',').length === 2",
                "the two-control scenario");
        String url = driver.getCurrentUrl();
        String hash = url.substring(url.indexOf('#'));
        JsonNode both = post("/api/impact", Map.of("fail", List.of(chosen, second), "hops", 1)).json();
        open(hash, "impact");
        until("document.getElementById('impact-summary').dataset.state === 'done'", "the reloaded scenario");
        assertTrue(el("#fail-" + chosen).isSelected() && el("#fail-" + second).isSelected(), "both checkboxes restored from the URL");
        assertEquals(uids(framework(both, "hipaa-security").get("lost")),
                attrs("#impact-frameworks [data-framework='hipaa-security'] .lost-item", "data-uid"), "lost list of the reloaded scenario");
        assertEquals(both.get("lostCount").asText(), el("#impact-lost-count").getAttribute("data-count"));
        assertNoConsoleErrors("impact (reloaded)");

        // a control the API says was not effective already: nothing changes, no graph, and the reason given
        String inactive = null;
        for (JsonNode c : api("/api/controls")) if (c.get("status").asText().equals("failed")) inactive = c.get("id").asText();
        JsonNode none = post("/api/impact", Map.of("fail", List.of(inactive))).json();
        assertEquals(0, none.get("lostCount").asInt() + none.get("degradedCount").asInt());
        String reason = none.get("alreadyIneffective").get(0).get("reason").asText();
        open("#/impact?fail=" + inactive, "impact");
        until("document.getElementById('impact-summary').dataset.state === 'done'", "the impact of " + inactive);
        String said = el("#impact-frameworks").getText();
        assertTrue(said.contains("Nothing changes") && said.contains(inactive + " (" + reason + ") is not effective already"), said);
        assertFalse(el("#impact-graph-wrap").isDisplayed(), "no graph of a failed control alone");
        assertNoConsoleErrors("impact of an ineffective control");
    }

    @Test
    @Order(4)
    void coverage_shows_the_api_counts_required_and_addressable_apart_spof_and_gaps() throws IOException, InterruptedException {
        consoleEntries(e -> true);
        open("#/coverage?framework=hipaa-security&against=soc2-tsc-2017", "coverage");
        until("document.getElementById('coverage-body').dataset.state === 'done'", "the coverage report");
        JsonNode f = api("/api/coverage?framework=hipaa-security").get("frameworks").get(0);
        assertEquals(statCounts(f), shownCounts(), "full / partial / none / total of the framework card");
        JsonNode d = f.get("byDesignation");
        for (String k : List.of("required", "addressable")) {
            WebElement row = el(".desig-row[data-designation='" + k + "']");
            JsonNode c = d.get(k);
            assertTrue(row.getText().contains(c.get("full").asText() + "/" + c.get("partial").asText() + "/" + c.get("none").asText()),
                    k + ": " + row.getText());
        }
        assertEquals(f.get("sections").size(), els(".fw-card .bar-row[data-section]").size(), "one bar per section");
        // the overview lists apart, under their own heading, the frameworks no control satisfies directly (per /api/controls)
        Set<String> direct = new TreeSet<>();
        for (JsonNode c : api("/api/controls")) c.get("frameworks").forEach(x -> direct.add(x.asText()));
        Set<String> through = new TreeSet<>();
        for (JsonNode fw : api("/api/frameworks")) if (!direct.contains(fw.get("id").asText())) through.add(fw.get("id").asText());
        assertFalse(through.isEmpty(), "the built-in pivots are satisfied by no sample control");
        @SuppressWarnings("unchecked")
        List<String> shownThrough = (List<String>) script("return Array.from(document.querySelectorAll('#coverage-through ~ .bar-row')).map(e => e.dataset.framework);");
        assertEquals(through, new TreeSet<>(shownThrough));
        assertEquals(direct.size() + through.size(), els("#coverage-body .card .bar-row[data-framework]").size());
        // one level down (HIPAA's standards), as the API counts them: one bar per standard with something under it
        Map<String, String> parts = new java.util.TreeMap<>();
        for (JsonNode sec : f.get("sections")) for (JsonNode part : sec.get("parts")) {
            JsonNode c = part.get("counts");
            if (c.get("count").asInt() > 0) parts.put(part.get("id").asText(), c.get("full").asText() + "/" + c.get("partial").asText() + "/" + c.get("none").asText());
        }
        assertEquals(parts.keySet(), attrs(".fw-card .second-level .bar-row[data-part]", "data-part"));
        for (WebElement row : els(".fw-card .second-level .bar-row[data-part]")) {
            assertEquals(parts.get(row.getAttribute("data-part")), row.getAttribute("textContent").replaceAll(".*· ", "").trim(), row.getAttribute("data-part"));
        }
        JsonNode sp = api("/api/single-points-of-failure?framework=hipaa-security");
        List<WebElement> spRows = els("#coverage-spof tbody tr");
        assertEquals(sp.get("controls").size(), spRows.size());
        assertEquals(sp.get("controls").get(0).get("control").asText(), spRows.get(0).getAttribute("data-control"));
        JsonNode gaps = api("/api/coverage?framework=hipaa-security&against=soc2-tsc-2017").get("frameworks").get(0);
        Set<String> unmapped = uids(gaps.get("unmapped"));
        assertFalse(unmapped.isEmpty(), "the built-in HIPAA Security Rule has requirements with no SOC 2 mapping");
        assertEquals(unmapped, attrs("#coverage-gaps [data-list='unmapped'] li[data-uid]", "data-uid"), "the requirements with no mapping to SOC 2");
        Set<String> none = uids(f.get("none") == null ? JSON.createArrayNode() : f.get("none"));
        assertEquals(none, none.isEmpty() ? Set.of() : attrs("#coverage-gaps [data-list='none'] li[data-uid]", "data-uid"), "the requirements no control covers");
        String gapText = el("#coverage-gaps").getText();
        for (JsonNode u : gaps.get("unmapped")) for (JsonNode gn : u.get("gaps")) assertTrue(gapText.contains(gn.get("source").asText()), "gap source");
        // the page checks the engine against the coverage rules written in Cypher, over every requirement
        el("#coverage-verify").click();
        until("['agree', 'disagree', 'error'].includes(document.getElementById('coverage-verify-out').dataset.verify)", "the Cypher rules' check");
        WebElement verdict = el("#coverage-verify-out");
        assertEquals("agree", verdict.getAttribute("data-verify"), verdict.getText());
        assertEquals(String.valueOf(api("/api/coverage/levels?hops=1").get("levels").size()), verdict.getAttribute("data-count"));
        assertTrue(verdict.getText().startsWith("The Cypher rules agree on all 1,711 requirement levels (hops 1;"), verdict.getText());
        assertNoConsoleErrors("coverage");
        shot("coverage");

        // the asOf date picker reaches the API and the URL: on a date before any evidence was
        // collected the counts differ from the undated ones, and the card shows the dated ones
        String day = "2020-01-01";
        JsonNode dated = api("/api/coverage?framework=hipaa-security&asOf=" + day).get("frameworks").get(0);
        assertNotEquals(statCounts(f), statCounts(dated), "precondition: evidence dates change the counts on " + day);
        WebElement date = el("#coverage-asof");
        script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", date, day);
        until("location.hash.includes('asOf=" + day + "') && document.body.dataset.ready === 'coverage'"
                + " && document.getElementById('coverage-body').dataset.state === 'done'", "coverage as of " + day);
        assertEquals(statCounts(dated), shownCounts(), "the dated counts");
        // Enter in the date field keeps the page (the filters' form is never submitted)
        script("window.crossmapMarker = 'kept';");
        el("#coverage-asof").sendKeys(org.openqa.selenium.Keys.ENTER);
        Thread.sleep(700);
        assertEquals("kept", script("return window.crossmapMarker || 'reloaded';"), "Enter in the asOf field reloaded the page");
        assertNoConsoleErrors("coverage (asOf)");
    }

    @Test
    @Order(5)
    void matrix_cell_cc6_by_164_312_opens_its_rows_with_sources_and_downloads_csv() throws IOException, InterruptedException {
        JsonNode cw = api("/api/crosswalk?from=soc2-tsc-2017&to=hipaa-security");
        List<String> expected = new ArrayList<>();
        for (JsonNode r : cw.get("rows")) {
            String from = r.get("fromId").asText();
            String to = r.get("toId").asText();
            if ((from.equals("CC6") || from.startsWith("CC6.")) && to.startsWith("164.312")) {
                expected.add(from + " | " + to + " | " + r.get("source").asText() + " | " + r.get("relationship").asText());
            }
        }
        assertFalse(expected.isEmpty(), "the crosswalk maps CC6 onto 164.312");
        expected.sort(null);

        consoleEntries(e -> true);
        open("#/matrix", "matrix");
        // the gap notes each side records against the other, from the API's trees: listed with their
        // sources, and each flagged once on the header of the series or section that holds it
        Map<String, List<String>> notes = new HashMap<>();
        for (String[] side : new String[][] {{"soc2-tsc-2017", "hipaa-security"}, {"hipaa-security", "soc2-tsc-2017"}}) {
            List<String> found = new ArrayList<>();
            collectGaps(api("/api/frameworks/" + side[0] + "/requirements").get("requirements"), side[1], found);
            notes.put(side[0], found);
        }
        assertEquals(4, notes.get("soc2-tsc-2017").size() + notes.get("hipaa-security").size(), "seed gap notes between SOC 2 and HIPAA Security: " + notes);
        Set<String> gapUids = new TreeSet<>();
        notes.values().forEach(l -> l.forEach(x -> gapUids.add(x.split(" ")[0])));
        assertEquals(gapUids, attrs("#matrix-gaps [data-list='gaps'] li[data-uid]", "data-uid"));
        String gapsText = el("#matrix-gaps").getText();
        notes.values().forEach(l -> l.forEach(x -> assertTrue(gapsText.contains(x.split(" ", 2)[1]), "source shown: " + x)));
        assertEquals(notes.get("soc2-tsc-2017").size(), els("#matrix-table th.row-head .gap-flag").stream().mapToInt(f -> Integer.parseInt(f.getAttribute("data-gaps"))).sum());
        assertEquals(notes.get("hipaa-security").size(), els("#matrix-table th.col-head .gap-flag").stream().mapToInt(f -> Integer.parseInt(f.getAttribute("data-gaps"))).sum());
        assertTrue(el("#matrix-table th[data-row='CC8'] .gap-flag").getAttribute("title").contains("CC8.1"), "CC8.1's note is flagged on CC8");
        WebElement cell = el("#matrix-table button[data-row='CC6'][data-col='164.312']");
        assertEquals(String.valueOf(expected.size()), cell.getAttribute("data-count"));
        cell.click();
        until("document.body.dataset.ready === 'matrix' && document.getElementById('matrix-rows-table')", "the rows of CC6 x 164.312");
        List<String> shown = new ArrayList<>();
        for (WebElement tr : els("#matrix-rows-table tbody tr.xw-row")) {
            shown.add(tr.getAttribute("data-from") + " | " + tr.getAttribute("data-to") + " | " + tr.getAttribute("data-source") + " | "
                    + tr.getAttribute("data-relationship"));
            assertTrue(tr.getText().contains(tr.getAttribute("data-source")), "the source is shown: " + tr.getText());
        }
        shown.sort(null);
        assertEquals(expected, shown);
        assertTrue(driver.getCurrentUrl().contains("cell=CC6|164.312") || driver.getCurrentUrl().contains("cell=CC6%7C164.312"), driver.getCurrentUrl());
        assertNoConsoleErrors("matrix");
        shot("matrix");

        // CSV of the cell: one line per row plus the header
        try (Stream<Path> s = Files.list(downloads)) {
            s.forEach(p -> p.toFile().delete());
        }
        el("#matrix-csv-cell").click();
        Path csv = null;
        for (int i = 0; i < 100 && csv == null; i++) {
            try (Stream<Path> s = Files.list(downloads)) {
                csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
            }
            if (csv == null) Thread.sleep(100);
        }
        assertTrue(csv != null, "a CSV was downloaded to " + downloads);
        String text = Files.readString(csv, StandardCharsets.UTF_8).replace("\ufeff", "");
        String[] lines = text.split("\r\n");
        assertEquals(expected.size() + 1, lines.length, text);
        assertTrue(lines[0].startsWith("from_framework,from_id"), lines[0]);
        for (String e : expected) assertTrue(text.contains(e.split(" \\| ")[2]), "source in the CSV: " + e);

        // formula injection is neutralised in the CSV writer
        Object neutral = js().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/csv.js').then(m => done(JSON.stringify(m.toCsv([['=1+2', '+x', '-y', '@z', '\\tt', 'plain', 'a,b', 'say \\\"hi\\\"', 7, -3]]))));");
        assertEquals(JSON.writeValueAsString("'=1+2,'+x,'-y,'@z,'\tt,plain,\"a,b\",\"say \"\"hi\"\"\",7,-3\r\n"), neutral);

        // drill-down: criterion x standard
        driver.findElement(By.linkText("Drill down: CC6 criteria × 164.312 standards")).click();
        until("document.body.dataset.ready === 'matrix' && document.getElementById('matrix-table').dataset.level === 'fine'", "the drill-down");
        int sum = 0;
        for (WebElement b : els("#matrix-table button.cell-btn")) sum += Integer.parseInt(b.getAttribute("data-count"));
        assertEquals(expected.size(), sum, "the drill-down cells hold the same rows");
        // the caption counts the drilled block (of the whole crosswalk), and its sources
        String caption = el("#matrix-caption").getText();
        assertTrue(caption.contains(expected.size() + " of " + cw.get("count").asInt() + " mapping rows"), caption);
        java.util.Map<String, Integer> perSource = new java.util.TreeMap<>();
        for (String e : expected) perSource.merge(e.split(" \\| ")[2], 1, Integer::sum);
        for (var e : perSource.entrySet()) assertTrue(caption.contains(e.getKey() + " (" + e.getValue() + ")"), e + " in " + caption);
        assertEquals(perSource.size(), els("#matrix-caption .sources .source").size(), caption);
        assertNoConsoleErrors("matrix drill-down");

        // in a drill-down the criterion that carries a gap note is flagged on its own row
        script("location.hash = '#/matrix?from=soc2-tsc-2017&to=hipaa-security&row=CC8&col=164.312'");
        until("document.body.dataset.ready === 'matrix' && document.getElementById('matrix-table').dataset.level === 'fine'"
                + " && document.querySelector(\"#matrix-table th[data-row='CC8.1']\")", "the CC8 x 164.312 drill-down");
        assertEquals("1", el("#matrix-table th[data-row='CC8.1'] .gap-flag").getAttribute("data-gaps"));
        assertTrue(el("#matrix-table th[data-row='CC8.1'] .gap-flag").getAttribute("title").contains("hipaa-to-soc2-head-start"));
        assertEquals(1, els("#matrix-table th.row-head .gap-flag").size(), "only CC8.1 carries a note in CC8");
    }

    @Test
    @Order(6)
    void cypher_console_shows_rows_a_graph_and_api_errors_verbatim() throws IOException {
        String query = "MATCH (r:Requirement {framework: $fw}) WHERE r.kind = 'section' RETURN r ORDER BY r.id";
        ObjectNode params = JSON.createObjectNode().put("fw", "hipaa-security");
        TestServer.Response direct = post("/api/cypher", Map.of("query", query, "params", params));
        assertEquals(200, direct.status(), direct.body());
        int rowCount = direct.json().get("rowCount").asInt();
        assertTrue(rowCount > 0);

        consoleEntries(e -> true);
        open("#/cypher", "cypher");
        // the console needs the server's token: the first query asks for it, once per tab
        setText("#cypher-query", query);
        setText("#cypher-params", params.toString());
        el("#cypher-run").click();
        until("document.querySelector('#token-dialog[open]')", "the token dialog");
        assertTrue(el("#token-dialog").getText().contains("The Cypher console needs this server's access token"), el("#token-dialog").getText());
        // behind the dialog: a note that the query waits for the token, not an error of the query's
        until("document.getElementById('cypher-result').dataset.state === 'token'", "the waiting note");
        assertTrue(el("#cypher-result").getText().contains("Waiting for the access token"), el("#cypher-result").getText());
        assertTrue((Boolean) script("return document.getElementById('cypher-error').hidden"), "no 'Query refused' for a missing token");
        // Cancel closes it without a token; the next run asks again
        el("#token-cancel").click();
        until("!document.querySelector('#token-dialog')", "the dialog closed by Cancel");
        el("#cypher-run").click();
        until("document.querySelector('#token-dialog[open]')", "the token dialog again");
        el("#token-input").sendKeys(server.app.token());
        script("window.crossmapBeforeToken = true;");
        el("#token-dialog button[type='submit']").click();
        // the page reloads with the token kept for the tab
        until("!window.crossmapBeforeToken && document.body.dataset.ready === 'cypher'", "the console after the token");
        consoleEntries(e -> true);
        setText("#cypher-query", query);
        setText("#cypher-params", params.toString());
        el("#cypher-run").click();
        until("document.getElementById('cypher-result').dataset.state === 'done'", "the query result");
        assertEquals(String.valueOf(rowCount), el("#cypher-rowcount").getAttribute("data-count"));
        assertEquals(rowCount, els("#cypher-table tbody tr").size());
        String table = el("#cypher-table").getText();
        for (JsonNode row : direct.json().get("rows")) {
            assertTrue(table.contains(row.get(0).get("properties").get("uid").asText()), "row " + row.get(0).get("properties").get("uid"));
        }
        el("#cypher-tab-graph").click();
        until("document.getElementById('cypher-graph').dataset.ready === 'true'", "the result graph");
        assertEquals(String.valueOf(rowCount), el("#cypher-graph").getAttribute("data-nodes"));
        assertTrue(driver.getCurrentUrl().contains("#/cypher?q="), "the query is in the URL");
        assertNoConsoleErrors("cypher");
        shot("cypher");

        // a write is refused; the console shows the API's own words
        String write = "CREATE (n:Scratch {x: 1}) RETURN n";
        TestServer.Response refused = post("/api/cypher", Map.of("query", write, "params", Map.of()));
        assertTrue(refused.status() >= 400 && refused.status() < 500, refused.body());
        String message = refused.json().get("message").asText();
        setText("#cypher-query", write);
        setText("#cypher-params", "{}");
        el("#cypher-query").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        until("document.getElementById('cypher-result').dataset.state === 'error'", "the refusal");
        String shown = el("#cypher-error").getText();
        assertTrue(shown.contains(message), "verbatim API message '" + message + "' in '" + shown + "'");
        assertTrue(shown.contains(String.valueOf(refused.status())), shown);
        // the only console entry allowed is the browser's own note of that refused request
        assertNoConsoleErrors("cypher (refused write)", s -> s.contains("/api/cypher") && s.contains("status of " + refused.status()));
        shot("cypher-error");

        // invalid parameters are caught before any request
        setText("#cypher-query", query);
        setText("#cypher-params", "{not json");
        el("#cypher-run").click();
        until("document.getElementById('cypher-result').dataset.state === 'error'", "the parameter error");
        String paramError = el("#cypher-error").getText();
        assertTrue(paramError.startsWith("Parameters: they are not valid JSON") && paramError.contains("nothing was sent"), paramError);
        assertNoConsoleErrors("cypher (bad params)");
    }

    @Test
    @Order(7)
    void a_server_that_wants_its_token_for_reads_gets_it_from_a_dialog_once_per_tab() throws IOException {
        Path dir = Files.createTempDirectory("crossmap-ui-token");
        try (crossmap.App locked = crossmap.App.start(crossmap.Config.from(Map.of("--data-dir", dir.toString(), "--port", "0",
                "--bolt-port", "-1", "--token-for-reads", "true", "--token", "s3cret-token", "--no-dataset", "true")))) {
            String base = "http://127.0.0.1:" + locked.port();
            driver.get(base + "/?load=" + (++loads) + "#/explorer");
            until("document.querySelector('#token-dialog[open]')", "the token dialog");
            assertTrue(el("#token-dialog").getText().contains("asks for its access token for every page, reads included"), el("#token-dialog").getText());
            assertEquals("Token", el("label[for='token-input']").getText());
            shot("token-dialog");
            // a token that cannot be one (a space in it) is refused in the dialog, before any request
            el("#token-input").sendKeys("two words");
            el("#token-dialog button[type='submit']").click();
            until("document.querySelector('#token-dialog[open] .token-problem').textContent.includes('printable ASCII')", "the dialog's own refusal");
            el("#token-input").clear();
            // a wrong token is refused by the server: the dialog comes back and says so
            el("#token-input").sendKeys("wrong");
            el("#token-dialog button[type='submit']").click();
            until("document.querySelector('#token-dialog[open]') && document.getElementById('token-dialog').textContent.includes('was refused')",
                    "the dialog again, after a refused token");
            el("#token-input").sendKeys("s3cret-token");
            el("#token-dialog button[type='submit']").click();
            until("document.body.dataset.ready === 'explorer' && !document.getElementById('token-dialog')", "the Explorer with the token");
            assertEquals("s3cret-token", script("return sessionStorage.getItem('crossmap-token')"));
            // the tab sends it from now on: another view loads without a dialog
            // the tab sends it from now on: every view loads without a dialog, and an empty store shows empty states, not errors
            for (String view : List.of("coverage", "impact", "matrix", "cypher", "explorer")) {
                script("location.hash = '#/" + view + "'");
                until("document.body.dataset.ready === '" + view + "' && !document.getElementById('token-dialog')", "the " + view + " view with the token");
                assertEquals("", script("return document.body.dataset.error || ''"), view);
            }
            shot("empty-store");
            script("sessionStorage.clear()");
        }
    }
}
