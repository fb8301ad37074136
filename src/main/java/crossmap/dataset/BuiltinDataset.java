package crossmap.dataset;

import crossmap.bundle.Bundle;
import crossmap.bundle.BundleReader;
import crossmap.interchange.CrosswalkCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in dataset, assembled only from the reference CSVs shipped under {@code reference/}
 * (see its SOURCES.md) plus the sample organisation in {@code dataset/sample-org.json}.
 */
public final class BuiltinDataset {
    public static final String SOC2 = "soc2-tsc-2017";
    public static final String HIPAA = "hipaa-security";
    public static final String HIPAA_OTHER = "hipaa-privacy-breach";
    public static final String SP800_53 = "nist-sp800-53r5";
    public static final String CSF11 = "nist-csf-1.1";
    public static final String CSF20 = "nist-csf-2.0";

    /** mappings_public.csv rows from this source have no catalogue here and are skipped by design. */
    static final String SKIPPED_SOURCE = "adobe_ccf_v5";

    /** A reference row that could not be placed (line 0: found after conversion): reported at load, never silently dropped. */
    public record Problem(String file, int line, String message) {
        /** How a load reports it: "reference row not loaded: FILE line N: MESSAGE". */
        public String describe() {
            return "reference row not loaded: " + file + " line " + line + ": " + message;
        }
    }

    public record Result(Bundle bundle, List<Problem> problems, int skippedRows) {
        /** What the dataset holds, and what the reference files had that it leaves out, in one line. */
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%d frameworks, %d requirements, %d mappings, %d controls, %d policies, %d evidence, %d gap notes; %d mappings_public.csv rows of source %s skipped (no catalogue here)",
                    bundle.frameworks().size(), bundle.requirements().size(), bundle.mappings().size(), bundle.controls().size(),
                    bundle.policies().size(), bundle.evidence().size(), bundle.gaps().size(), skippedRows, SKIPPED_SOURCE);
        }
    }

    private final List<Bundle.Framework> frameworks = new ArrayList<>();
    private final List<Bundle.Requirement> requirements = new ArrayList<>();
    private final List<Bundle.Mapping> mappings = new ArrayList<>();
    private final List<Bundle.Gap> gaps = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> uids = new HashSet<>();
    private int skipped;

    /** Built once per process: it comes from classpath resources only, and every list in it is immutable. */
    private static volatile Result built;

    public static Result build() {
        Result r = built;
        if (r == null) built = r = new BuiltinDataset().assemble();
        return r;
    }

    private Result assemble() {
        soc2();
        hipaaSecurity();
        hipaaOther();
        catalogue(SP800_53, "NIST SP 800-53 Rev. 5 Security and Privacy Controls", "5", "nist_sp800_53r5_catalog.csv",
                new String[] {"family", "control", "enhancement"});
        catalogue(CSF11, "NIST Cybersecurity Framework 1.1", "1.1", "nist_csf_1.1_catalog.csv",
                new String[] {"function", "category", "subcategory"});
        catalogue(CSF20, "NIST Cybersecurity Framework 2.0", "2.0", "nist_csf_2.0_catalog.csv",
                new String[] {"function", "category", "subcategory"});
        referenceMappings("seed_crosswalk.csv");
        referenceMappings("mappings_public.csv");
        Bundle org = BundleReader.parse(resource("dataset/sample-org.json"));
        Bundle b = new Bundle(Bundle.FORMAT, List.copyOf(frameworks), List.copyOf(requirements), List.copyOf(mappings),
                List.copyOf(org.controls()), List.copyOf(org.policies()), List.copyOf(org.evidence()), List.copyOf(gaps));
        return new Result(b, List.copyOf(problems), skipped);
    }

    private void addReq(String fw, String id, String parent, String name, String kind, String designation, String summary,
                        Integer coso, String safeguard) {
        requirements.add(new Bundle.Requirement(fw, id, parent, name, kind, designation, summary, null, coso, safeguard, null));
        uids.add(Bundle.uid(fw, id));
    }

    private void soc2() {
        frameworks.add(new Bundle.Framework(SOC2, "SOC 2 Trust Services Criteria (2017, points of focus revised 2022)", "2017 (rev. 2022)",
                "AICPA", "attestation", "reference/soc2_tsc.csv"));
        Map<String, String> categoryNames = new LinkedHashMap<>();
        categoryNames.put("security", "Security");
        categoryNames.put("availability", "Availability");
        categoryNames.put("confidentiality", "Confidentiality");
        categoryNames.put("processing_integrity", "Processing Integrity");
        categoryNames.put("privacy", "Privacy");
        categoryNames.forEach((id, name) -> addReq(SOC2, id, null, name, "category", null,
                "Trust Services category " + name + ".", null, null));
        // Privacy series names as listed in SOURCES.md section 3 (the CSV keeps them all under "Privacy").
        Map<String, String> privacySeries = Map.of("P1", "Notice and Communication of Objectives", "P2", "Choice and Consent",
                "P3", "Collection", "P4", "Use, Retention and Disposal", "P5", "Access", "P6", "Disclosure and Notification",
                "P7", "Quality", "P8", "Monitoring and Enforcement");
        List<Csv.Row> rows = Csv.parse(resource("reference/soc2_tsc.csv"));
        Set<String> series = new HashSet<>();
        for (Csv.Row r : rows) {
            String id = r.get("id");
            String s = id.substring(0, id.indexOf('.'));
            if (series.add(s)) {
                String name = s.startsWith("P") && !s.startsWith("PI") ? privacySeries.get(s) : r.get("category");
                addReq(SOC2, s, r.get("tsc"), name, "series", null, "Criteria series " + s + " (" + name + ").", null, null);
            }
            String coso = r.get("coso_principle");
            addReq(SOC2, id, s, r.get("title"), "criterion", null, null, coso.isBlank() ? null : Integer.parseInt(coso), null);
        }
        addReq(SOC2, "SYSTEM-DESCRIPTION", null, "System description (SOC 2 report)", "report_requirement", null,
                "The description of the system that management presents in a SOC 2 report; a report requirement, "
                        + "not a Trust Services criterion.", null, null);
    }

    private static final Map<String, String> SAFEGUARD_SECTIONS = Map.of(
            "164.308", "Administrative Safeguards", "164.310", "Physical Safeguards", "164.312", "Technical Safeguards",
            "164.314", "Organizational Requirements", "164.316", "Policies and Procedures and Documentation Requirements");

    private static String section(String id) {
        int p = id.indexOf('(');
        return p < 0 ? id : id.substring(0, p);
    }

    private void hipaaSecurity() {
        frameworks.add(new Bundle.Framework(HIPAA, "HIPAA Security Rule (45 CFR 164.308-164.316)", "2013 (Omnibus)", "HHS",
                "regulation", "reference/hipaa_security_rule.csv"));
        List<Csv.Row> rows = Csv.parse(resource("reference/hipaa_security_rule.csv"));
        Map<String, String> safeguardOf = new LinkedHashMap<>();
        for (Csv.Row r : rows) safeguardOf.putIfAbsent(section(r.get("id")), r.get("safeguard"));
        safeguardOf.forEach((sec, safeguard) -> addReq(HIPAA, sec, null, SAFEGUARD_SECTIONS.getOrDefault(sec, sec), "section", null,
                "45 CFR " + sec + ": the " + safeguard + " standards of the Security Rule.", null, safeguard));
        for (Csv.Row r : rows) {
            String parent = r.get("parent_id").isBlank() ? section(r.get("id")) : r.get("parent_id");
            String d = r.get("designation");
            addReq(HIPAA, r.get("id"), parent, r.get("name"), r.get("kind"), d.isBlank() ? null : d, r.get("summary"), null,
                    r.get("safeguard"));
        }
    }

    private void hipaaOther() {
        frameworks.add(new Bundle.Framework(HIPAA_OTHER, "HIPAA Privacy and Breach Notification Rules (selected provisions)",
                "2013 (Omnibus)", "HHS", "regulation", "reference/hipaa_other_rules.csv"));
        List<Csv.Row> rows = Csv.parse(resource("reference/hipaa_other_rules.csv"));
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.get("id")));
        Set<String> sections = new HashSet<>();
        for (Csv.Row r : rows) {
            String sec = section(r.get("id"));
            if (!ids.contains(sec) && sections.add(sec)) {
                String subpart = r.get("safeguard").equals("privacy") ? "Privacy Rule" : "Breach Notification Rule";
                addReq(HIPAA_OTHER, sec, null, "45 CFR " + sec, "section", null,
                        "Groups the " + subpart + " provisions of 45 CFR " + sec + " in this dataset.", null, r.get("safeguard"));
            }
        }
        for (Csv.Row r : rows) {
            String id = r.get("id");
            String parent = !r.get("parent_id").isBlank() ? r.get("parent_id") : (section(id).equals(id) ? null : section(id));
            addReq(HIPAA_OTHER, id, parent, r.get("name"), r.get("kind"), null, r.get("summary"), null, r.get("safeguard"));
        }
    }

    private void catalogue(String fw, String name, String version, String file, String[] kinds) {
        frameworks.add(new Bundle.Framework(fw, name, version, "NIST", "catalog", "reference/" + file));
        for (Csv.Row r : Csv.parse(resource("reference/" + file))) {
            String id = r.get("id");
            int depth = Integer.parseInt(r.get("depth"));
            String text = r.values().getOrDefault("text", "");
            String n = r.get("name").isBlank() ? id : r.get("name");
            addReq(fw, id, r.get("parent_id").isBlank() ? null : r.get("parent_id"), n, kinds[Math.min(depth, kinds.length) - 1],
                    null, text.isBlank() ? null : text, null, null);
        }
    }

    /**
     * Mappings and gap notes of one reference CSV, converted by the same reader the command line uses
     * ({@link CrosswalkCsv#readReference}); here every id is also checked against the catalogues, and a
     * row whose id is in none is reported, never silently dropped.
     */
    private void referenceMappings(String file) {
        String text = resource("reference/" + file);
        Checked c = checked(text, file, uids);
        mappings.addAll(c.mappings());
        gaps.addAll(c.gaps());
        problems.addAll(c.problems());
        skipped += (int) text.lines().filter(l -> l.startsWith(SKIPPED_SOURCE + ",")).count();
    }

    /** A reference CSV's rows whose ids are all in `uids`, and a problem (file, line) for each row that is not. */
    record Checked(List<Bundle.Mapping> mappings, List<Bundle.Gap> gaps, List<Problem> problems) {}

    static Checked checked(String text, String file, Set<String> uids) {
        crossmap.interchange.Origins origins = new crossmap.interchange.Origins();
        Bundle r = CrosswalkCsv.readReference(text, file, origins);
        List<Bundle.Mapping> ms = new ArrayList<>();
        List<Bundle.Gap> gs = new ArrayList<>();
        List<Problem> ps = new ArrayList<>();
        for (int i = 0; i < r.mappings().size(); i++) {
            Bundle.Mapping m = r.mappings().get(i);
            String missing = !uids.contains(m.from().uid()) ? m.from().uid() : !uids.contains(m.to().uid()) ? m.to().uid() : null;
            if (missing != null) {
                ps.add(new Problem(file, line(origins.place("mappings", i)), "mapping " + m.from().uid() + " -> " + m.to().uid() + " (" + m.source() + "): "
                        + missing + " is in no catalogue"));
            } else {
                ms.add(m);
            }
        }
        for (int i = 0; i < r.gaps().size(); i++) {
            Bundle.Gap g = r.gaps().get(i);
            if (uids.contains(Bundle.uid(g.framework(), g.id()))) gs.add(g);
            else ps.add(new Problem(file, line(origins.place("gaps", i)), "gap note on " + Bundle.uid(g.framework(), g.id()) + " (" + g.source() + "): no such requirement"));
        }
        return new Checked(ms, gs, ps);
    }

    /** The line of a "file:line" place; 0 when unknown. */
    private static int line(String place) {
        if (place == null) return 0;
        try {
            return Integer.parseInt(place.substring(place.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String resource(String path) {
        try (InputStream in = BuiltinDataset.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("resource not found on the classpath: " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
