package crossmap.coverage;

/** Coverage levels, ordered none < partial < full; stored as 0, 1, 2 in the engine's arrays. */
public final class Level {
    public static final int NONE = 0;
    public static final int PARTIAL = 1;
    public static final int FULL = 2;

    private Level() {}

    public static String name(int level) {
        return switch (level) {
            case FULL -> "full";
            case PARTIAL -> "partial";
            default -> "none";
        };
    }

    public static int of(String strength) {
        return "partial".equals(strength) ? PARTIAL : FULL;
    }

    /**
     * The level a crosswalk edge passes on (PRODUCT.md section 2, step 4). Along the edge (a covered
     * implies b): full for equal and superset_of. Against it (b covered implies a): full for equal and
     * subset_of. Every other overlap (intersects_with, and subset_of along / superset_of against)
     * passes partial; no_relationship passes nothing.
     */
    public static int edge(String relationship, boolean along) {
        return switch (relationship) {
            case "equal" -> FULL;
            case "superset_of" -> along ? FULL : PARTIAL;
            case "subset_of" -> along ? PARTIAL : FULL;
            case "intersects_with" -> PARTIAL;
            default -> NONE;
        };
    }
}
