package crossmap.http;

import crossmap.Config;
import crossmap.Main;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Defence against DNS rebinding: a page on a name its owner points at 127.0.0.1 is same-origin
 * with that name, so without this check it could read everything a loopback crossmap serves
 * without a token. A server listening on loopback answers only requests whose {@code Host} names it
 * by a loopback address, {@code localhost}, or a name given with {@code --allowed-hosts}; one
 * listening elsewhere (an explicit choice, warned about) answers to any name. The name is compared
 * as text: no DNS lookup is made.
 */
final class HostCheck {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final boolean open;
    private final java.util.Set<String> allowed;

    HostCheck(Config config) {
        this.open = !Main.isLoopback(config.host());
        // compared as the Host header's name is: without brackets, port or a trailing dot
        this.allowed = config.allowedHosts().stream().map(HostCheck::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Null when the request may go on, else the reason it may not. */
    String refusal(String hostHeader) {
        if (open || hostHeader == null || hostHeader.isEmpty()) return null; // browsers always send Host
        String name = name(hostHeader);
        if (name.equals("localhost") || name.equals("::1") || IPV4_LOOPBACK.matcher(name).matches() || allowed.contains(name)) return null;
        return "this server listens on loopback and answers to loopback host names only (localhost, 127.0.0.1, [::1]), not '"
                + hostHeader + "'; if that name is yours, add it with --allowed-hosts (CROSSMAP_ALLOWED_HOSTS)";
    }

    /** The host name of a Host header, without its port, lower-cased ("[::1]:7070" gives "::1"). */
    static String name(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        // two colons or more without brackets: a bare IPv6 address (as --allowed-hosts may name one), kept whole
        if (h.indexOf(':') != h.lastIndexOf(':')) return h;
        int colon = h.indexOf(':');
        String n = colon < 0 ? h : h.substring(0, colon);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
