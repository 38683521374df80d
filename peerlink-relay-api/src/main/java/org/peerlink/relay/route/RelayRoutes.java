package org.peerlink.relay.route;

import java.util.Locale;
import java.util.Optional;

/**
 * How a request's method and path find their place in the {@link RelayEndpoint} table: the paths as written there,
 * and also written the way the original's router (Express) takes them — case-insensitively, with one trailing
 * slash ({@code /HEALTH}, {@code /relay/probe/}), and with the blob id matched on the raw path before it is decoded
 * ({@code /relay/blob/a%2Fb} names the blob {@code a/b}). The app never sends such paths, but scripts and monitoring
 * probes written against the original might; they reach the route they name instead of a 404.
 */
public final class RelayRoutes {

    private RelayRoutes() {
    }

    /**
     * The route of a request.
     *
     * @param method  the request's method, as sent ({@code GET}; {@code HEAD} is not served)
     * @param path    the request's path, percent-decoded
     * @param rawPath the request's path as sent, for a blob id that holds an encoded {@code /}
     * @return the endpoint, or a wrong method on a relay path, or unknown
     */
    public static RelayRoute resolve(String method, String path, String rawPath) {
        RelayRoute exact = exact(method, path);
        if (!(exact instanceof RelayRoute.Unknown)) {
            return exact;
        }
        Optional<String> canonical = canonical(path);
        if (canonical.isPresent()) {
            return exact(method, canonical.get());
        }
        Optional<String> encodedBlobId = RelayEndpoint.Method.GET.name().equals(method)
                ? encodedParameter(rawPath) : Optional.empty();
        return encodedBlobId.<RelayRoute>map(id -> new RelayRoute.Endpoint(RelayEndpoint.BLOB, id))
                .orElseGet(RelayRoute.Unknown::new);
    }

    /** The table's own match: an endpoint of that method and path first, then any endpoint of the path. */
    private static RelayRoute exact(String method, String path) {
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            if (endpoint.method().name().equals(method) && matches(endpoint, path)) {
                return new RelayRoute.Endpoint(endpoint,
                        endpoint.hasParameter() ? path.substring(RelayEndpoint.BLOB_PREFIX.length()) : null);
            }
        }
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            if (matches(endpoint, path)) {
                return new RelayRoute.WrongMethod(endpoint.method());
            }
        }
        return new RelayRoute.Unknown();
    }

    private static boolean matches(RelayEndpoint endpoint, String path) {
        if (!endpoint.hasParameter()) {
            return endpoint.path().equals(path);
        }
        return isParameterPath(path);
    }

    /** {@code /relay/blob/} and one non-empty segment. */
    private static boolean isParameterPath(String path) {
        String prefix = RelayEndpoint.BLOB_PREFIX;
        return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
    }

    /**
     * The path Express would take {@code path} for when it is not written exactly as in the table.
     *
     * @return the path to match instead, empty when there is none or {@code path} already is it
     */
    static Optional<String> canonical(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String canonical = null;
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            if (!endpoint.hasParameter() && endpoint.path().equals(lower)) {
                canonical = lower;
            }
        }
        String prefix = RelayEndpoint.BLOB_PREFIX;
        String withParameter = lower.startsWith(prefix) ? prefix + trimmed.substring(prefix.length()) : null;
        if (canonical == null && withParameter != null && isParameterPath(withParameter)) {
            canonical = withParameter; // the parameter keeps its case
        }
        return Optional.ofNullable(canonical).filter(c -> !c.equals(path));
    }

    /**
     * The blob id of a raw path that is the blob route with one encoded segment holding an encoded {@code /}: the
     * decoded path has a segment too many for the route.
     */
    private static Optional<String> encodedParameter(String rawPath) {
        if (!isParameterPath(rawPath)) {
            return Optional.empty();
        }
        return Optional.of(PercentDecoding.decode(rawPath.substring(RelayEndpoint.BLOB_PREFIX.length())));
    }
}
