package crossmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real crossmap (embedded Neo4j with the built-in dataset, HTTP on a random port) shared by
 * every test class in the JVM that needs the full server; built through {@link App#start} exactly
 * as {@code main} builds it. Tests that change data restore it themselves.
 */
public final class TestServer {
    private static TestServer instance;

    public final App app;
    public final Path dataDir;
    public final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer(App app, Path dataDir) {
        this.app = app;
        this.dataDir = dataDir;
        this.base = "http://127.0.0.1:" + app.port();
    }

    /** A server of its own (not shared), for a test whose writes cannot be undone; close its {@link #app} when done. */
    public static TestServer startPrivate() {
        try {
            Path dir = Files.createTempDirectory("crossmap-test-private");
            return new TestServer(App.start(Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "-1"))), dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("crossmap-test");
                App app = App.start(Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "0",
                        "--query-timeout", "2s")));
                instance = new TestServer(app, dir);
                Runtime.getRuntime().addShutdownHook(new Thread(app::close));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Response send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    public Response send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
