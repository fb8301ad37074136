package crossmap.interchange;

import crossmap.bundle.Bundle;
import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import crossmap.dataset.Csv;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crosswalk as a flat CSV, one mapping per row:
 * {@code from_framework, from_id, to_framework, to_id, relationship, strength, rationale, source, note}
 * (and an optional {@code part}, the SP 800-53 statement part a mapping carries; {@link #write} adds that
 * column only when some mapping has a part).
 *
 * <p>Reading refuses what a spreadsheet would run as a formula; writing neutralises it. Errors are
 * {@link BundleError}s whose path is {@code file:line:column}: the 1-based line the field starts on and
 * the 1-based column (field) number. Errors about the header as a whole (a missing column, an empty
 * file) use column 1.
 */
public final class CrosswalkCsv {
    private CrosswalkCsv() {}

    /** The columns {@link #write} emits, in order (then {@code part} when needed). */
    public static final List<String> COLUMNS = List.of("from_framework", "from_id", "to_framework", "to_id", "relationship",
            "strength", "rationale", "source", "note");
    /** Columns every file must have; {@code strength}, {@code rationale}, {@code note} and {@code part} are optional. */
    public static final List<String> REQUIRED_COLUMNS = List.of("from_framework", "from_id", "to_framework", "to_id",
            "relationship", "source");
    static final String PART = "part";

    /** The header of {@code seed_crosswalk.csv}. */
    public static final List<String> SEED_HEADER = List.of("source", "topic", "hipaa_cited_as", "hipaa_id", "soc2_id", "strength", "note");
    /** The header of {@code mappings_public.csv}. */
    public static final List<String> PUBLIC_HEADER = List.of("source", "source_framework", "source_id", "target_framework",
            "target_id", "relationship", "strength", "note");

    private static final int MAX_ERRORS = 500;

    // ---- reading ------------------------------------------------------------------------------

    /** Reads a mapping CSV from raw bytes, which must be UTF-8 (with or without a byte order mark). */
    public static Bundle read(byte[] bytes, String fileName) {
        return read(bytes, fileName, new Origins());
    }

    /** As {@link #read(byte[], String)}, recording each mapping's line (and the id columns) in `origins`. */
    static Bundle read(byte[] bytes, String fileName, Origins origins) {
        return read(decodeUtf8(bytes, fileName), fileName, origins);
    }

    /** Reads a mapping CSV; the result holds only {@code mappings}. Throws {@link BundleException} with every problem found. */
    public static Bundle read(String text, String fileName) {
        return read(text, fileName, new Origins());
    }

    /** As {@link #read(String, String)}, recording each mapping's line (and the id columns) in `origins`. */
    static Bundle read(String text, String fileName, Origins origins) {
        return new Reader(fileName, origins).read(text);
    }

    private static final class Reader {
        private final String file;
        private final Origins origins;
        private final List<BundleError> errors = new ArrayList<>();

        Reader(String file, Origins origins) {
            this.file = file;
            this.origins = origins;
        }

        private void err(int line, int column, String message) {
            if (errors.size() < MAX_ERRORS) errors.add(new BundleError(file + ":" + line + ":" + column, message));
            else if (errors.size() == MAX_ERRORS) errors.add(new BundleError(file, "more problems not listed; fix these first"));
        }

        private BundleException fail() {
            return new BundleException(errors);
        }

        Bundle read(String text) {
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            CsvText.Result parsed = CsvText.parse(text);
            parsed.problems().forEach(p -> err(p.line(), p.column(), p.message()));
            List<CsvText.Record> records = parsed.records();
            if (records.isEmpty()) {
                if (errors.isEmpty()) err(1, 1, "empty file: a header row is required (" + String.join(",", COLUMNS) + ")");
                throw fail();
            }
            CsvText.Record headerRecord = records.get(0);
            Map<String, Integer> col = header(headerRecord);
            if (!errors.isEmpty()) throw fail();
            int width = headerRecord.fields().size();
            Map<String, Integer> seen = new HashMap<>();
            List<Bundle.Mapping> mappings = new ArrayList<>();
            Origins.Rows at = new Origins.Rows(file, List.of("from", "to"), List.of("from_id", "to_id"));
            origins.put("mappings", at);
            for (CsvText.Record r : records.subList(1, records.size())) {
                if (r.fields().size() != width) {
                    err(r.line(), Math.min(r.fields().size(), width) + 1, "this row has " + r.fields().size() + " fields, the header has "
                            + width + " (a value with a comma must be in double quotes)");
                    continue;
                }
                Bundle.Mapping m = row(r, col);
                if (m == null) continue;
                String key = m.from().uid() + "->" + m.to().uid() + "|" + m.key();
                Integer first = seen.putIfAbsent(key, r.line());
                if (first != null) {
                    CsvText.Field f = field(r, col, "source");
                    err(f.line(), f.column(), "repeats the mapping on line " + first + " (same from, to, source and part)");
                } else {
                    mappings.add(m);
                    CsvText.Field from = field(r, col, "from_id");
                    CsvText.Field to = field(r, col, "to_id");
                    at.add(r.line(), from.line(), from.column(), to.line(), to.column());
                }
            }
            if (!errors.isEmpty()) throw fail();
            return new Bundle(Bundle.FORMAT, List.of(), List.of(), List.copyOf(mappings), List.of(), List.of(), List.of(), List.of());
        }

        private Map<String, Integer> header(CsvText.Record h) {
            Map<String, Integer> col = new LinkedHashMap<>();
            List<String> known = new ArrayList<>(COLUMNS);
            known.add(PART);
            for (CsvText.Field f : h.fields()) {
                String name = f.value().strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    err(f.line(), f.column(), "empty column name in the header");
                } else if (!known.contains(name)) {
                    err(f.line(), f.column(), "unknown column '" + f.value().strip() + "' (allowed: " + String.join(", ", known) + ")");
                } else if (col.containsKey(name)) {
                    err(f.line(), f.column(), "column '" + name + "' appears twice (also column " + (col.get(name) + 1) + ")");
                } else {
                    col.put(name, f.column() - 1);
                }
            }
            for (String required : REQUIRED_COLUMNS) {
                if (!col.containsKey(required)) err(h.line(), 1, "missing required column '" + required + "'");
            }
            return col;
        }

        private static CsvText.Field field(CsvText.Record r, Map<String, Integer> col, String name) {
            Integer i = col.get(name);
            return i == null ? null : r.fields().get(i);
        }

        /** The row as a mapping, or null (with errors recorded) when it is not valid. */
        private Bundle.Mapping row(CsvText.Record r, Map<String, Integer> col) {
            int before = errors.size();
            Map<String, String> v = new HashMap<>();
            for (Map.Entry<String, Integer> e : col.entrySet()) {
                CsvText.Field f = r.fields().get(e.getValue());
                String raw = f.value();
                String stripped = raw.strip();
                String formula = Fields.formulaProblem(e.getKey(), raw);
                if (formula != null) {
                    err(f.line(), f.column(), formula);
                    continue;
                }
                v.put(e.getKey(), e.getKey().equals("note") ? (stripped.isEmpty() ? null : raw) : (stripped.isEmpty() ? null : stripped));
            }
            String fromFw = id(r, col, v, "from_framework");
            String fromId = id(r, col, v, "from_id");
            String toFw = id(r, col, v, "to_framework");
            String toId = id(r, col, v, "to_id");
            String relationship = relationship(r, col, v);
            Integer strength = strength(r, col, v);
            String rationale = rationale(r, col, v);
            String source = text(r, col, v, "source", true);
            String note = text(r, col, v, "note", false);
            String part = v.get(PART) == null ? null : id(r, col, v, PART);
            if (errors.size() > before) return null;
            if (fromFw.equals(toFw) && fromId.equals(toId)) {
                CsvText.Field f = field(r, col, "to_id");
                err(f.line(), f.column(), "to_id: a requirement cannot map to itself (" + Bundle.uid(fromFw, fromId) + ")");
                return null;
            }
            return new Bundle.Mapping(new Bundle.Ref(fromFw, fromId), new Bundle.Ref(toFw, toId), relationship, strength, rationale,
                    source, note, part);
        }

        private boolean formulaRefused(Map<String, Integer> col, Map<String, String> v, String name) {
            return col.containsKey(name) && !v.containsKey(name);
        }

        private String id(CsvText.Record r, Map<String, Integer> col, Map<String, String> v, String name) {
            if (formulaRefused(col, v, name)) return null;
            String s = v.get(name);
            String problem = Fields.idProblem(s);
            if (problem != null) {
                CsvText.Field f = field(r, col, name);
                err(f.line(), f.column(), name + ": " + (s == null ? "a value is required" : problem));
                return null;
            }
            return s;
        }

        private String text(CsvText.Record r, Map<String, Integer> col, Map<String, String> v, String name, boolean required) {
            if (formulaRefused(col, v, name)) return null;
            String s = v.get(name);
            CsvText.Field f = field(r, col, name);
            if (s == null) {
                if (required) err(f.line(), f.column(), name + ": a value is required");
                return null;
            }
            if (s.length() > Fields.MAX_TEXT) {
                err(f.line(), f.column(), name + ": longer than " + Fields.MAX_TEXT + " characters");
                return null;
            }
            return s;
        }

        private String relationship(CsvText.Record r, Map<String, Integer> col, Map<String, String> v) {
            if (formulaRefused(col, v, "relationship")) return null;
            String s = v.get("relationship");
            CsvText.Field f = field(r, col, "relationship");
            if (s == null) {
                err(f.line(), f.column(), "relationship: a value is required (one of " + String.join(", ", Bundle.RELATIONSHIPS) + ")");
                return null;
            }
            String t = s.toLowerCase(Locale.ROOT);
            if (t.equals("intersects")) t = "intersects_with";
            if (!Bundle.RELATIONSHIPS.contains(t)) {
                err(f.line(), f.column(), "relationship: unknown value '" + s + "' (allowed: " + String.join(", ", Bundle.RELATIONSHIPS)
                        + ", or intersects for intersects_with)");
                return null;
            }
            return t;
        }

        private Integer strength(CsvText.Record r, Map<String, Integer> col, Map<String, String> v) {
            if (formulaRefused(col, v, "strength")) return null;
            String s = v.get("strength");
            if (s == null) return null;
            CsvText.Field f = field(r, col, "strength");
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                err(f.line(), f.column(), "strength: '" + s + "' is not a whole number from 0 to 10 (or empty)");
                return null;
            }
            if (n < 0 || n > 10) {
                err(f.line(), f.column(), "strength: " + n + " is out of range; it must be a whole number from 0 to 10 (or empty)");
                return null;
            }
            return n;
        }

        private String rationale(CsvText.Record r, Map<String, Integer> col, Map<String, String> v) {
            if (formulaRefused(col, v, "rationale")) return null;
            String s = v.get("rationale");
            if (s == null) return null;
            String t = s.toLowerCase(Locale.ROOT);
            if (!Bundle.RATIONALES.contains(t)) {
                CsvText.Field f = field(r, col, "rationale");
                err(f.line(), f.column(), "rationale: unknown value '" + s + "' (allowed: " + String.join(", ", Bundle.RATIONALES) + ", or empty)");
                return null;
            }
            return t;
        }
    }

    /**
     * Decodes strict UTF-8: a leading byte order mark is dropped, and every malformed byte sequence is an
     * error naming its line, column and byte offset (the first 20 are listed).
     */
    static String decodeUtf8(byte[] bytes, String fileName) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) start = 3;
        if (bytes.length >= 2 && (((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) || ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE))) {
            throw new BundleException(List.of(new BundleError(fileName + ":1:1", "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        List<int[]> bad = new ArrayList<>(); // {char offset in the output, byte offset in the input, byte value}
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                bad.add(new int[] {out.position(), in.position(), bytes[in.position()] & 0xFF});
                in.position(in.position() + r.length());
                out.put('\uFFFD');
            } else {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (bad.isEmpty()) return text;
        List<BundleError> errors = new ArrayList<>();
        for (int[] b : bad.subList(0, Math.min(20, bad.size()))) {
            int[] pos = CsvText.positionAfter(text.substring(0, b[0]));
            errors.add(new BundleError(fileName + ":" + pos[0] + ":" + pos[1], String.format(Locale.ROOT,
                    "not valid UTF-8: byte 0x%02X at byte offset %d cannot start or continue a UTF-8 character; save the file as UTF-8", b[2], b[1])));
        }
        if (bad.size() > 20) errors.add(new BundleError(fileName, (bad.size() - 20) + " more invalid UTF-8 sequences not listed"));
        throw new BundleException(errors);
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes mappings as CSV: the header, then one row per mapping; CRLF line ends; fields with a comma,
     * quote, CR or LF in double quotes (quotes doubled); an empty cell for a null value. A cell a
     * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR, other than a plain signed
     * whole number such as -5) gets a leading single quote. A {@code part} column is added after
     * {@code note} only when some mapping has a part.
     */
    public static String write(List<Bundle.Mapping> mappings) {
        boolean withPart = mappings.stream().anyMatch(m -> m.part() != null);
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(COLUMNS);
        if (withPart) header.add(PART);
        line(sb, header);
        for (Bundle.Mapping m : mappings) {
            List<String> cells = new ArrayList<>(List.of(
                    m.from() == null ? "" : nz(m.from().framework()), m.from() == null ? "" : nz(m.from().id()),
                    m.to() == null ? "" : nz(m.to().framework()), m.to() == null ? "" : nz(m.to().id()),
                    nz(m.relationship()), m.strength() == null ? "" : m.strength().toString(), nz(m.rationale()),
                    nz(m.source()), nz(m.note())));
            if (withPart) cells.add(nz(m.part()));
            line(sb, cells);
        }
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(cells.get(i)));
        }
        sb.append("\r\n");
    }

    /** One CSV cell: neutralised against formula execution, then quoted when RFC 4180 needs it. */
    static String cell(String v) {
        if (Fields.looksLikeFormula(v)) v = "'" + v;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    // ---- the two reference layouts ------------------------------------------------------------

    static final String SOC2 = "soc2-tsc-2017";
    static final String HIPAA = "hipaa-security";
    static final String HIPAA_OTHER = "hipaa-privacy-breach";
    static final String SP800_53 = "nist-sp800-53r5";
    /** The framework keys of mappings_public.csv, and ours. */
    static final Map<String, String> PUBLIC_KEYS = Map.of("hipaa_security_rule", HIPAA, "soc2_tsc_2017", SOC2,
            "nist_sp800_53r5", SP800_53, "nist_csf_1.1", "nist-csf-1.1", "nist_csf_2.0", "nist-csf-2.0");
    /** mappings_public.csv rows from this source have no catalogue in crossmap and are skipped. */
    static final String SKIPPED_SOURCE = "adobe_ccf_v5";
    private static final Pattern BASE_CONTROL = Pattern.compile("base_control=([A-Z]{2}-\\d+)");
    /** An SP 800-53 id that is in the catalogue: a family, a control or an enhancement (AC, AC-2, AC-2(1)). */
    private static final Pattern SP800_53_CATALOGUE_ID = Pattern.compile("[A-Z]{2}(-\\d+(\\(\\d+\\))?)?");
    private static final Pattern HIPAA_PRIVACY_BREACH = Pattern.compile("164\\.[45]\\d\\d.*");
    private static final Pattern CSV_LINE = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);

    /**
     * Reads one of the two reference CSVs, recognised by its header, the way the built-in dataset reads
     * them: {@code seed_crosswalk.csv} (practitioner claims: strong → superset_of 8 and partial →
     * intersects_with 5, from SOC 2 to the HIPAA side; gap rows → {@link Bundle.Gap}) or
     * {@code mappings_public.csv} (published legs; adobe_ccf_v5 rows skipped; an SP 800-53 statement part
     * such as PS-6a is attached to its base control from {@code base_control=} in the note and kept as the
     * mapping's {@code part}). Unlike the built-in dataset it has no catalogues to check ids against; a row
     * that repeats an earlier one (same ids, source and part) is kept once, as the built-in dataset does.
     */
    public static Bundle readReference(String text, String fileName) {
        return readReference(text, fileName, new Origins());
    }

    /** As {@link #readReference(String, String)}, recording each mapping's and gap note's line in `origins`. */
    public static Bundle readReference(String text, String fileName, Origins origins) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        CsvText.Result parsed = CsvText.parse(text);
        if (parsed.records().isEmpty()) {
            throw new BundleException(List.of(new BundleError(fileName + ":1:1", "empty file: a header row is required")));
        }
        List<String> header = parsed.records().get(0).fields().stream().map(f -> f.value().strip()).toList();
        boolean seed = header.equals(SEED_HEADER);
        if (!seed && !header.equals(PUBLIC_HEADER)) {
            throw new BundleException(List.of(new BundleError(fileName + ":1:1", "not a reference layout: the header must be either "
                    + String.join(",", SEED_HEADER) + " (seed crosswalk) or " + String.join(",", PUBLIC_HEADER) + " (public mappings)")));
        }
        List<Csv.Row> rows;
        try {
            // the seed file's note column holds unquoted commas on one line: keep the surplus in the note
            rows = Csv.parse(text, seed);
        } catch (IllegalArgumentException e) {
            Matcher m = CSV_LINE.matcher(e.getMessage());
            String path = m.matches() ? fileName + ":" + m.group(1) + ":1" : fileName;
            throw new BundleException(List.of(new BundleError(path, m.matches() ? m.group(2) : e.getMessage())));
        }
        List<BundleError> errors = new ArrayList<>();
        // as in the crosswalk CSV: a cell a spreadsheet would run is refused, not stored (a row with one is not read further)
        List<Csv.Row> clean = new ArrayList<>(rows.size());
        for (Csv.Row r : rows) {
            int before = errors.size();
            for (String column : header) {
                String raw = r.values().get(column);
                String formula = raw == null ? null : Fields.formulaProblem(column, raw);
                if (formula != null) errors.add(new BundleError(at(fileName, r, header, column), formula));
            }
            if (errors.size() == before) clean.add(r);
        }
        rows = clean;
        List<Bundle.Mapping> mappings = new ArrayList<>();
        List<Bundle.Gap> gaps = new ArrayList<>();
        if (seed) seed(rows, fileName, header, mappings, gaps, errors, origins);
        else publicMappings(rows, fileName, header, mappings, errors, origins);
        if (!errors.isEmpty()) throw new BundleException(errors);
        return new Bundle(Bundle.FORMAT, List.of(), List.of(), List.copyOf(mappings), List.of(), List.of(), List.of(), List.copyOf(gaps));
    }

    private static String at(String file, Csv.Row r, List<String> header, String column) {
        return file + ":" + r.line() + ":" + (header.indexOf(column) + 1);
    }

    /** The HIPAA framework of a citation: Privacy and Breach Notification provisions (164.4xx, 164.5xx) or the Security Rule. */
    static String hipaaFramework(String id) {
        return HIPAA_PRIVACY_BREACH.matcher(id).matches() ? HIPAA_OTHER : HIPAA;
    }

    private static void seed(List<Csv.Row> rows, String file, List<String> header, List<Bundle.Mapping> mappings, List<Bundle.Gap> gaps,
                             List<BundleError> errors, Origins origins) {
        Origins.Rows mappingAt = new Origins.Rows(file, List.of("from", "to"), List.of("soc2_id", "hipaa_id"));
        Origins.Rows gapAt = new Origins.Rows(file, List.of("id"), java.util.Arrays.asList((String) null));
        origins.put("mappings", mappingAt);
        origins.put("gaps", gapAt);
        int soc2Column = header.indexOf("soc2_id") + 1;
        int hipaaColumn = header.indexOf("hipaa_id") + 1;
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row r : rows) {
            String hipaaId = r.get("hipaa_id").strip();
            String soc2Id = r.get("soc2_id").strip();
            String strength = r.get("strength").strip().toLowerCase(Locale.ROOT);
            String source = r.get("source").strip();
            String note = r.get("topic") + (r.get("note").isBlank() ? "" : ": " + r.get("note"));
            if (source.isEmpty()) {
                errors.add(new BundleError(at(file, r, header, "source"), "source: a value is required"));
                continue;
            }
            if (strength.equals("gap")) {
                if (!hipaaId.isEmpty() || !soc2Id.isEmpty()) gapAt.add(r.line(), r.line(), hipaaId.isEmpty() ? soc2Column : hipaaColumn);
                if (!hipaaId.isEmpty()) gaps.add(new Bundle.Gap(hipaaFramework(hipaaId), hipaaId, SOC2, source, note));
                else if (!soc2Id.isEmpty()) gaps.add(new Bundle.Gap(SOC2, soc2Id, HIPAA, source, note));
                else errors.add(new BundleError(at(file, r, header, "hipaa_id"), "a gap row needs a HIPAA id or a SOC 2 id"));
                continue;
            }
            String rel = switch (strength) {
                case "strong" -> "superset_of";
                case "partial" -> "intersects_with";
                default -> null;
            };
            if (rel == null) {
                errors.add(new BundleError(at(file, r, header, "strength"), "strength: unknown value '" + r.get("strength")
                        + "' (allowed: strong, partial, gap)"));
                continue;
            }
            if (hipaaId.isEmpty() || soc2Id.isEmpty()) {
                errors.add(new BundleError(at(file, r, header, hipaaId.isEmpty() ? "hipaa_id" : "soc2_id"),
                        (hipaaId.isEmpty() ? "hipaa_id" : "soc2_id") + ": a " + strength + " row needs both a HIPAA id and a SOC 2 id"));
                continue;
            }
            Bundle.Mapping m = new Bundle.Mapping(new Bundle.Ref(SOC2, soc2Id), new Bundle.Ref(hipaaFramework(hipaaId), hipaaId), rel,
                    rel.equals("superset_of") ? 8 : 5, null, source, note, null);
            if (seen.putIfAbsent(m.from().uid() + "->" + m.to().uid() + "|" + m.key(), r.line()) == null) {
                mappings.add(m);
                mappingAt.add(r.line(), r.line(), soc2Column, r.line(), hipaaColumn);
            }
        }
    }

    private static void publicMappings(List<Csv.Row> rows, String file, List<String> header, List<Bundle.Mapping> mappings,
                                       List<BundleError> errors, Origins origins) {
        Origins.Rows mappingAt = new Origins.Rows(file, List.of("from", "to"), List.of("source_id", "target_id"));
        origins.put("mappings", mappingAt);
        int fromColumn = header.indexOf("source_id") + 1;
        int toColumn = header.indexOf("target_id") + 1;
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row r : rows) {
            String source = r.get("source").strip();
            if (source.equals(SKIPPED_SOURCE)) continue;
            if (source.isEmpty()) {
                errors.add(new BundleError(at(file, r, header, "source"), "source: a value is required"));
                continue;
            }
            String fromFw = PUBLIC_KEYS.get(r.get("source_framework").strip());
            String toFw = PUBLIC_KEYS.get(r.get("target_framework").strip());
            if (fromFw == null || toFw == null) {
                String column = fromFw == null ? "source_framework" : "target_framework";
                errors.add(new BundleError(at(file, r, header, column), column + ": unknown framework key '" + r.get(column)
                        + "' (known: " + String.join(", ", PUBLIC_KEYS.keySet().stream().sorted().toList()) + ")"));
                continue;
            }
            String note = r.get("note");
            String[] from = resolve(fromFw, r.get("source_id").strip(), note);
            String[] to = resolve(toFw, r.get("target_id").strip(), note);
            if (from == null || to == null) {
                String column = from == null ? "source_id" : "target_id";
                errors.add(new BundleError(at(file, r, header, column), column + ": '" + r.get(column) + "' is neither an id of "
                        + (from == null ? fromFw : toFw) + " nor an SP 800-53 statement part with base_control=XX-n in the note"));
                continue;
            }
            String rel = r.get("relationship").strip();
            String relationship = switch (rel) {
                case "", "intersects", "intersect", "intersects_with" -> "intersects_with";
                case "equal" -> "equal";
                case "subset", "subset_of" -> "subset_of";
                case "superset", "superset_of" -> "superset_of";
                default -> null;
            };
            if (relationship == null) {
                errors.add(new BundleError(at(file, r, header, "relationship"), "relationship: unknown value '" + rel + "'"));
                continue;
            }
            String st = r.get("strength").strip();
            Integer strength = null;
            if (!st.isEmpty()) {
                try {
                    strength = Integer.parseInt(st);
                } catch (NumberFormatException e) {
                    strength = -1;
                }
                if (strength < 0 || strength > 10) {
                    errors.add(new BundleError(at(file, r, header, "strength"), "strength: '" + st + "' is not a whole number from 0 to 10"));
                    continue;
                }
            }
            Bundle.Mapping m = new Bundle.Mapping(new Bundle.Ref(fromFw, from[0]), new Bundle.Ref(toFw, to[0]), relationship, strength, null,
                    source, note.isBlank() ? null : note, from[1] != null ? from[1] : to[1]);
            if (seen.putIfAbsent(m.from().uid() + "->" + m.to().uid() + "|" + m.key(), r.line()) == null) {
                mappings.add(m);
                mappingAt.add(r.line(), r.line(), fromColumn, r.line(), toColumn);
            }
        }
    }

    /** {id to attach the mapping to, statement part or null}; null when the id is empty or an SP 800-53 part without a base control. */
    private static String[] resolve(String fw, String id, String note) {
        if (id.isEmpty()) return null;
        if (!fw.equals(SP800_53) || SP800_53_CATALOGUE_ID.matcher(id).matches()) return new String[] {id, null};
        Matcher m = BASE_CONTROL.matcher(note);
        return m.find() ? new String[] {m.group(1), id} : null;
    }
}
