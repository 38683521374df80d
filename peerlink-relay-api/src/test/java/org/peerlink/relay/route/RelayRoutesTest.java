package org.peerlink.relay.route;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route table as every transport sees it (docs/behaviour.md, Routes). */
class RelayRoutesTest {

    private static RelayRoute get(String path) {
        return RelayRoutes.resolve("GET", path, path);
    }

    private static RelayRoute.Endpoint endpoint(RelayEndpoint endpoint, String parameter) {
        return new RelayRoute.Endpoint(endpoint, parameter);
    }

    @Test
    void everyEndpointIsFoundAtItsPathWithItsMethod() {
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            String path = endpoint.hasParameter() ? "/relay/blob/b1" : endpoint.path();
            RelayRoute route = RelayRoutes.resolve(endpoint.method().name(), path, path);
            assertEquals(endpoint(endpoint, endpoint.hasParameter() ? "b1" : null), route);
            assertEquals(endpoint.method() == RelayEndpoint.Method.POST, route.takesBody());
        }
    }

    @Test
    void anotherMethodOnARelayPathIsTheWrongMethodWithWhatItAllows() {
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST), get("/relay/store"));
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.GET),
                RelayRoutes.resolve("POST", "/health", "/health"));
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.GET),
                RelayRoutes.resolve("HEAD", "/relay/fetch", "/relay/fetch"));
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.GET),
                RelayRoutes.resolve("DELETE", "/relay/blob/x", "/relay/blob/x"));
        // the upload path is POST's: another method there is told so, not sent to the blob lookup
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST),
                RelayRoutes.resolve("PUT", "/relay/blob/upload", "/relay/blob/upload"));
        assertFalse(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST).takesBody());
    }

    @Test
    void getOnTheUploadPathLooksUpTheBlobOfThatName() {
        assertEquals(endpoint(RelayEndpoint.BLOB, "upload"), get("/relay/blob/upload"));
        // two segments are no blob id
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST), get("/relay/blob/upload/chunk"));
    }

    @Test
    void pathsWrittenAsExpressTakesThemReachTheirRoute() {
        assertEquals(endpoint(RelayEndpoint.HEALTH, null), get("/HEALTH"));
        assertEquals(endpoint(RelayEndpoint.CAPABILITIES, null), get("/Relay/Capabilities/"));
        assertEquals(endpoint(RelayEndpoint.STORE, null), RelayRoutes.resolve("POST", "/relay/store/", "/relay/store/"));
        assertEquals(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST), get("/RELAY/PROBE"));
        // the blob id keeps its case; the prefix does not matter
        assertEquals(endpoint(RelayEndpoint.BLOB, "AbC"), get("/RELAY/BLOB/AbC/"));
    }

    @Test
    void aBlobIdWithAnEncodedSlashIsFoundOnTheRawPath() {
        assertEquals(endpoint(RelayEndpoint.BLOB, "a/b"), RelayRoutes.resolve("GET", "/relay/blob/a/b",
                "/relay/blob/a%2Fb"));
        assertEquals(endpoint(RelayEndpoint.BLOB, "a/ b"), RelayRoutes.resolve("GET", "/relay/blob/a/+b",
                "/relay/blob/a%2F+b"));
        assertEquals(new RelayRoute.Unknown(), RelayRoutes.resolve("POST", "/relay/blob/a/b", "/relay/blob/a%2Fb"));
    }

    @Test
    void anythingElseIsUnknown() {
        for (String path : List.of("/", "/nope", "/relay", "/relay/blob/", "/relay/blob", "/health/extra",
                "/relay/fetch//", "/relay/blob/a/b")) {
            assertEquals(new RelayRoute.Unknown(), get(path), path);
        }
        assertFalse(new RelayRoute.Unknown().takesBody());
    }

    @Test
    void percentDecodingIsTheLaunchersOwn() {
        assertEquals("a/b", PercentDecoding.decode("a%2Fb"));
        assertEquals("a b", PercentDecoding.decode("a+b"));
        assertEquals("é", PercentDecoding.decode("%C3%A9"));
        assertEquals("a%ZZb", PercentDecoding.decode("a%ZZb"));
        assertEquals("a%", PercentDecoding.decode("a%"));
        assertEquals("a%2", PercentDecoding.decode("a%2"));
        assertEquals("a\uFFFD", PercentDecoding.decode("a%e2%82"));
        // only ASCII hex digits make an escape
        assertEquals("%\u0661\u0662", PercentDecoding.decode("%\u0661\u0662"));
        assertEquals("plain", PercentDecoding.decode("plain"));
    }

    @Test
    void queryParametersAsTheLaunchersParserGivesThem() {
        RelayQuery query = RelayQuery.parse("to=a+b&limit=5&limit=6&cursor&t%6F2=%C3%A9&&x=1=2");
        assertEquals(List.of("a b"), query.all("to"));
        assertEquals("a b", query.single("to"));
        assertEquals(List.of("5", "6"), query.all("limit"));
        assertEquals(null, query.single("limit"), "a repeated parameter counts as absent");
        assertEquals(List.of(), query.all("cursor"), "a name without = has no value");
        assertEquals(List.of("é"), query.all("to2"));
        assertEquals(List.of("1=2"), query.all("x"));
        assertTrue(RelayQuery.parse(null).all("to").isEmpty());
        assertTrue(RelayQuery.parse("").all("to").isEmpty());
    }
}
