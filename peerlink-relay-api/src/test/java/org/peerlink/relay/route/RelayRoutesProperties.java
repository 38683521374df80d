package org.peerlink.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import org.peerlink.core.json.JsonArbitraries;

/**
 * The route table, the query parser and the percent decoding on whatever request line a client sends: they run
 * before anything is guarded, so an exception here would be the transport's to answer, differently on each one.
 */
class RelayRoutesProperties {

    /** Text a percent decoder trips on: escapes whole, cut short or not hex, '+', multi-byte UTF-8, lone surrogates. */
    @Provide
    Arbitrary<String> encodedText() {
        Arbitrary<String> pieces = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("%", "%2", "%2F", "%2f", "%zz", "%%", "+", "%C3", "%A9", "%E2%82", "%F0",
                        "%00", "%ff", "/", "=", "&", "?", "#", "%u0041")),
                Tuple.of(3, JsonArbitraries.strings(3)));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    /** Paths near the table's: its own, in other cases, with slashes and segments added, with encoded bits. */
    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> tablePaths = Arbitraries.of(RelayEndpoint.values())
                .map(e -> e.hasParameter() ? RelayEndpoint.BLOB_PREFIX : e.path());
        Arbitrary<String> near = Combinators.combine(tablePaths, Arbitraries.of("", "/", "//", "x", "/x", "/a%2Fb",
                        "/upload", "/upload/chunk", "%2F"), Arbitraries.of(true, false))
                .as((path, suffix, upper) -> upper ? (path + suffix).toUpperCase(Locale.ROOT) : path + suffix);
        return Arbitraries.oneOf(near, encodedText(), encodedText().map(t -> "/" + t),
                encodedText().map(t -> RelayEndpoint.BLOB_PREFIX + t));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "HEAD", "DELETE", "get", "OPTIONS"),
                Arbitraries.strings().ofMaxLength(8));
    }

    /**
     * Any request line finds a route, and the route is consistent with it: an endpoint only for its own method, a
     * wrong method only for another one, a blob id never empty.
     */
    @Property(tries = 1000)
    void everyRequestLineHasAConsistentRoute(@ForAll("methods") String method, @ForAll("paths") String rawPath) {
        String path = PercentDecoding.decode(rawPath);
        RelayRoute route = RelayRoutes.resolve(method, path, rawPath);
        assertNotNull(route);
        switch (route) {
            case RelayRoute.Endpoint endpoint -> {
                assertEquals(endpoint.endpoint().method().name(), method, route.toString());
                assertEquals(endpoint.endpoint().hasParameter(), endpoint.parameter() != null, route.toString());
                if (endpoint.parameter() != null) {
                    assertTrue(!endpoint.parameter().isEmpty(), route.toString());
                }
            }
            case RelayRoute.WrongMethod wrong -> assertNotEquals(wrong.allow().name(), method, route.toString());
            case RelayRoute.Unknown unknown -> {
            }
        }
    }

    /** As Express takes them: a path of the table in any case, with or without one trailing slash. */
    @Property(tries = 300)
    void aTablePathInAnyCaseWithOrWithoutATrailingSlashReachesItsEndpoint(@ForAll RelayEndpoint endpoint,
                                                                          @ForAll long caseBits,
                                                                          @ForAll boolean slash) {
        String path = endpoint.hasParameter() ? RelayEndpoint.BLOB_PREFIX + "b1" : endpoint.path();
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            // the blob id ("b1") keeps its case: it is a name, not part of the route
            boolean upper = (caseBits >>> (i % 64) & 1) == 1 && !(endpoint.hasParameter() && i >= path.length() - 2);
            written.append(upper ? Character.toUpperCase(c) : c);
        }
        if (slash) {
            written.append('/');
        }
        String sent = written.toString();
        assertEquals(new RelayRoute.Endpoint(endpoint, endpoint.hasParameter() ? "b1" : null),
                RelayRoutes.resolve(endpoint.method().name(), sent, sent), sent);
    }

    /** Strings a client can percent-encode: no lone surrogates (they have no UTF-8). */
    @Provide
    Arbitrary<String> encodable() {
        return JsonArbitraries.strings(16).filter(s -> s.equals(
                new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    /**
     * A blob id of any characters, '/' included when it is encoded, is found as the client encoded it — unless,
     * decoded, it ends in '/' or spells a path of the table (Express takes those for that path, see the class).
     */
    @Property(tries = 500)
    void aBlobIdIsFoundAsTheClientEncodedIt(@ForAll("encodable") String id) {
        String rawPath = RelayEndpoint.BLOB_PREFIX + URLEncoder.encode(id, StandardCharsets.UTF_8);
        String path = PercentDecoding.decode(rawPath);
        Assume.that(!id.isEmpty() && !id.endsWith("/") && !isTablePath(path));
        assertEquals(new RelayRoute.Endpoint(RelayEndpoint.BLOB, id), RelayRoutes.resolve("GET", path, rawPath),
                rawPath);
    }

    private static boolean isTablePath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return Arrays.stream(RelayEndpoint.values()).anyMatch(e -> !e.hasParameter() && e.path().equals(lower));
    }

    @Property(tries = 1000)
    void percentDecodingUndoesTheClientsEncoding(@ForAll("encodable") String text) {
        assertEquals(text, PercentDecoding.decode(URLEncoder.encode(text, StandardCharsets.UTF_8)));
    }

    @Property(tries = 1000)
    void percentDecodingTakesAnyText(@ForAll("encodedText") String text) {
        assertNotNull(PercentDecoding.decode(text));
    }

    @Property(tries = 1000)
    void anyQueryStringParsesAndAnswersForAnyName(@ForAll("encodedText") String rawQuery,
                                                  @ForAll("encodedText") String name) {
        RelayQuery query = RelayQuery.parse(rawQuery);
        for (String asked : List.of(name, "to", "cursor", "limit", "")) {
            List<String> values = query.all(asked);
            assertEquals(values.size() == 1 ? values.getFirst() : null, query.single(asked));
        }
    }

    @Provide
    Arbitrary<List<Tuple2<String, String>>> parameters() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("to", "cursor", "limit"), encodable());
        return Combinators.combine(names, encodable()).as(Tuple::of).list().ofMaxSize(6);
    }

    /** Parameters encoded as a browser encodes a form come back decoded, each name with its values in order. */
    @Property(tries = 1000)
    void encodedParametersComeBackInOrder(@ForAll("parameters") List<Tuple2<String, String>> parameters) {
        List<String> pairs = new ArrayList<>();
        for (Tuple2<String, String> p : parameters) {
            pairs.add(URLEncoder.encode(p.get1(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(p.get2(), StandardCharsets.UTF_8));
        }
        RelayQuery query = RelayQuery.parse(String.join("&", pairs));
        for (Tuple2<String, String> p : parameters) {
            List<String> expected = parameters.stream().filter(q -> q.get1().equals(p.get1())).map(Tuple2::get2)
                    .toList();
            assertEquals(expected, query.all(p.get1()), p.get1());
        }
    }
}
