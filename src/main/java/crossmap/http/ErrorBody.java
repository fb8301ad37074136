package crossmap.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The one JSON shape of every error answer. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(int status, String error, String message, List<?> details) {}
