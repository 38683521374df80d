package org.peerlink.relay.route;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@link RelayService#answer} gives a transport for each kind of route. */
class RelayAnswerTest {

    private static final RelayQuery NO_QUERY = name -> List.of();

    /** A store that fails every call: the routes below either never reach it or must survive it. */
    private final RelayStorage failing = (RelayStorage) Proxy.newProxyInstance(RelayStorage.class.getClassLoader(),
            new Class<?>[] {RelayStorage.class}, (proxy, method, args) -> {
                throw new StorageException("disk on fire", null);
            });
    private final RelayService relay = new RelayService(failing, RelaySettings.defaults(),
            InstantSource.fixed(Instant.ofEpochMilli(1741590002123L)));

    private RelayResponse.Text answer(RelayRoute route, String body) {
        return (RelayResponse.Text) relay.answer(route, NO_QUERY, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownPathIsJson404() {
        RelayResponse.Text text = answer(new RelayRoute.Unknown(), "");
        assertEquals(404, text.status().httpStatus());
        assertEquals("{\"error\":\"not found\"}", text.json());
        assertEquals(Optional.empty(), text.allow());
    }

    @Test
    void wrongMethodIsJson405WithTheAllowedMethod() {
        RelayResponse.Text text = answer(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST), "");
        assertEquals(405, text.status().httpStatus());
        assertEquals("{\"error\":\"method not allowed\"}", text.json());
        assertEquals(Optional.of("POST"), text.allow());
    }

    @Test
    void healthNeedsNoStore() {
        RelayResponse.Text text = answer(new RelayRoute.Endpoint(RelayEndpoint.HEALTH, null), "");
        assertEquals(200, text.status().httpStatus());
        assertEquals("{\"ok\":true,\"ts\":1741590002123}", text.json());
    }

    @Test
    void aFailingStoreIsJson500AndNeverAnException() {
        RelayResponse.Text fetch = (RelayResponse.Text) relay.answer(
                new RelayRoute.Endpoint(RelayEndpoint.FETCH, null), name -> List.of("bob"), new byte[0]);
        assertEquals(500, fetch.status().httpStatus());
        assertEquals("{\"error\":\"internal error\"}", fetch.json());
        RelayResponse.Text blob = answer(new RelayRoute.Endpoint(RelayEndpoint.BLOB, "b1"), "");
        assertEquals("{\"error\":\"internal error\"}", blob.json());
    }

    @Test
    void aBodyThatIsNoObjectIsRejectedBeforeTheStore() {
        RelayResponse.Text text = answer(new RelayRoute.Endpoint(RelayEndpoint.STORE, null), "[]");
        assertEquals(400, text.status().httpStatus());
        assertEquals("{\"error\":\"invalid body\"}", text.json());
    }
}
