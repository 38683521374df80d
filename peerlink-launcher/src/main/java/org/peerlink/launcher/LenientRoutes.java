package org.peerlink.launcher;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The relay paths as the original's router (Express) takes them: case-insensitively, and with one trailing slash
 * allowed ({@code /HEALTH}, {@code /relay/probe/}). The app never sends such paths, but scripts and monitoring
 * probes written against the original might; they are rerouted to the route they name instead of getting a 404.
 *
 * @param fixed       the relay's paths without parameters, lower case
 * @param paramPrefix the one path that ends in a parameter, up to it ({@code /relay/blob/}); the parameter keeps
 *                    its case
 */
record LenientRoutes(Set<String> fixed, String paramPrefix) {

    LenientRoutes {
        fixed = Set.copyOf(fixed);
    }

    /**
     * The route {@code path} names for Express when it is not written exactly as ours.
     *
     * @param path the request's (decoded) path
     * @return the path to reroute to, empty when there is none or {@code path} already is it
     */
    Optional<String> canonical(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String canonical = null;
        if (fixed.contains(lower)) {
            canonical = lower;
        } else if (lower.startsWith(paramPrefix) && trimmed.length() > paramPrefix.length()
                && trimmed.indexOf('/', paramPrefix.length()) < 0) {
            canonical = paramPrefix + trimmed.substring(paramPrefix.length());
        }
        return Optional.ofNullable(canonical).filter(c -> !c.equals(path));
    }
}
