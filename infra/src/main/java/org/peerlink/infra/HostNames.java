package org.peerlink.infra;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals and DNS names, checked without ever asking a resolver: the renderer runs on build machines and in
 * containers where the target's names need not resolve.
 */
final class HostNames {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private HostNames() {
    }

    /**
     * Parse an IPv4 or IPv6 literal (IPv6 also in brackets).
     *
     * @param text candidate
     * @return the address, or empty if {@code text} is not an IP literal
     */
    static Optional<InetAddress> ipLiteral(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(t).matches();
        boolean v6 = t.indexOf(':') >= 0 && IPV6_CHARS.matcher(t).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // a literal of this shape is parsed, never looked up
            InetAddress address = InetAddress.getByName(t);
            if (v6 && !(address instanceof Inet6Address)) {
                return Optional.empty(); // "::ffff:1.2.3.4" is folded to IPv4 by the JDK; keep IPv6 text IPv6
            }
            return Optional.of(address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The IP literal as configs want it: without brackets.
     *
     * @param text an IP literal accepted by {@link #ipLiteral}
     * @return the text without brackets
     */
    static String bare(String text) {
        return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    }

    /**
     * Whether {@code text} is a DNS host name: letters, digits and hyphens in dot-separated labels of at most 63
     * characters, 253 in all, and a last label that is not all digits (that would be a mistyped IP).
     *
     * @param text candidate
     * @return true for a host name
     */
    static boolean isDnsName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /**
     * {@code host:port} for a listener line or a URL: IPv6 in brackets.
     *
     * @param host IP literal or DNS name
     * @param port port
     * @return e.g. {@code 0.0.0.0:443}, {@code [::]:443} or {@code peerlink.example.org:443}
     */
    static String hostPort(String host, int port) {
        String bare = bare(host);
        return (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
    }
}
