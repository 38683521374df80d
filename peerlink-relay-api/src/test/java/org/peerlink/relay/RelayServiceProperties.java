package org.peerlink.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import org.peerlink.core.LoggedFailures;
import org.peerlink.relay.RelayRequests.Request;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.route.RelayQuery;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;

/**
 * Whatever a client sends to whichever route, the relay answers as the contract says it answers (PROTOCOL.md §2.3):
 * with one of its statuses and a JSON object, an error text of the contract whose status it is when it refuses —
 * never a 500, which would be a fault of the relay, and never a 503 from a store in memory.
 */
class RelayServiceProperties {

    /** The HTTP statuses of the contract's answers: not 500 (a fault) nor 503 (a busy store, not one in memory). */
    private static final Set<Integer> CONTRACT = Set.of(200, 400, 401, 403, 404, 405, 409, 413, 429);

    /**
     * What one relay is set up with: caps (the defaults, or small enough for requests to reach them) and a rate
     * limiter refusing some endpoints by address and, if {@code refuseKeys}, every signed store by key.
     */
    record Setup(RelayCaps caps, Set<RelayEndpoint> refused, boolean refuseKeys) {
        RelayLimits limits() {
            return new RelayLimits() {
                @Override
                public Optional<Duration> admit(RelayEndpoint endpoint, String clientAddress) {
                    return refused.contains(endpoint) ? Optional.of(Duration.ofMillis(1500)) : Optional.empty();
                }

                @Override
                public Optional<Duration> admitKey(RelayEndpoint endpoint, String signingKey) {
                    return refuseKeys && endpoint == RelayEndpoint.STORE ? Optional.of(Duration.ofSeconds(2))
                            : Optional.empty();
                }
            };
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<RelayCaps> small = Combinators.combine(Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 4), Arbitraries.longs().between(300, 3000),
                        Arbitraries.longs().between(500, 10_000), Arbitraries.longs().between(1, 5000))
                .as((recipients, members, envelope, fanOut, page) -> new RelayCaps(recipients, members, envelope,
                        fanOut, page, RelayCaps.DEFAULT_MAX_REQUESTS_PER_ADDRESS));
        Arbitrary<RelayCaps> caps = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(RelayCaps.defaults())),
                Tuple.of(1, small));
        Arbitrary<Set<RelayEndpoint>> refused = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Set.of())),
                Tuple.of(1, Arbitraries.of(RelayEndpoint.values()).set().ofMaxSize(3)));
        return Combinators.combine(caps, refused, Arbitraries.of(false, false, false, true)).as(Setup::new);
    }

    @Provide
    Arbitrary<List<Request>> sequences() {
        return RelayRequests.sequences();
    }

    /**
     * Edge cases off: the generators hold their own, and jqwik's would mostly repeat the first name of every pool.
     * The coverage check keeps the generators honest: each endpoint must also have been answered 200 at least once,
     * or the requests never got past the checks in front of the rules.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    @StatisticsReport(onFailureOnly = true)
    void everyRequestIsAnsweredByTheContract(@ForAll("setups") Setup setup,
                                             @ForAll("sequences") List<Request> requests) {
        AtomicLong now = new AtomicLong(RelayRequests.START_MS);
        try (InMemoryRelayStorage storage = new InMemoryRelayStorage();
             LoggedFailures failures = LoggedFailures.under("org.peerlink.relay")) {
            RelayService relay = RelayService.builder(storage)
                    .settings(RelaySettings.defaults().withCaps(setup.caps()))
                    .clock(() -> Instant.ofEpochMilli(now.get()))
                    .limits(setup.limits())
                    .build();
            for (Request request : requests) {
                now.addAndGet(request.advanceMs());
                if (request.sweep()) {
                    relay.sweep();
                }
                // as a transport does: the admission first, then the answer, then the admission is closed
                RelayResponse response;
                try (RelayAdmission admission = relay.admit(request.route(), "192.0.2.7")) {
                    response = admission.refusal().orElseGet(() -> relay.answer(request.route(),
                            RelayQuery.parse(request.rawQuery()), request.body()));
                }
                failures.assertNone(request.toString());
                Statistics.collect(endpointOf(request.route()), response.status());
                assertByTheContract(request, response);
            }
        }
        Statistics.coverage(coverage -> {
            for (RelayEndpoint endpoint : RelayEndpoint.values()) {
                coverage.check(endpoint, RelayStatus.OK).count(n -> n > 0);
            }
        });
    }

    private static Object endpointOf(RelayRoute route) {
        return route instanceof RelayRoute.Endpoint endpoint ? endpoint.endpoint() : route.getClass().getSimpleName();
    }

    private static void assertByTheContract(Request request, RelayResponse response) {
        String context = request + "\n  answered " + response.status();
        assertTrue(CONTRACT.contains(response.status().httpStatus()), context);
        SigningClient.Reply reply = SigningClient.read(response); // fails unless the body is a JSON object
        context += " " + reply.text();
        if (response.status() == RelayStatus.OK) {
            assertFalse(reply.body().has("error"), context);
            return;
        }
        Optional<String> error = reply.body().string("error");
        assertTrue(error.isPresent(), context);
        assertEquals(Optional.of(response.status().httpStatus()), statusOf(error.get()), context);
        Map<String, String> headers = response instanceof RelayResponse.Text text ? text.headers() : Map.of();
        if (response.status() == RelayStatus.TOO_MANY_REQUESTS) {
            assertTrue(headers.containsKey("Retry-After"), context);
        }
        if (response.status() == RelayStatus.METHOD_NOT_ALLOWED) {
            assertTrue(headers.containsKey("Allow"), context);
        }
    }

    /**
     * The contract's error texts by status, written out here rather than read from {@link RelayError}: clients match
     * on these, so a text or a status changed there must fail here. {@code missing <key>} is the one with a variable
     * part.
     */
    private static final Map<Integer, List<String>> ERRORS = Map.of(
            400, List.of("invalid body", "invalid id/from/to", "invalid id/from/groupId",
                    "invalid id/from/groupId/ownerPeerId", "invalid id/from/groupId/fileName", "invalid ts/ttl",
                    "invalid ts", "invalid recipients", "empty recipients", "empty memberPeerIds",
                    "too many recipients", "too many memberPeerIds", "invalid memberPeerIds",
                    "owner must be in memberPeerIds", "invalid payload encoding", "invalid sig/signingPub",
                    "invalid mimeType", "invalid chunkIndex/totalChunks", "chunk range invalid", "invalid totalChunks",
                    "unsupported protocol version"),
            401, List.of("invalid signature"),
            403, List.of("sender is not a group member", "recipient is not a group member",
                    "only owner can update members", "ack must come from the recipient"),
            404, List.of("blob not found", "upload session not found", "not found"),
            405, List.of("method not allowed"),
            409, List.of("owner mismatch", "totalChunks mismatch", "missing chunks", "upload changed during completion"),
            413, List.of("payload too large", "envelope too large", "fan-out too large"),
            429, List.of("rate limited"));

    /** The HTTP status the contract gives an error text; empty for a text that is not the contract's. */
    private static Optional<Integer> statusOf(String error) {
        for (Map.Entry<Integer, List<String>> texts : ERRORS.entrySet()) {
            if (texts.getValue().contains(error)) {
                return Optional.of(texts.getKey());
            }
        }
        return error.startsWith("missing ") ? Optional.of(400) : Optional.empty();
    }
}
