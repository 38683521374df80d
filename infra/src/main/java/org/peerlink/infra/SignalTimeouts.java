package org.peerlink.infra;

import java.time.Duration;

import org.peerlink.signal.IdleTimeout;

/**
 * How long a quiet signal WebSocket lives on each side of HAProxy, from one number: the launcher's idle timeout.
 * <p>
 * A live app sends a frame at least every 20 s (PROTOCOL.md section 3.4: a ping every 20 s, peers_request every
 * 15 s), so a connection that stays quiet for several pings is dead. The launcher is the one to close it: it then
 * announces the peer offline. HAProxy's timeouts sit above the launcher's latest close, so they only ever end a
 * connection the launcher has already given up on, and never a live one.
 *
 * @param idleSeconds   the launcher's {@code --ws-idle-timeout}, written to peerlink.env
 * @param tunnelSeconds HAProxy's {@code timeout tunnel} (backend signal) and {@code timeout client} (frontend signal)
 */
public record SignalTimeouts(int idleSeconds, int tunnelSeconds) {

    /** HAProxy's longest timeout, 2^31 - 1 ms; a longer one fails {@code haproxy -c} ("timer overflow"). */
    public static final int HAPROXY_MAX_SECONDS = Integer.MAX_VALUE / 1000;

    // How much longer HAProxy waits than the launcher's latest close. The launcher counts from the last frame it
    // read, HAProxy from the last byte it passed on either way (never earlier); the margin covers the idle check
    // starting late and the close reaching HAProxy.
    private static final Duration MARGIN = Duration.ofSeconds(15);

    /**
     * Checks the idle timeout is positive and HAProxy's fits HAProxy and outlasts the launcher's latest close.
     */
    public SignalTimeouts {
        if (idleSeconds < 1) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (tunnelSeconds > HAPROXY_MAX_SECONDS || !outlastsLauncher(idleSeconds, tunnelSeconds)) {
            throw new IllegalArgumentException("tunnel timeout " + tunnelSeconds + " s does not fit idle timeout "
                                                       + idleSeconds + " s");
        }
    }

    /**
     * The latest the launcher closes a signal connection that stopped sending.
     *
     * @param idleSeconds the launcher's idle timeout
     * @return idle timeout plus one idle check period
     */
    public static Duration launcherCloseBy(int idleSeconds) {
        return new IdleTimeout(Duration.ofSeconds(idleSeconds)).latestClose();
    }

    /**
     * HAProxy's timeout when none is given: the launcher's latest close plus a margin, in whole seconds (90 for
     * the default 60).
     *
     * @param idleSeconds the launcher's idle timeout
     * @return seconds; may exceed {@link #HAPROXY_MAX_SECONDS} for an absurd idle timeout
     */
    public static long defaultTunnelSeconds(int idleSeconds) {
        Duration tunnel = launcherCloseBy(idleSeconds).plus(MARGIN);
        return tunnel.toSeconds() + (tunnel.toNanosPart() > 0 ? 1 : 0);
    }

    /**
     * Whether HAProxy's timeout is above the launcher's latest close.
     *
     * @param idleSeconds   the launcher's idle timeout
     * @param tunnelSeconds HAProxy's timeout
     * @return true if the launcher always closes first
     */
    public static boolean outlastsLauncher(int idleSeconds, long tunnelSeconds) {
        return Duration.ofSeconds(tunnelSeconds).compareTo(launcherCloseBy(idleSeconds)) > 0;
    }
}
