package crossmap.interchange;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.util.List;

/** Strict JSON parsing for the OSCAL readers: duplicate keys and trailing content refused, syntax errors with line and column. */
final class JsonInput {
    private JsonInput() {}

    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The document as a tree; a {@link BundleException} at path {@code $} when it is not JSON. */
    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) throw new BundleException(List.of(new BundleError("$", "empty document: expected a JSON object")));
        try {
            return STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String what = e instanceof JsonEOFException || original.contains("end-of-input")
                    ? "the document ends before it is complete (truncated?)"
                    : firstSentence(e.getOriginalMessage());
            throw new BundleException(List.of(new BundleError("$", "not valid JSON" + where + ": " + what)));
        }
    }

    private static String firstSentence(String m) {
        if (m == null) return "syntax error";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        int src = m.indexOf(" (start marker at");
        return src >= 0 ? m.substring(0, src) : m;
    }

    /** A string member, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }
}
