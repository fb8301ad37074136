package crossmap.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * The interchange bundle (PRODUCT.md section 3), as validated records. Every list is non-null.
 * Extensions to the contract, all optional: requirement {@code sortKey}, {@code cosoPrinciple},
 * {@code safeguard}; mapping {@code part} (an SP 800-53 statement part kept on an edge to its base
 * control); framework {@code kind}, {@code source}; and {@code gaps}, the recorded gap notes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bundle(
        String format,
        List<Framework> frameworks,
        List<Requirement> requirements,
        List<Mapping> mappings,
        List<Control> controls,
        List<Policy> policies,
        List<Evidence> evidence,
        List<Gap> gaps) {

    public static final String FORMAT = "crossmap-bundle/1";

    public static Bundle empty() {
        return new Bundle(FORMAT, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public int size() {
        return frameworks.size() + requirements.size() + mappings.size() + controls.size() + policies.size()
                + evidence.size() + gaps.size();
    }

    /** This bundle's elements followed by `other`'s, array by array (the caller makes sure no key is in both). */
    public Bundle with(Bundle other) {
        return new Bundle(format, concat(frameworks, other.frameworks), concat(requirements, other.requirements),
                concat(mappings, other.mappings), concat(controls, other.controls), concat(policies, other.policies),
                concat(evidence, other.evidence), concat(gaps, other.gaps));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** Rows as a file holds them: every item, and every control's SATISFIES link. */
    public long rows() {
        return size() + controls.stream().mapToLong(c -> c.satisfies() == null ? 0 : c.satisfies().size()).sum();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Framework(String id, String name, String version, String publisher, String kind, String source) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requirement(String framework, String id, String parent, String name, String kind, String designation,
                              String summary, String sortKey, Integer cosoPrinciple, String safeguard, String label) {
        public String uid() {
            return Bundle.uid(framework, id);
        }
    }

    public record Ref(String framework, String id) {
        public String uid() {
            return Bundle.uid(framework, id);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mapping(Ref from, Ref to, String relationship, Integer strength, String rationale, String source,
                          String note, String part) {
        /** What makes one mapping edge distinct between the same two requirements. */
        public String key() {
            return source + "|" + (part == null ? "" : part);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Satisfies(String framework, String id, String strength, String note) {
        public String uid() {
            return Bundle.uid(framework, id);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Control(String id, String name, String description, String owner, String status, String frequency,
                          List<Satisfies> satisfies) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Policy(String id, String title, String version, LocalDate approvedOn, Integer reviewEveryMonths,
                         String owner, List<String> governs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String id, String control, String kind, String title, LocalDate collectedOn,
                           LocalDate validFrom, LocalDate validUntil, String uri, String sha256) {}

    /** A recorded gap note: a source says this requirement has no counterpart in another framework. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gap(String framework, String id, String against, String source, String note) {
        public String key() {
            return Bundle.uid(framework, id) + "|" + (against == null ? "" : against) + "|" + source;
        }
    }

    public static String uid(String framework, String id) {
        return framework + ":" + id;
    }

    public static final List<String> RELATIONSHIPS = List.of("equal", "subset_of", "superset_of", "intersects_with", "no_relationship");
    public static final List<String> RATIONALES = List.of("syntactic", "semantic", "functional");
    public static final List<String> STATUSES = List.of("operating", "failed", "not_implemented");
    public static final List<String> FREQUENCIES = List.of("continuous", "daily", "weekly", "monthly", "quarterly", "annual", "event");
    public static final List<String> DESIGNATIONS = List.of("required", "addressable", "none");
    public static final List<String> STRENGTHS = List.of("full", "partial");
}
