package crossmap.interchange;

import static org.junit.jupiter.api.Assertions.assertThrows;

import crossmap.bundle.BundleError;
import crossmap.bundle.BundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Test helpers: classpath resources, and the errors of a refused input. */
public final class Resources {
    private Resources() {}

    static byte[] bytes(String path) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("test resource not on the classpath: " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The errors of the {@link BundleException} the call throws, as "path: message" strings. */
    static List<String> errors(Executable call) {
        BundleException e = assertThrows(BundleException.class, call);
        return e.errors().stream().map(BundleError::toString).toList();
    }
}
