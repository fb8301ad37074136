package crossmap.coverage;

import crossmap.App;
import crossmap.Config;
import crossmap.bundle.Bundle;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The impact benchmark on the built-in dataset (not a test): starts crossmap on a fresh embedded
 * store, then times, in the same run, single-control and 10-control impact at hops 1 and 2 through
 * HTTP and through the service (engine + Cypher reads), against the plain in-memory reference of
 * the same rules as the baseline; plus the coverage report, single points of failure and
 * /api/health (the HTTP floor). Prints p50 / p99 / max and ratios.
 *
 * <p>Run: {@code mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dcrossmap.main=crossmap.coverage.ImpactBenchmark}
 */
public final class ImpactBenchmark {
    static final int WARMUP = 30;
    static final int RUNS = 200;

    record Stats(String name, double p50, double p99, double max, int n) {}

    static Stats time(String name, int runs, Supplier<Object> work) {
        for (int i = 0; i < WARMUP; i++) work.get();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Stats(name, ms[runs / 2], ms[(int) Math.ceil(runs * 0.99) - 1], ms[runs - 1], runs);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("crossmap-bench");
        long t0 = System.nanoTime();
        App app = App.start(Config.from(Map.of("--data-dir", dir.toString(), "--port", "0", "--bolt-port", "-1")));
        double startMs = (System.nanoTime() - t0) / 1e6;
        CoverageService svc = app.services().coverage();
        Bundle bundle = app.bundles().export();
        ReferenceCoverage ref = new ReferenceCoverage(bundle);
        List<String> ids = bundle.controls().stream().map(Bundle.Control::id).toList();
        Random rnd = new Random(7);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + app.port();

        List<Stats> rows = new ArrayList<>();
        List<String[]> ratios = new ArrayList<>();
        for (int hops : new int[] {1, 2}) {
            for (int k : new int[] {1, 10}) {
                Supplier<List<String>> pick = () -> {
                    Set<String> s = new HashSet<>();
                    while (s.size() < k) s.add(ids.get(rnd.nextInt(ids.size())));
                    return List.copyOf(s);
                };
                String label = k + "-control impact, hops " + hops;
                Stats httpStats = time(label + ", HTTP POST /api/impact", RUNS, () -> {
                    String body = "{\"fail\":[\"" + String.join("\",\"", pick.get()) + "\"],\"hops\":" + hops + "}";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/impact"))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) throw new IllegalStateException(r.body());
                        return r.body().length();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Stats engine = time(label + ", service (Cypher reads + engine)", RUNS, () -> svc.impact(pick.get(), hops, null, null));
                Stats baseline = time(label + ", in-memory reference (baseline)", RUNS, () -> {
                    List<String> f = pick.get();
                    Map<String, Integer> before = ref.levels(ref.effective(Set.of(), null), hops);
                    Map<String, Integer> after = ref.levels(ref.effective(new HashSet<>(f), null), hops);
                    int lost = 0;
                    for (var e : before.entrySet()) if (e.getValue() > 0 && after.get(e.getKey()) == 0) lost++;
                    return lost;
                });
                rows.add(httpStats);
                rows.add(engine);
                rows.add(baseline);
                ratios.add(new String[] {label, fmt(httpStats.p50() / baseline.p50()), fmt(engine.p50() / baseline.p50())});
            }
        }
        rows.add(time("coverage report, all frameworks, HTTP", 50, () -> get(http, base + "/api/coverage?hops=1")));
        rows.add(time("single points of failure, HTTP", 50, () -> get(http, base + "/api/single-points-of-failure?hops=1")));
        rows.add(time("GET /api/health (HTTP floor)", RUNS, () -> get(http, base + "/api/health")));

        System.out.println();
        System.out.println("crossmap impact benchmark: built-in dataset (" + bundle.requirements().size() + " requirements, "
                + bundle.mappings().size() + " crosswalk edges, " + bundle.controls().size() + " controls); start-up "
                + String.format(Locale.ROOT, "%.0f", startMs) + " ms; " + Runtime.getRuntime().availableProcessors() + " cores; "
                + System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-72s %9s %9s %9s %6s%n", "question", "p50 ms", "p99 ms", "max ms", "runs");
        for (Stats s : rows) System.out.printf(Locale.ROOT, "%-72s %9.2f %9.2f %9.2f %6d%n", s.name(), s.p50(), s.p99(), s.max(), s.n());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %22s %26s%n", "ratio of p50 to the in-memory reference", "HTTP / reference", "service / reference");
        for (String[] r : ratios) System.out.printf(Locale.ROOT, "%-40s %22s %26s%n", r[0], r[1], r[2]);
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf(Locale.ROOT, "%nheap in use %.0f MiB; process %s%n", heap / 1048576.0, ManagementFactory.getRuntimeMXBean().getName());
        app.close();
        System.exit(0);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2fx", d);
    }

    static Object get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException(r.body());
            return r.body().length();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
