package org.peerlink.relay;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The places a client address has among the relay's requests in progress ({@link RelayCaps#maxRequestsPerAddress}). */
class RequestsInFlightTest {

    private static final RelayRoute FETCH = new RelayRoute.Endpoint(RelayEndpoint.FETCH, null);
    private static final RelayRoute STORE = new RelayRoute.Endpoint(RelayEndpoint.STORE, null);

    private static RelayService relay(RelayLimits limits) {
        RelayCaps defaults = RelayCaps.defaults();
        RelayCaps caps = new RelayCaps(defaults.maxRecipients(), defaults.maxMembers(), defaults.maxEnvelopeChars(),
                defaults.maxFanOutChars(), defaults.maxFetchPageChars(), 2);
        return RelayService.builder(new InMemoryRelayStorage())
                .settings(RelaySettings.defaults().withCaps(caps))
                .limits(limits)
                .build();
    }

    @Test
    void anAddressHoldsAtMostItsPlacesAndGetsThemBackWhenItsRequestsEnd() {
        RelayService relay = relay(RelayLimits.NONE);
        RelayAdmission first = relay.admit(FETCH, "192.0.2.1");
        RelayAdmission second = relay.admit(new RelayRoute.Unknown(), "192.0.2.1");
        assertEquals(Optional.empty(), first.refusal());
        assertEquals(Optional.empty(), second.refusal(), "every request counts, a wrong path too");

        RelayResponse.Text refused = (RelayResponse.Text) relay.admit(FETCH, "192.0.2.1").refusal().orElseThrow();
        assertEquals(429, refused.status().httpStatus());
        assertEquals("{\"error\":\"too many requests in progress\",\"limit\":2}", refused.json());
        assertEquals(Optional.empty(), relay.admit(FETCH, "192.0.2.2").refusal(), "another address has its own");

        first.close();
        first.close();
        RelayAdmission third = relay.admit(FETCH, "192.0.2.1");
        assertEquals(Optional.empty(), third.refusal(), "the place is back, once");
        assertTrue(relay.admit(FETCH, "192.0.2.1").refusal().isPresent());
        second.close();
        third.close();
    }

    @Test
    void aRateLimitedRequestHoldsNoPlace() {
        RelayService relay = relay((endpoint, address) -> endpoint == RelayEndpoint.STORE
                ? Optional.of(Duration.ofSeconds(1)) : Optional.empty());
        for (int i = 0; i < 5; i++) {
            RelayResponse.Text limited = (RelayResponse.Text) relay.admit(STORE, "192.0.2.1").refusal().orElseThrow();
            assertEquals("{\"error\":\"rate limited\",\"retryAfterSeconds\":1}", limited.json());
        }
        assertEquals(Optional.empty(), relay.admit(FETCH, "192.0.2.1").refusal());
        assertEquals(Optional.empty(), relay.admit(FETCH, "192.0.2.1").refusal());
    }
}
