package org.peerlink.relay;

import java.time.Duration;
import java.util.Optional;

import org.peerlink.relay.route.RelayEndpoint;

/**
 * Where a rate limiter plugs into the relay: asked once per request by client address, after its route is known and
 * before its body is read, so a refused client costs no more than its request line and headers; and once per signed
 * write by signing key. A refusal is answered {@code 429 {"error":"rate limited","retryAfterSeconds":n}} with a
 * {@code Retry-After} header.
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

    /**
     * Whether a signed write may go ahead for its signing key, asked once the body is parsed and before anything
     * is verified or stored: a key is one device, wherever it connects from, so its limit holds across addresses.
     * This only looks; the allowance is spent by {@link #keyUsed}, once the request was verified and done, so that
     * nobody but the key's holder spends it (anyone can send a request naming any key).
     *
     * @param signingKey the request's {@code signingPub}, decoded and written as standard base64 (one text per key)
     * @return empty to go ahead, else how long the client should wait
     */
    default Optional<Duration> admitKey(RelayEndpoint endpoint, String signingKey) {
        return Optional.empty();
    }

    /** A write signed by {@code signingKey} was verified and done (answered 200). */
    default void keyUsed(RelayEndpoint endpoint, String signingKey) {
    }
}
