package crossmap.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import crossmap.Config;
import crossmap.bundle.BundleException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin server: JSON mapping, the one error shape, static UI, security headers, routes. */
public final class Server {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final String HANDLED = "crossmap.errorHandled";

    private Server() {}

    public static ObjectMapper objectMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static Javalin create(Config config, Routes routes, Auth auth) {
        HostCheck hosts = new HostCheck(config);
        return Javalin.create(c -> {
            c.jsonMapper(new JavalinJackson(objectMapper(), false));
            c.startup.showJavalinBanner = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.http.maxRequestSize = config.maxBodyBytes();
            // a route asked with a method it does not take is a 405, not "no such route"
            c.http.prefer405over404 = true;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/web";
                s.location = Location.CLASSPATH;
            });
            c.staticFiles.enableWebjars();
            if (!config.corsOrigins().isEmpty()) {
                c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> config.corsOrigins().forEach(rule::allowHost)));
            }
            c.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
                String refused = hosts.refusal(ctx.header("Host"));
                if (refused != null) throw new ApiException(403, "host_not_allowed", refused, null);
                if (config.tokenForReads() && ctx.path().startsWith("/api/") && !ctx.path().equals("/api/health")) auth.require(ctx);
                // no API route answers HEAD: without this it was a bare 200 whatever GET would have said
                if (ctx.method() == io.javalin.http.HandlerType.HEAD && ctx.path().startsWith("/api/")) {
                    String allow = routes.allowed(ctx.path());
                    if (allow == null) throw new ApiException(404, "not_found", "no such route: HEAD " + ctx.path(), null);
                    ctx.header("Allow", allow);
                    throw new ApiException(405, "method_not_allowed", "HEAD is not answered on " + ctx.path() + "; use " + allow.replace(", ", " or "), null);
                }
            });
            routes.register(c);
            c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.details()));
            c.routes.exception(BundleException.class, (e, ctx) -> {
                ApiException a = Routes.bundleError(e);
                error(ctx, a.status(), a.code(), a.getMessage(), a.details());
            });
            c.routes.exception(HttpResponseException.class, (e, ctx) -> {
                switch (e.getStatus()) {
                    case 404 -> error(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path(), null);
                    case 405 -> methodNotAllowed(ctx, routes);
                    case 413 -> error(ctx, 413, "payload_too_large", "the request body is larger than the limit of "
                            + config.maxBodyBytes() + " bytes (--max-body)", null);
                    default -> error(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage(), null);
                }
            });
            c.routes.exception(ServiceUnavailableException.class, (e, ctx) -> error(ctx, 503, "store_unavailable",
                    "the graph store is not reachable: " + e.getMessage(), null));
            c.routes.exception(TransientException.class, (e, ctx) -> error(ctx, 503, "store_busy",
                    "the graph store could not answer now: " + e.getMessage(), null));
            c.routes.exception(SessionExpiredException.class, (e, ctx) -> error(ctx, 503, "store_unavailable",
                    "the graph store is not reachable: " + e.getMessage(), null));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "internal error (logged on the server)", null);
            });
            c.routes.error(404, ctx -> {
                if (ctx.attribute(HANDLED) == null) error(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path(), null);
            });
            c.routes.error(405, ctx -> {
                if (ctx.attribute(HANDLED) == null) methodNotAllowed(ctx, routes);
            });
        });
    }

    /** 405 with the Allow header a client needs (RFC 9110): the methods the path does answer. */
    static void methodNotAllowed(Context ctx, Routes routes) {
        String allow = routes.allowed(ctx.path());
        if (allow != null) ctx.header("Allow", allow);
        error(ctx, 405, "method_not_allowed", "method " + ctx.method() + " is not allowed on " + ctx.path()
                + (allow == null ? "" : "; it answers " + allow), null);
    }

    static void error(Context ctx, int status, String code, String message, List<?> details) {
        ctx.attribute(HANDLED, true);
        ctx.status(status).json(new ErrorBody(status, code, message, details));
    }
}
