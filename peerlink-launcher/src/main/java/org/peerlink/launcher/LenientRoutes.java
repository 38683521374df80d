package org.peerlink.launcher;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.helidon.common.uri.UriEncoding;

/**
 * The relay paths as the original's router (Express) takes them: case-insensitively, with one trailing slash
 * allowed ({@code /HEALTH}, {@code /relay/probe/}), and with a parameter matched on the raw path before it is
 * decoded ({@code /relay/blob/a%2Fb} names the blob {@code a/b}). The app never sends such paths, but scripts and
 * monitoring probes written against the original might; they reach the route they name instead of a 404.
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

    /**
     * The parameter of a path whose raw form is the parameter route with one encoded segment that holds an encoded
     * {@code /}: Helidon decodes before it matches, so such a path has a segment too many for the route.
     *
     * @param rawPath the request's path as sent
     * @return the decoded parameter, empty for any other path
     */
    Optional<String> encodedParameter(String rawPath) {
        if (!rawPath.startsWith(paramPrefix) || rawPath.length() == paramPrefix.length()
                || rawPath.indexOf('/', paramPrefix.length()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(UriEncoding.decodeUri(rawPath.substring(paramPrefix.length())));
    }
}
