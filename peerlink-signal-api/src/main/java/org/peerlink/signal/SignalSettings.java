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
 * @param maxMessageChars  largest message (one frame or reassembled fragments); larger ones get {@code INVALID_JSON}
 * @param sendQueueFrames  frames a connection may have waiting for its client before it is closed with 1013
 * @param broadcastDelay   how long a frame sent to everyone online (presence) may wait, so that the updates of many
 *                         registers reach a peer in one write
 * @param stuckWriterGrace how long a connection whose queue overflowed may take to send its close before it is
 *                         dropped (a client that stopped reading)
 * @param idleTimeout      how long a connection may stay silent before it is closed and the peer goes offline
 * @param allowedOrigins   the web origins that may open a connection
 * @param maxPeerIdChars   longest peerId a register may claim (the app's are 32 characters)
 */
public record SignalSettings(Duration registerSkew, Duration nonceWindow, int maxMessageChars, int sendQueueFrames,
                             Duration broadcastDelay, Duration stuckWriterGrace, IdleTimeout idleTimeout,
                             AllowedOrigins allowedOrigins, int maxPeerIdChars) {

    /** Four times the app's peerIds, and far below what the stores can hold (512). */
    public static final int DEFAULT_MAX_PEER_ID_CHARS = 128;

    public SignalSettings {
        Objects.requireNonNull(registerSkew, "registerSkew");
        Objects.requireNonNull(nonceWindow, "nonceWindow");
        Objects.requireNonNull(broadcastDelay, "broadcastDelay");
        Objects.requireNonNull(stuckWriterGrace, "stuckWriterGrace");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        if (maxMessageChars < 1 || sendQueueFrames < 1 || maxPeerIdChars < 1) {
            throw new IllegalArgumentException("message, queue and peerId limits must be positive");
        }
    }

    /**
     * 30 s skew, 2-minute nonce window, 1 Mi characters per message, 1024 queued frames, 20 ms, 2 s, 60 s idle, any
     * origin, peerIds up to 128 characters.
     */
    public static SignalSettings defaults() {
        return new SignalSettings(RegisterVerifier.DEFAULT_SKEW, RegisterVerifier.DEFAULT_NONCE_WINDOW, 1024 * 1024,
                1024, Duration.ofMillis(20), Duration.ofSeconds(2), IdleTimeout.DEFAULT, AllowedOrigins.ANY,
                DEFAULT_MAX_PEER_ID_CHARS);
    }

    public SignalSettings withIdleTimeout(IdleTimeout timeout) {
        return new SignalSettings(registerSkew, nonceWindow, maxMessageChars, sendQueueFrames, broadcastDelay,
                stuckWriterGrace, timeout, allowedOrigins, maxPeerIdChars);
    }

    public SignalSettings withAllowedOrigins(AllowedOrigins origins) {
        return new SignalSettings(registerSkew, nonceWindow, maxMessageChars, sendQueueFrames, broadcastDelay,
                stuckWriterGrace, idleTimeout, origins, maxPeerIdChars);
    }

    /** Largest binary message: as many bytes as the longest text message can take in UTF-8. */
    public int maxMessageBytes() {
        return 3 * maxMessageChars;
    }
}
