package org.peerlink.infra;

import java.util.Objects;

/**
 * What haproxy.cfg says, and where it finds the launcher.
 *
 * @param bindAddress       address HAProxy's TLS frontends listen on
 * @param signalPublicPort  wss:// port
 * @param relayPublicPort   https:// port
 * @param signalBackendPort launcher signal port on 127.0.0.1
 * @param relayBackendPort  launcher relay port on 127.0.0.1
 * @param adminBackendPort  launcher admin port on 127.0.0.1, whose readiness HAProxy's checks ask first
 * @param drainDelaySeconds how long the launcher answers 503 on SIGTERM before it closes the signal sockets; HAProxy
 *                          must notice within it ({@link #checkIntervalSeconds()})
 * @param signalTimeouts    the launcher's idle limit for a signal connection and HAProxy's above it
 * @param connectionsPerAddress connections one client address may hold on each frontend: HAProxy holds a connection
 *                          from its accept, before any request reaches the launcher, whose own per-address caps are
 *                          below this one
 */
public record ProxySettings(String bindAddress,
                            int signalPublicPort,
                            int relayPublicPort,
                            int signalBackendPort,
                            int relayBackendPort,
                            int adminBackendPort,
                            int drainDelaySeconds,
                            SignalTimeouts signalTimeouts,
                            int connectionsPerAddress) {

    /** The shortest drain delay HAProxy's checks can follow: an interval of 1 s, down within 2 s. */
    public static final int MIN_DRAIN_DELAY_SECONDS = 3;

    /**
     * Checks the values are present.
     */
    public ProxySettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(signalTimeouts, "signalTimeouts");
        if (drainDelaySeconds < MIN_DRAIN_DELAY_SECONDS) {
            throw new IllegalArgumentException("drain delay below " + MIN_DRAIN_DELAY_SECONDS + " s");
        }
    }

    /**
     * HAProxy's check interval ({@code inter}): a third of the drain delay. With {@code fall 2} and {@code fastinter
     * 1s} the backend is marked down at most {@code inter + 1 s} after the launcher's readiness went 503, which is
     * within the delay, before any signal socket is closed.
     *
     * @return seconds, at least 1
     */
    public int checkIntervalSeconds() {
        return Math.max(1, drainDelaySeconds / 3);
    }

    /**
     * How long systemd and Docker let the launcher stop before they kill it: the drain delay, the launcher's 5 s
     * drain window, and 20 s for in-flight requests and the database's close.
     *
     * @return seconds
     */
    public int stopTimeoutSeconds() {
        return drainDelaySeconds + 25;
    }
}
