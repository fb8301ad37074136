package crossmap.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Query parameter parsing that turns bad input into a 400 naming the parameter. */
public final class Params {
    private Params() {}

    /**
     * The handler, refusing query parameters it does not read: a typo such as {@code ?hop=2} is a
     * 400 naming it and what the endpoint takes, not the default answered silently.
     */
    static Handler only(Handler handler, String... names) {
        java.util.Set<String> allowed = new java.util.LinkedHashSet<>(java.util.List.of(names));
        return ctx -> {
            java.util.List<String> unknown = ctx.queryParamMap().keySet().stream().filter(k -> !allowed.contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest("unknown query parameter" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown) + "' ("
                        + (allowed.isEmpty() ? "this endpoint takes none" : "this endpoint takes " + String.join(", ", allowed)) + ")");
            }
            // one value each: ?hops=1&hops=2 was answered at the first one, silently
            java.util.List<String> repeated = ctx.queryParamMap().entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(java.util.Map.Entry::getKey).sorted().toList();
            if (!repeated.isEmpty()) {
                String list = repeated.contains("fail") ? " (fail takes its control ids as one comma-separated list)" : "";
                throw ApiException.badRequest("query parameter" + (repeated.size() == 1 ? " '" : "s '") + String.join("', '", repeated)
                        + "' given more than once; each is given once" + list);
            }
            handler.handle(ctx);
        };
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw ApiException.badRequest("query parameter '" + name + "' is required");
        return v;
    }

    static int intIn(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        return intIn(name, v, min, max);
    }

    static int intIn(String name, String v, int min, int max) {
        try {
            // digits only: Integer.parseInt also takes "+1" and digits of other scripts
            if (!v.trim().matches("-?[0-9]{1,9}")) throw new NumberFormatException();
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
        }
    }

    static LocalDate date(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        return date(name, v);
    }

    static LocalDate date(String name, String v) {
        try {
            // four-digit years only: LocalDate.parse also takes "+2026-02-01" and "-999999999-01-01"
            if (!v.trim().matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) throw new DateTimeParseException("not yyyy-mm-dd", v, 0);
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 date (yyyy-mm-dd), got '" + v + "'");
        }
    }

    /**
     * A comma-separated list of ids (spaces around them forgiven; an empty one refused, 400); absent or
     * blank: empty. The command line's --fail and --framework read their lists the same way.
     */
    public static List<String> idList(String value, String name, String what) {
        if (value == null || value.isBlank()) return List.of();
        List<String> ids = java.util.Arrays.stream(value.split(",", -1)).map(String::trim).toList();
        if (ids.stream().anyMatch(String::isBlank)) throw ApiException.badRequest(name + " is a comma-separated list of " + what + ", got '" + value + "'");
        return ids;
    }
}
