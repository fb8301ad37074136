package crossmap.bundle;

/** Natural ordering keys for requirement ids: digit runs zero-padded, so CC6.10 sorts after CC6.9. */
public final class SortKeys {
    private SortKeys() {}

    public static String of(String id) {
        StringBuilder sb = new StringBuilder();
        StringBuilder digits = new StringBuilder();
        for (char ch : id.toCharArray()) {
            if (Character.isDigit(ch)) {
                digits.append(ch);
            } else {
                flush(sb, digits);
                sb.append(Character.toLowerCase(ch));
            }
        }
        flush(sb, digits);
        return sb.toString();
    }

    private static void flush(StringBuilder sb, StringBuilder digits) {
        if (digits.length() > 0) {
            sb.append("0".repeat(Math.max(0, 6 - digits.length()))).append(digits);
            digits.setLength(0);
        }
    }
}
