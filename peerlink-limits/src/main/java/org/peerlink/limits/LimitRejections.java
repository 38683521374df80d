package org.peerlink.limits;

/**
 * Hears every request, register or message a rate limit refused, by the limit's name (the option without its
 * {@code rate-} prefix: {@code relay-read}, {@code relay-write}, {@code relay-blob}, {@code relay-key},
 * {@code register}, {@code register-peer}, {@code signal-messages}), so that an operator sees which limit bites.
 * Called on the refused request's thread: it must be quick and thread-safe (a counter).
 */
@FunctionalInterface
public interface LimitRejections {

    /** Hears nothing. */
    LimitRejections NONE = limit -> {
    };

    /**
     * A limit refused one request, register or message.
     *
     * @param limit the limit's name
     */
    void rejected(String limit);
}
