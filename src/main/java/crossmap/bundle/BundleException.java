package crossmap.bundle;

import java.util.List;

/** A bundle was refused; nothing was written. Carries every problem found. */
public final class BundleException extends RuntimeException {
    private final List<BundleError> errors;

    public BundleException(List<BundleError> errors) {
        super(errors.size() + " problem(s) in bundle; first: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<BundleError> errors() {
        return errors;
    }
}
