package crossmap.http;

import java.util.List;

/** An error with an HTTP status, a stable code and a message meant for the user; never carries a stack trace to the client. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<?> details;

    public ApiException(int status, String code, String message, List<?> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, null);
    }

    /** Several problems of one request: all in the message, and one `details` entry each when there is more than one. */
    public static ApiException badRequest(List<String> problems) {
        return new ApiException(400, "bad_request", String.join("; ", problems),
                problems.size() > 1 ? problems.stream().map(p -> java.util.Map.of("message", p)).toList() : null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<?> details() {
        return details;
    }
}
