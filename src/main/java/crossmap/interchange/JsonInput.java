package crossmap.interchange;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON helpers for the OSCAL readers (their documents are parsed by {@link crossmap.bundle.BundleReader#tree}: strictly, errors with line and column). */
final class JsonInput {
    private JsonInput() {}

    /** A string member, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }
}
