package crossmap.bundle;

/** One problem found in a bundle: where (array, index, field, as a path such as {@code requirements[3].parent}) and what. */
public record BundleError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
