package org.peerlink.relay;

import java.time.Duration;
import java.util.Optional;

import org.peerlink.relay.route.RelayEndpoint;

/**
 * Where a rate limiter plugs into the relay: asked once per request, after its route is known and before its body
 * is read, so a refused client costs no more than its request line and headers. A refusal is answered
 * {@code 429 {"error":"rate limited","retryAfterSeconds":n}} with a {@code Retry-After} header.
 * <p>
 * Implementations are called from many request threads at once and must be thread-safe and quick.
 */
@FunctionalInterface
public interface RelayLimits {

    /** No limits (the default). */
    RelayLimits NONE = (endpoint, clientAddress) -> Optional.empty();

    /**
     * Whether a request may go ahead.
     *
     * @param endpoint      what it asks for
     * @param clientAddress the client's address as the transport knows it (an IP address, without the port)
     * @return empty to go ahead, else how long the client should wait before it tries again
     */
    Optional<Duration> admit(RelayEndpoint endpoint, String clientAddress);
}
