package crossmap.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bearer-token checks: every write needs the token; reads too when so configured. */
public final class Auth {
    private final byte[] token;
    private final String actor;

    public Auth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.actor = "token:" + sha256(token).substring(0, 8);
    }

    /** Throws 401 without a bearer token and 403 with a wrong one; returns who acted (a token fingerprint). */
    public String require(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.isBlank()) {
            throw new ApiException(401, "unauthorized", "this request needs 'Authorization: Bearer <token>' (the token is in <data-dir>/token or CROSSMAP_TOKEN)", null);
        }
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unauthorized", "the Authorization header must be 'Bearer <token>'", null);
        }
        byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) throw new ApiException(403, "forbidden", "the bearer token is not valid", null);
        return actor;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
