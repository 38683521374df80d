package org.peerlink.signal;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a signal connection may stay silent before the server closes it and announces the peer offline
 * ({@code --ws-idle-timeout}). The app pings every 20 s (PROTOCOL.md §3.4), so 60 s is three missed pings.
 * <p>
 * A connection is closed at the first idle check after the timeout has passed, and the checks run every quarter of
 * the timeout (1 s to 1 min): often enough that a dead client goes within a quarter of the timeout after it expired,
 * rarely enough to cost nothing with thousands of connections.
 *
 * @param timeout the silence allowed
 */
public record IdleTimeout(Duration timeout) {

    /** The default: three of the app's 20 s pings. */
    public static final IdleTimeout DEFAULT = new IdleTimeout(Duration.ofSeconds(60));

    private static final Duration MIN_CHECK_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_CHECK_PERIOD = Duration.ofMinutes(1);

    public IdleTimeout {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, got " + timeout);
        }
    }

    /** How often idle connections are looked for. */
    public Duration checkPeriod() {
        Duration period = timeout.dividedBy(4);
        if (period.compareTo(MIN_CHECK_PERIOD) < 0) {
            return MIN_CHECK_PERIOD;
        }
        return period.compareTo(MAX_CHECK_PERIOD) > 0 ? MAX_CHECK_PERIOD : period;
    }

    /**
     * The latest a connection that stopped sending is closed: the timeout plus one check period. A proxy in front
     * ({@code infra render}'s HAProxy) keeps its own timeouts above this, so that the server closes first.
     */
    public Duration latestClose() {
        return timeout.plus(checkPeriod());
    }
}
