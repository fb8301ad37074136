package crossmap.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends, an optional UTF-8 BOM, a header row. */
public final class Csv {
    private Csv() {}

    /** One data row: its 1-based line number in the file and its values by header name. */
    public record Row(int line, Map<String, String> values) {
        public String get(String column) {
            String v = values.get(column);
            if (v == null) throw new IllegalArgumentException("line " + line + ": no column '" + column + "'");
            return v;
        }
    }

    public static List<Row> parse(String text) {
        return parse(text, false);
    }

    /**
     * With {@code joinExtraIntoLast}, a row with more fields than the header keeps the surplus in
     * its last column, joined by commas: a free-text last column (a note) written with unquoted
     * commas, as one line of seed_crosswalk.csv is.
     */
    public static List<Row> parse(String text, boolean joinExtraIntoLast) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (any || f.length() > 0) {
                    fields.add(f.toString());
                    records.add(fields);
                    lines.add(recordLine);
                }
                fields = new ArrayList<>();
                f.setLength(0);
                any = false;
                line++;
                recordLine = line;
            } else {
                f.append(c);
                any = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("line " + recordLine + ": unterminated quoted field");
        if (any || f.length() > 0) {
            fields.add(f.toString());
            records.add(fields);
            lines.add(recordLine);
        }
        if (records.isEmpty()) throw new IllegalArgumentException("empty CSV: a header row is required");
        List<String> header = records.get(0);
        List<Row> out = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (joinExtraIntoLast && rec.size() > header.size()) {
                List<String> fixed = new ArrayList<>(rec.subList(0, header.size() - 1));
                fixed.add(String.join(",", rec.subList(header.size() - 1, rec.size())));
                rec = fixed;
            }
            if (rec.size() != header.size()) {
                throw new IllegalArgumentException("line " + lines.get(r) + ": " + rec.size() + " fields, header has " + header.size());
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int k = 0; k < header.size(); k++) m.put(header.get(k).trim(), rec.get(k));
            out.add(new Row(lines.get(r), m));
        }
        return out;
    }
}
