package crossmap.cli;

import crossmap.bundle.Bundle;
import crossmap.bundle.BundleReader;
import crossmap.interchange.CrosswalkCsv;
import crossmap.interchange.OscalCatalog;
import crossmap.interchange.OscalMapping;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Which interchange format a file is in, and the converters for each. */
final class Formats {
    static final List<String> IMPORT_FORMATS = List.of("bundle", "crosswalk-csv", "reference-csv", "oscal-catalog", "oscal-mapping");

    private Formats() {}

    static Bundle read(byte[] bytes, Path path, String as, String framework) {
        String name = path.getFileName().toString();
        String format = as != null ? as : detect(bytes, name);
        if (!IMPORT_FORMATS.contains(format)) {
            throw new Cli.UsageException("unknown --as '" + format + "' (" + String.join(", ", IMPORT_FORMATS) + ")");
        }
        return switch (format) {
            case "crosswalk-csv" -> CrosswalkCsv.read(bytes, name);
            case "reference-csv" -> CrosswalkCsv.readReference(utf8(bytes, name), name);
            case "oscal-catalog" -> OscalCatalog.read(utf8(bytes, name), framework != null ? framework : name.replaceFirst("\\.[^.]*$", ""));
            case "oscal-mapping" -> OscalMapping.read(utf8(bytes, name));
            default -> BundleReader.parse(utf8(bytes, name));
        };
    }

    /** By extension (CSV: by its header), else by the top-level members of the JSON document. */
    static String detect(byte[] bytes, String name) {
        if (name.toLowerCase().endsWith(".csv")) {
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
            return head.lines().findFirst().orElse("").startsWith("source,") ? "reference-csv" : "crosswalk-csv";
        }
        java.util.Set<String> top = new java.util.HashSet<>();
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(bytes)) {
            if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    top.add(p.currentName());
                    p.nextToken();
                    p.skipChildren();
                }
            }
        } catch (java.io.IOException e) {
            return "bundle"; // the bundle reader reports where the JSON breaks
        }
        if (top.contains("mapping-collection")) return "oscal-mapping";
        if (top.contains("catalog") && !top.contains("format")) return "oscal-catalog";
        return "bundle";
    }

    static String utf8(byte[] bytes, String name) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new crossmap.bundle.BundleException(List.of(new crossmap.bundle.BundleError(name, "is not valid UTF-8 text")));
        }
    }

    static String writeCrosswalk(String format, String from, String to, List<Bundle.Mapping> rows) {
        return format.equals("crosswalk-csv") ? CrosswalkCsv.write(rows)
                : OscalMapping.write(from, to, rows, "crossmap crosswalk " + from + " <-> " + to);
    }
}
