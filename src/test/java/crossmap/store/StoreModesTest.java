package crossmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crossmap.App;
import crossmap.Config;
import crossmap.HarnessGraph;
import crossmap.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;

/** The two store modes: embedded (persistent, authenticated Bolt for other clients) and external. */
class StoreModesTest {

    @Test
    void a_restart_keeps_the_data_and_does_not_duplicate_it() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-restart");
        Map<String, String> cfg = Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "0");
        String first;
        try (App app = App.start(Config.from(cfg))) {
            first = app.bundles().canonicalDump();
        }
        try (App app = App.start(Config.from(cfg))) {
            assertEquals(first, app.bundles().canonicalDump());
        }
        assertTrue(first.lines().count() > 7000);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(dir.resolve("token")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(dir.resolve("bolt-password")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(dir.resolve("neo4j/data/dbms/auth.ini")));
    }

    @Test
    void a_data_directory_crossmap_creates_is_its_owners_alone_and_an_existing_one_keeps_its_permissions() throws Exception {
        Path parent = Files.createTempDirectory("crossmap-perms");
        Path created = parent.resolve("new/crossmap-data");
        try (App app = App.start(Config.from(Map.of("--data-dir", created.toString(), "--port", "0", "--bolt-port", "-1", "--no-dataset", "true")))) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        }
        Path existing = Files.createDirectories(parent.resolve("mine"));
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        try (App app = App.start(Config.from(Map.of("--data-dir", existing.toString(), "--port", "0", "--bolt-port", "-1", "--no-dataset", "true")))) {
            assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
        }
    }

    @Test
    void bolt_stays_on_loopback_when_http_is_bound_elsewhere() throws Exception {
        // --host moves HTTP only: this Bolt has no TLS, so it moves with --bolt-host alone
        Path dir = Files.createTempDirectory("crossmap-bolt-host");
        try (App.Services s = App.open(Config.from(Map.of("--data-dir", dir.toString(), "--host", "0.0.0.0", "--bolt-port", "0", "--no-dataset", "true")))) {
            assertTrue(s.store().boltUri().startsWith("bolt://127.0.0.1:"), s.store().boltUri());
            assertTrue(Files.readString(dir.resolve("neo4j-settings.conf")).contains("server.bolt.listen_address=127.0.0.1:"),
                    Files.readString(dir.resolve("neo4j-settings.conf")));
        }
    }

    @Test
    void another_official_client_can_query_the_embedded_store_with_its_credentials_only() throws Exception {
        TestServer s = TestServer.get();
        String uri = s.app.store().boltUri();
        assertTrue(uri.startsWith("bolt://127.0.0.1:"), uri);
        String password = Files.readString(s.dataDir.resolve("bolt-password")).trim();
        try (Driver other = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", password)); Session session = other.session()) {
            long n = session.run("MATCH (r:Requirement {framework: 'hipaa-security', kind: 'implementation_specification'}) RETURN count(r) AS n")
                    .single().get("n").asLong();
            assertEquals(46, n);
        }
        try (Driver anon = GraphDatabase.driver(uri, AuthTokens.none())) {
            assertThrows(AuthenticationException.class, anon::verifyConnectivity);
        }
        try (Driver wrong = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", "neo4j"))) {
            assertThrows(AuthenticationException.class, wrong::verifyConnectivity);
        }
    }

    @Test
    void the_password_in_the_data_directory_is_the_bolt_password_even_after_a_client_changes_it() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-bolt-password");
        Map<String, String> cfg = Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "0", "--no-dataset", "true");
        String password;
        try (App app = App.start(Config.from(cfg))) {
            // a new store: the password was set before the first start (auth.ini), with no change required
            assertTrue(Files.readString(dir.resolve("neo4j/logs/debug.log")).contains("Setting up initial user from `auth.ini` file: neo4j"));
            password = Files.readString(dir.resolve("bolt-password")).trim();
            try (Driver other = GraphDatabase.driver(app.store().boltUri(), AuthTokens.basic("neo4j", password));
                 Session system = other.session(org.neo4j.driver.SessionConfig.forDatabase("system"))) {
                system.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new", Map.of("old", password, "new", "changed-by-a-client")).consume();
            }
            try (Driver old = GraphDatabase.driver(app.store().boltUri(), AuthTokens.basic("neo4j", password))) {
                assertThrows(AuthenticationException.class, old::verifyConnectivity);
            }
        }
        try (App app = App.start(Config.from(cfg))) {
            assertEquals(password, Files.readString(dir.resolve("bolt-password")).trim());
            try (Driver again = GraphDatabase.driver(app.store().boltUri(), AuthTokens.basic("neo4j", password)); Session session = again.session()) {
                assertEquals(1, session.run("RETURN 1 AS one").single().get("one").asInt());
            }
            try (Driver changed = GraphDatabase.driver(app.store().boltUri(), AuthTokens.basic("neo4j", "changed-by-a-client"))) {
                assertThrows(AuthenticationException.class, changed::verifyConnectivity);
            }
            try (Driver initial = GraphDatabase.driver(app.store().boltUri(), AuthTokens.basic("neo4j", "neo4j"))) {
                assertThrows(AuthenticationException.class, initial::verifyConnectivity);
            }
        }
    }

    @Test
    void the_same_program_runs_against_an_external_neo4j() throws Exception {
        HarnessGraph h = HarnessGraph.get().wipe();
        // a data directory that does not exist yet: against an external Neo4j it holds only the write token
        Path dir = Files.createTempDirectory("crossmap-external").resolve("crossmap-data");
        try (App app = App.start(Config.from(Map.of("--data-dir", dir.toString(), "--port", "0",
                "--neo4j-uri", h.neo4j.boltURI().toString(), "--neo4j-user", "neo4j", "--neo4j-password", "unused")))) {
            assertTrue(app.store().description().startsWith("external Neo4j 5.26."), app.store().description());
            assertTrue(app.bundles().canonicalDump().contains("soc2-tsc-2017:CC6.7"), "dataset loaded into the external store");
            assertEquals(app.token(), Files.readString(dir.resolve("token")).trim());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))));
            assertEquals(List.of("token"), Files.list(dir).map(f -> f.getFileName().toString()).toList());
        } finally {
            h.wipe();
        }
    }

    @Test
    void an_unreachable_store_or_unusable_data_dir_fails_with_a_clear_message() throws Exception {
        GraphStore.StoreException e = assertThrows(GraphStore.StoreException.class, () -> App.start(Config.from(Map.of(
                "--neo4j-uri", "bolt://127.0.0.1:1", "--port", "0"))));
        assertTrue(e.getMessage().startsWith("cannot reach Neo4j at bolt://127.0.0.1:1"), e.getMessage());
        GraphStore.StoreException bad = assertThrows(GraphStore.StoreException.class, () -> App.start(Config.from(Map.of(
                "--neo4j-uri", "http://example", "--port", "0"))));
        assertTrue(bad.getMessage().contains("invalid --neo4j-uri") || bad.getMessage().contains("cannot reach"), bad.getMessage());
        Path file = Files.createTempFile("crossmap-not-a-dir", ".txt");
        GraphStore.StoreException dir = assertThrows(GraphStore.StoreException.class, () -> App.start(Config.from(Map.of(
                "--data-dir", file.toString(), "--port", "0", "--bolt-port", "0"))));
        assertTrue(dir.getMessage().startsWith("data directory " + file), dir.getMessage());
    }

    @Test
    void an_external_neo4j_older_than_5_23_is_named_as_the_problem() {
        assertTrue(GraphStore.atLeast("5.26.30", 5, 23));
        assertTrue(GraphStore.atLeast("5.23.0", 5, 23));
        assertTrue(GraphStore.atLeast("2025.10.1", 5, 23)); // calendar versions came after 5.26
        assertFalse(GraphStore.atLeast("5.22.0", 5, 23));
        assertFalse(GraphStore.atLeast("4.4.40", 5, 23));
        assertTrue(GraphStore.atLeast("dev", 5, 23)); // nothing to compare: the queries will say
    }

    /** `crossmap serve` as a process: one line naming the problem and the command line's exit codes, no stack trace. */
    @Test
    void serve_exits_3_when_the_store_is_unreachable_and_2_when_its_port_is_taken() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-serve");
        Serve unreachable = serve(dir.resolve("a"), "--neo4j-uri", "bolt://127.0.0.1:1", "--port", "0");
        assertEquals(3, unreachable.exit(), unreachable.output());
        assertTrue(unreachable.output().contains("crossmap: cannot reach Neo4j at bolt://127.0.0.1:1"), unreachable.output());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Serve busy = serve(dir.resolve("b"), "--port", String.valueOf(taken.getLocalPort()), "--bolt-port", "-1", "--no-dataset");
            assertEquals(2, busy.exit(), busy.output());
            assertTrue(busy.output().contains("crossmap: cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.output());
            assertFalse(busy.output().contains("\tat "), "no stack trace: " + busy.output());
            // found before anything is created: no store, no dataset load, no token
            assertFalse(Files.exists(dir.resolve("b")), "nothing written for a port in use");
        }
    }

    record Serve(int exit, String output) {}

    static Serve serve(Path dataDir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "crossmap.Main", "serve", "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("crossmap-serve", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("crossmap serve did not exit: " + Files.readString(log));
        }
        return new Serve(p.exitValue(), Files.readString(log));
    }

    @Test
    void token_for_reads_guards_every_api_read_but_health_and_cors_stays_off() throws Exception {
        Path dir = Files.createTempDirectory("crossmap-reads");
        try (App app = App.start(Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "-1",
                "--no-dataset", "true", "--token-for-reads", "true", "--token", "s3cret-token-value")))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> get = (path, token) -> {
                var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).header("Origin", "http://evil.example");
                if (token != null) b.header("Authorization", "Bearer " + token);
                try {
                    return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(401, get.apply("/api/frameworks", null).statusCode());
            assertEquals(403, get.apply("/api/frameworks", "wrong").statusCode());
            assertEquals(200, get.apply("/api/frameworks", "s3cret-token-value").statusCode());
            var health = get.apply("/api/health", null);
            assertEquals(200, health.statusCode());
            assertTrue(health.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off by default");
            assertEquals("nosniff", health.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("[]", get.apply("/api/frameworks", "s3cret-token-value").body(), "--no-dataset leaves the store empty");
        }
    }

    @Test
    void configuration_errors_name_the_option() {
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.from(Map.of("--port", "70000")));
        assertEquals("--port must be between 0 and 65535, got 70000", e.getMessage());
        assertThrows(Config.ConfigException.class, () -> Config.fromArgs(java.util.List.of("--nope"), Map.of()));
        Config c = Config.fromArgs(java.util.List.of("--port", "8081", "--query-timeout=500ms"), Map.of("CROSSMAP_PORT", "9000", "CROSSMAP_ROW_CAP", "10"));
        assertEquals(8081, c.port());
        assertEquals(10, c.rowCap());
        assertEquals(500, c.queryTimeout().toMillis());
        assertEquals("127.0.0.1", c.host());
    }
}
