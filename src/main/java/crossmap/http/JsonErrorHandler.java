package crossmap.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a malformed percent-encoding in the path, a
 * header too large): in crossmap's one JSON shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String reason = HttpStatus.getMessage(code);
        String error = reason == null ? "http_" + code : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String text = message == null || message.isBlank() ? reason : message;
        byte[] body;
        try {
            body = Server.objectMapper().writeValueAsBytes(new ErrorBody(code, error,
                    "the request was refused before any route read it (a malformed percent-encoding in the path, or headers too large): " + text, null));
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + code + ",\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
