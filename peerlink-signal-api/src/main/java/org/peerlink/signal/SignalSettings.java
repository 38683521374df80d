package org.peerlink.signal;

import java.time.Duration;
import java.util.Objects;

import org.peerlink.signal.register.RegisterVerifier;

/**
 * The signal service's limits and timings, read once. The defaults are the contract's (skew, nonce window) and the
 * ones measured for the app's load (docs/behaviour.md, docs/PERFORMANCE.md).
 *
 * @param registerSkew     how far a register's {@code timestampMs} may be from the server's clock
 * @param nonceWindow      how long a consumed (key, nonce) is refused again
 * @param broadcastDelay   how long a frame sent to everyone online (presence) may wait, so that the updates of many
 *                         registers reach a peer in one write
 * @param stuckWriterGrace how long a connection whose queue overflowed may take to send its close and get the
 *                         client's answer before it is dropped (a client that stopped reading)
 * @param idleTimeout      how long a connection may stay silent before it is closed and the peer goes offline
 * @param allowedOrigins   the web origins that may open a connection
 * @param caps             what one client may ask of the service
 */
public record SignalSettings(Duration registerSkew, Duration nonceWindow, Duration broadcastDelay,
                             Duration stuckWriterGrace, IdleTimeout idleTimeout, AllowedOrigins allowedOrigins,
                             SignalCaps caps) {

    public SignalSettings {
        Objects.requireNonNull(registerSkew, "registerSkew");
        Objects.requireNonNull(nonceWindow, "nonceWindow");
        Objects.requireNonNull(broadcastDelay, "broadcastDelay");
        Objects.requireNonNull(stuckWriterGrace, "stuckWriterGrace");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        Objects.requireNonNull(caps, "caps");
    }

    /** 30 s skew, 2-minute nonce window, 20 ms, 2 s, 60 s idle, any origin, the default caps. */
    public static SignalSettings defaults() {
        return new SignalSettings(RegisterVerifier.DEFAULT_SKEW, RegisterVerifier.DEFAULT_NONCE_WINDOW,
                Duration.ofMillis(20), Duration.ofSeconds(2), IdleTimeout.DEFAULT, AllowedOrigins.ANY,
                SignalCaps.defaults());
    }

    public SignalSettings withIdleTimeout(IdleTimeout timeout) {
        return new SignalSettings(registerSkew, nonceWindow, broadcastDelay, stuckWriterGrace, timeout,
                allowedOrigins, caps);
    }

    public SignalSettings withAllowedOrigins(AllowedOrigins origins) {
        return new SignalSettings(registerSkew, nonceWindow, broadcastDelay, stuckWriterGrace, idleTimeout, origins,
                caps);
    }

    public SignalSettings withCaps(SignalCaps newCaps) {
        return new SignalSettings(registerSkew, nonceWindow, broadcastDelay, stuckWriterGrace, idleTimeout,
                allowedOrigins, newCaps);
    }
}
