package crossmap.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Query parameter parsing that turns bad input into a 400 naming the parameter. */
final class Params {
    private Params() {}

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
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 date (yyyy-mm-dd), got '" + v + "'");
        }
    }
}
