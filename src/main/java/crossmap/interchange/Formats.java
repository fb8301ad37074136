package crossmap.interchange;

import crossmap.bundle.Bundle;
import crossmap.bundle.BundleReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Which interchange format a file (or request body) is in, and the converters for each; used by the command line and the API. */
public final class Formats {
    public static final List<String> IMPORT_FORMATS = List.of("bundle", "crosswalk-csv", "reference-csv", "oscal-catalog", "oscal-mapping");

    private Formats() {}

    /** Source and target frameworks given for a file that is not an OSCAL mapping collection. */
    public static final class SidesException extends IllegalArgumentException {
        SidesException(String message) {
            super(message);
        }
    }

    /** A format name that is not one of {@link #IMPORT_FORMATS}. */
    public static final class UnknownFormatException extends IllegalArgumentException {
        UnknownFormatException(String format) {
            super("unknown format '" + format + "' (" + String.join(", ", IMPORT_FORMATS) + ")");
        }
    }

    /** The format's name: `as` when given, else detected; throws {@link UnknownFormatException} for a name not known. */
    public static String format(byte[] bytes, String name, String as) {
        String format = as != null ? as : detect(bytes, name);
        if (!IMPORT_FORMATS.contains(format)) throw new UnknownFormatException(format);
        return format;
    }

    /** A file read as a bundle, and where in the file each of its items came from. */
    public record Read(Bundle bundle, Origins origins) {}

    public static Read read(byte[] bytes, Path path, String as, String framework) {
        return read(bytes, path.getFileName().toString(), as, framework);
    }

    /**
     * Reads `bytes` (named `name` in errors) as `as`, or as detected; `framework` names an OSCAL
     * catalog's framework (default: `name` without extension). Errors found later, when the bundle is
     * checked against the store, name the file's lines through {@link Read#origins}.
     */
    public static Read read(byte[] bytes, String name, String as, String framework) {
        return read(bytes, name, as, framework, null, null);
    }

    /**
     * As above; `sourceFramework` and `targetFramework` name the sides of an OSCAL mapping collection
     * that does not name them itself (another format given them is refused with {@link SidesException}).
     */
    public static Read read(byte[] bytes, String name, String as, String framework, String sourceFramework, String targetFramework) {
        String format = format(bytes, name, as);
        if ((sourceFramework != null || targetFramework != null) && !format.equals("oscal-mapping")) {
            throw new SidesException("the source and target frameworks name the sides of an OSCAL mapping collection; " + name + " is " + format);
        }
        Origins origins = new Origins();
        Bundle b = switch (format) {
            case "crosswalk-csv" -> CrosswalkCsv.read(bytes, name, origins);
            case "reference-csv" -> CrosswalkCsv.readReference(utf8(bytes, name), name, origins);
            case "oscal-catalog" -> OscalCatalog.read(utf8(bytes, name), framework != null ? framework : name.replaceFirst("\\.[^.]*$", ""));
            case "oscal-mapping" -> OscalMapping.read(utf8(bytes, name), origins, sourceFramework, targetFramework);
            default -> BundleReader.parse(utf8(bytes, name));
        };
        return new Read(b, format.equals("oscal-catalog") || format.equals("bundle") ? Origins.NONE : origins);
    }

    /** CSV by extension or by not being a JSON object (then by its header), else by the top-level members of the JSON document. */
    static String detect(byte[] bytes, String name) {
        String start = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        // a lone JSON value (null, "x", 42) is JSON sent as a bundle, not a CSV whose header is "null"
        if (!name.toLowerCase().endsWith(".csv") && bytes.length < 4096 && jsonScalar(bytes)) return "bundle";
        if (name.toLowerCase().endsWith(".csv") || (!start.isEmpty() && start.charAt(0) != '{' && start.charAt(0) != '[')) {
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

    private static boolean jsonScalar(byte[] bytes) {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(bytes)) {
            com.fasterxml.jackson.core.JsonToken t = p.nextToken();
            return t != null && t.isScalarValue() && p.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static String utf8(byte[] bytes, String name) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new crossmap.bundle.BundleException(List.of(new crossmap.bundle.BundleError(name, "is not valid UTF-8 text")));
        }
    }

    public static String writeCrosswalk(String format, String from, String to, List<Bundle.Mapping> rows) {
        return format.equals("crosswalk-csv") ? CrosswalkCsv.write(rows)
                : OscalMapping.write(from, to, rows, "crossmap crosswalk " + from + " <-> " + to);
    }
}
