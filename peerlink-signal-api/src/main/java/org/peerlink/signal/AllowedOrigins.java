package org.peerlink.signal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web origins may open the signal WebSocket ({@code --ws-allowed-origins}). Any, by default: browsers (a web
 * build of the app, a test page) always send an {@code Origin}, and a signal session is authenticated by its Ed25519
 * register, not by a cookie a foreign page could ride on (PROTOCOL.md §3). Clients that send no {@code Origin} (the
 * mobile and desktop apps) are never refused.
 *
 * @param any     every origin is allowed
 * @param origins otherwise the allowed origins, lower case, e.g. {@code https://app.example.org}
 */
public record AllowedOrigins(boolean any, Set<String> origins) {

    /** The default, {@code *}. */
    public static final AllowedOrigins ANY = new AllowedOrigins(true, Set.of());

    public AllowedOrigins {
        origins = Set.copyOf(origins);
    }

    /**
     * Parse the option's value: {@code *}, or origins separated by commas ({@code scheme://host[:port]}, or
     * {@code null} for the opaque origin of a local file or sandboxed page).
     *
     * @param text the option's value
     * @return the origins, or empty with nothing usable in it
     */
    public static Optional<AllowedOrigins> parse(String text) {
        Set<String> origins = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String origin = withoutTrailingSlash(part.strip().toLowerCase(Locale.ROOT));
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*")) {
                return Optional.of(ANY);
            }
            if (!origin.equals("null") && !isSchemeHostPort(origin)) {
                return Optional.empty();
            }
            origins.add(origin);
        }
        return origins.isEmpty() ? Optional.empty() : Optional.of(new AllowedOrigins(false, origins));
    }

    /** What {@code --ws-allowed-origins} expects, for its error message. */
    public static final String EXPECTED = "expected * or origins like https://app.example.org, separated by commas";

    /**
     * Whether a handshake with this {@code Origin} header may open the socket.
     *
     * @param origin the header's value
     * @return true when allowed
     */
    public boolean allows(String origin) {
        return any || origins.contains(origin.strip().toLowerCase(Locale.ROOT));
    }

    /** An origin has no path, but one copied from a browser's address bar often ends in "/". */
    private static String withoutTrailingSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** {@code scheme://host[:port]} and nothing after it: an origin carries no path. */
    private static boolean isSchemeHostPort(String origin) {
        int separator = origin.indexOf("://");
        if (separator <= 0) {
            return false;
        }
        String authority = origin.substring(separator + 3);
        return !authority.isEmpty() && authority.indexOf('/') < 0 && authority.indexOf('?') < 0
                && authority.indexOf('#') < 0 && authority.indexOf(' ') < 0;
    }
}
