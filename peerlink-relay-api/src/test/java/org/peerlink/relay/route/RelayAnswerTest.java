package org.peerlink.relay.route;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.peerlink.relay.RelayEvents;
import org.peerlink.relay.RelayLimits;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageBusyException;
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
        assertEquals(Map.of(), text.headers());
    }

    @Test
    void wrongMethodIsJson405WithTheAllowedMethod() {
        RelayResponse.Text text = answer(new RelayRoute.WrongMethod(RelayEndpoint.Method.POST), "");
        assertEquals(405, text.status().httpStatus());
        assertEquals("{\"error\":\"method not allowed\"}", text.json());
        assertEquals(Map.of("Allow", "POST"), text.headers());
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
    void aBodyOverTheLimitIs413AndClosesTheConnection() {
        RelayResponse.Text text = (RelayResponse.Text) relay.tooLarge(new RelayRoute.Endpoint(RelayEndpoint.STORE,
                null));
        assertEquals(413, text.status().httpStatus());
        assertEquals("{\"error\":\"payload too large\"}", text.json());
        assertEquals(Map.of("Connection", "close"), text.headers());
    }

    @Test
    void limitsRefuseWithA429AndWhenToTryAgain() {
        List<String> asked = new ArrayList<>();
        RelayLimits limits = (endpoint, address) -> {
            asked.add(endpoint + " " + address);
            return endpoint == RelayEndpoint.FETCH ? Optional.of(Duration.ofMillis(2001)) : Optional.empty();
        };
        RelayService limited = RelayService.builder(failing).limits(limits).build();
        RelayResponse.Text refused = (RelayResponse.Text) limited.admit(
                new RelayRoute.Endpoint(RelayEndpoint.FETCH, null), "192.0.2.7").refusal().orElseThrow();
        assertEquals(429, refused.status().httpStatus());
        assertEquals("{\"error\":\"rate limited\",\"retryAfterSeconds\":3}", refused.json());
        assertEquals(Map.of("Retry-After", "3"), refused.headers());
        assertEquals(Optional.empty(), limited.admit(new RelayRoute.Endpoint(RelayEndpoint.HEALTH, null), "192.0.2.7")
                .refusal());
        // unknown paths and wrong methods are not the limiter's to count
        assertEquals(Optional.empty(), limited.admit(new RelayRoute.Unknown(), "192.0.2.7").refusal());
        assertEquals(List.of("FETCH 192.0.2.7", "HEALTH 192.0.2.7"), asked);
    }

    @Test
    void aFailingLimiterLetsTheRequestGoAhead() {
        RelayService limited = RelayService.builder(failing).limits((endpoint, address) -> {
            throw new IllegalStateException("limiter broken");
        }).build();
        assertEquals(Optional.empty(), limited.admit(new RelayRoute.Endpoint(RelayEndpoint.FETCH, null), "x").refusal());
    }

    @Test
    void everyAnswerIsReportedWithItsRouteAndStatus() {
        List<String> answered = new ArrayList<>();
        RelayEvents events = new RelayEvents() {
            @Override
            public void answered(RelayRoute route, RelayStatus status, long elapsedNanos) {
                answered.add(route + " " + status);
                if (elapsedNanos < 0) {
                    throw new AssertionError("negative time");
                }
            }
        };
        RelayService observed = RelayService.builder(failing).events(events).build();
        RelayRoute health = new RelayRoute.Endpoint(RelayEndpoint.HEALTH, null);
        RelayRoute blob = new RelayRoute.Endpoint(RelayEndpoint.BLOB, "b1");
        observed.answer(health, NO_QUERY, new byte[0]);
        observed.answer(new RelayRoute.Unknown(), NO_QUERY, new byte[0]);
        observed.answer(blob, NO_QUERY, new byte[0]);
        observed.tooLarge(new RelayRoute.Endpoint(RelayEndpoint.STORE, null));
        assertEquals(List.of(health + " OK", new RelayRoute.Unknown() + " NOT_FOUND", blob + " INTERNAL_ERROR",
                new RelayRoute.Endpoint(RelayEndpoint.STORE, null) + " PAYLOAD_TOO_LARGE"), answered);
    }

    @Test
    void aFailingEventsListenerChangesNoAnswer() {
        RelayService observed = RelayService.builder(failing).events(new RelayEvents() {
            @Override
            public void answered(RelayRoute route, RelayStatus status, long elapsedNanos) {
                throw new IllegalStateException("listener broken");
            }
        }).build();
        RelayResponse.Text text = (RelayResponse.Text) observed.answer(new RelayRoute.Unknown(), NO_QUERY,
                new byte[0]);
        assertEquals("{\"error\":\"not found\"}", text.json());
    }

    @Test
    void aBusyStoreIs503AndTheClientMayTryAgain() {
        RelayStorage busy = (RelayStorage) Proxy.newProxyInstance(RelayStorage.class.getClassLoader(),
                new Class<?>[] {RelayStorage.class}, (proxy, method, args) -> {
                    throw new StorageBusyException("the writer has 4096 writes waiting", null);
                });
        RelayService relay = new RelayService(busy, RelaySettings.defaults(), InstantSource.system());
        RelayResponse.Text text = (RelayResponse.Text) relay.answer(
                new RelayRoute.Endpoint(RelayEndpoint.FETCH, null), name -> List.of("bob"), new byte[0]);
        assertEquals(503, text.status().httpStatus());
        assertEquals("{\"error\":\"server busy\"}", text.json());
    }

    @Test
    void aBodyThatIsNoObjectIsRejectedBeforeTheStore() {
        RelayResponse.Text text = answer(new RelayRoute.Endpoint(RelayEndpoint.STORE, null), "[]");
        assertEquals(400, text.status().httpStatus());
        assertEquals("{\"error\":\"invalid body\"}", text.json());
    }
}
