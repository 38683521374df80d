package org.peerlink.relay;

import org.peerlink.relay.route.RelayRoute;

/**
 * What happens in the relay, for a listener that counts it (metrics). The default does nothing.
 * <p>
 * Called on the request's thread after its answer is made and before it is sent: implementations must be quick and
 * thread-safe. An exception thrown here is logged and does not change the answer.
 */
public interface RelayEvents {

    /** No listener (the default). */
    RelayEvents NONE = new RelayEvents() {
    };

    /**
     * A request was answered: by its endpoint, as an unknown path or wrong method, as over the body limit, or as
     * rate limited.
     *
     * @param route        where it went
     * @param status       the answer's status
     * @param elapsedNanos the time the relay took to make the answer; the arrival of the body and the streaming of a
     *                     download are not in it
     */
    default void answered(RelayRoute route, RelayStatus status, long elapsedNanos) {
    }
}
