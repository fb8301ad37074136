package crossmap.interchange;

import com.fasterxml.jackson.databind.JsonNode;
import crossmap.bundle.BundleException;

/** Strict JSON parsing for the OSCAL readers: duplicate keys and trailing content refused, syntax errors with line and column. */
final class JsonInput {
    private JsonInput() {}

    /** The document as a tree; a {@link BundleException} at path {@code $} when it is not JSON (the bundle reader's strict rules). */
    static JsonNode parse(String json) {
        return crossmap.bundle.BundleReader.tree(json);
    }

    /** A string member, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }
}
