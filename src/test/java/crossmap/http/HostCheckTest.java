package crossmap.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import crossmap.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Host headers a server answers to (the raw-request attacks are in HostileInputTest). */
class HostCheckTest {
    @Test
    void allowed_names_are_compared_as_the_header_is_read_without_port_brackets_or_case() {
        HostCheck c = new HostCheck(Config.from(Map.of("--allowed-hosts", "Crossmap.Example:7070, [fd00::1] ,tools.internal.,fd00::2")));
        for (String ok : List.of("crossmap.example", "CROSSMAP.example:8080", "[fd00::1]:7070", "tools.internal", "tools.internal.:7070",
                "[fd00::2]:7070", "[FD00::2]", "localhost:7070", "127.0.0.1", "[::1]")) {
            assertNull(c.refusal(ok), ok);
        }
        for (String no : List.of("evil.example", "crossmap.example.evil.example", "[fd00::3]:7070", "fd00", "fd00:7070", "localhost.evil.example",
                "128.0.0.1")) {
            assertNotNull(c.refusal(no), no);
        }
    }

    @Test
    void a_server_bound_beyond_loopback_answers_to_any_name() {
        assertNull(new HostCheck(Config.from(Map.of("--host", "0.0.0.0"))).refusal("anything.example:7070"));
    }
}
