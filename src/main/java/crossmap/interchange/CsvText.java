package crossmap.interchange;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 tokenizer that keeps positions: each field knows the line it starts on and its 1-based
 * column (field number), so that errors can be reported as {@code file:line:column}. Quoted fields may
 * hold commas, doubled quotes and line breaks; CRLF, LF or CR end a record; blank lines are skipped.
 * A quote starts a quoted field only at the start of a field; elsewhere it is an ordinary character.
 * Text after the closing quote of a quoted field is a {@link Problem}; an unterminated quoted field
 * is a problem and drops that last record.
 */
final class CsvText {
    record Field(String value, int line, int column) {}

    record Record(int line, List<Field> fields) {}

    record Problem(int line, int column, String message) {}

    record Result(List<Record> records, List<Problem> problems) {}

    private final List<Record> records = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private List<Field> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean inQuotes;
    private boolean quoted;
    private boolean afterQuote;
    private boolean started;
    private int line = 1;
    private int recordLine = 1;
    private int fieldLine = 1;
    private int quoteLine = 1;

    private CsvText() {}

    static Result parse(String text) {
        CsvText t = new CsvText();
        t.feed(text);
        t.finish();
        return new Result(t.records, t.problems);
    }

    /** The line and column (field number) a reader is at after reading {@code prefix}: where the next character falls. */
    static int[] positionAfter(String prefix) {
        CsvText t = new CsvText();
        t.feed(prefix);
        return new int[] {t.line, t.fields.size() + 1};
    }

    private void feed(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n';
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !crlf)) line++;
                    field.append(c);
                }
            } else if (c == ',') {
                endField();
                started = true;
                fieldLine = line;
            } else if (c == '\r' || c == '\n') {
                if (crlf) i++;
                endRecord();
                line++;
                recordLine = line;
                fieldLine = line;
            } else if (c == '"' && field.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
                started = true;
                quoteLine = line;
            } else {
                if (afterQuote) {
                    problems.add(new Problem(line, fields.size() + 1, "text after the closing quote of a quoted field "
                            + "(a quote inside a quoted field must be doubled: \"\")"));
                    afterQuote = false;
                }
                field.append(c);
                started = true;
            }
        }
    }

    private void finish() {
        if (inQuotes) {
            problems.add(new Problem(quoteLine, fields.size() + 1, "quoted field opened on line " + quoteLine
                    + " is never closed (the file ends inside it)"));
            return;
        }
        endRecord();
    }

    private void endField() {
        fields.add(new Field(field.toString(), fieldLine, fields.size() + 1));
        field.setLength(0);
        quoted = false;
        afterQuote = false;
    }

    private void endRecord() {
        if (started || field.length() > 0 || !fields.isEmpty()) {
            endField();
            records.add(new Record(recordLine, fields));
            fields = new ArrayList<>();
        }
        started = false;
    }
}
