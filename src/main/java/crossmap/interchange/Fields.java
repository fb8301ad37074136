package crossmap.interchange;

/** Checks on single values shared by the converters; the limits match {@code BundleReader}'s. */
final class Fields {
    private Fields() {}

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 20_000;

    /** Why {@code s} cannot be an identifier (a framework or requirement id), or null when it can. */
    static String idProblem(String s) {
        if (s == null || s.isBlank()) return "is required";
        if (s.length() > MAX_ID) return "is " + s.length() + " characters long; an id has at most " + MAX_ID;
        if (s.chars().anyMatch(Character::isISOControl)) return "contains a control character (tab, line break, ...); ids may not";
        if (!s.strip().equals(s)) return "has leading or trailing spaces";
        return null;
    }

    /** Whether a spreadsheet would run this cell as a formula: it starts with =, +, -, @, tab or CR, and is not a plain signed whole number. */
    static boolean looksLikeFormula(String v) {
        if (v == null || v.isEmpty()) return false;
        char c = v.charAt(0);
        if (c == '=' || c == '@' || c == '\t' || c == '\r') return true;
        if (c == '+' || c == '-') {
            if (v.length() == 1) return true;
            for (int i = 1; i < v.length(); i++) {
                if (v.charAt(i) < '0' || v.charAt(i) > '9') return true;
            }
            return false;
        }
        return false;
    }

    /**
     * Why the cell `raw` of `column` is refused because a spreadsheet would run it (it, or it
     * stripped, looks like a formula), or null when it is not.
     */
    static String formulaProblem(String column, String raw) {
        String shown = looksLikeFormula(raw) ? raw : looksLikeFormula(raw.strip()) ? raw.strip() : null;
        if (shown == null) return null;
        return column + ": the value starts with " + describeFirst(shown) + " and looks like a spreadsheet formula; refused (a spreadsheet would run it). "
                + "Remove that first character or put text before it";
    }

    /** How to name the first character of a formula-looking value in a message. */
    static String describeFirst(String v) {
        return switch (v.charAt(0)) {
            case '\t' -> "a tab";
            case '\r' -> "a carriage return";
            default -> "'" + v.charAt(0) + "'";
        };
    }

    /** Collapses runs of whitespace to one space and trims. */
    static String normalise(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** At most {@code max} characters: longer text is cut (never inside a surrogate pair) and ends with an ellipsis. */
    static String cap(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "\u2026";
    }
}
