package org.peerlink.launcher.signal;

import java.time.Duration;

/**
 * Limits and timeouts of the signal socket.
 *
 * @param idleTimeout       close a connection that sent no frame for this long
 * @param maxMessageChars   largest text message (one frame, or reassembled from fragments) handed to the hub; a larger
 *                          one is answered with an error frame and the connection stays
 * @param maxFrameBytes     largest single frame read; a larger one closes the connection with 1009
 * @param queueCapacity     frames waiting to be written to one connection before it counts as stalled and is closed
 *                          with 1013
 * @param maxQueuedBytes    the same bound in bytes
 * @param stalledGrace      how long a stalled connection gets to take its close frame before it is dropped
 * @param closeTimeout      how long a closed connection waits for the client's close frame before it is dropped
 * @param handshakeTimeout  how long a new connection may take to send its opening handshake
 * @param ioThreads         event-loop threads (each owns a share of the connections)
 * @param broadcastDelay    how long a frame sent to everyone (presence) may wait, so that the frames of many
 *                          broadcasts reach each peer in one write
 */
public record SignalSettings(Duration idleTimeout, int maxMessageChars, long maxFrameBytes, int queueCapacity,
                             long maxQueuedBytes, Duration stalledGrace, Duration closeTimeout,
                             Duration handshakeTimeout, int ioThreads, Duration broadcastDelay) {

    /** A real register with a full identity profile is a few KiB. */
    public static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    /** A message over the character limit must get an error frame, so one frame can hold 1 Mi chars of UTF-8. */
    public static final long MAX_FRAME_BYTES = 3L * MAX_MESSAGE_CHARS + 1024;
    public static final int QUEUE_CAPACITY = 1024;
    public static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final Duration STALLED_GRACE = Duration.ofSeconds(2);
    /** Presence a few milliseconds late is not noticeable; one write per peer for many updates is. */
    public static final Duration BROADCAST_DELAY = Duration.ofMillis(20);

    public SignalSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (broadcastDelay.isNegative()) {
            throw new IllegalArgumentException("broadcastDelay must not be negative");
        }
        if (maxMessageChars < 1 || maxFrameBytes < 1 || queueCapacity < 1 || maxQueuedBytes < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The defaults, with the given idle timeout ({@code --ws-idle-timeout}). */
    public static SignalSettings defaults(Duration idleTimeout) {
        return new SignalSettings(idleTimeout, MAX_MESSAGE_CHARS, MAX_FRAME_BYTES, QUEUE_CAPACITY, MAX_QUEUED_BYTES,
                STALLED_GRACE, Duration.ofSeconds(5), Duration.ofSeconds(10), 1, BROADCAST_DELAY);
    }

    /**
     * How often connections are checked for the idle timeout: a quarter of it, between 1 s and 1 min, so a
     * connection is closed within a quarter of the timeout after it expired.
     */
    public Duration idleCheckPeriod() {
        Duration period = idleTimeout.dividedBy(4);
        if (period.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return period.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : period;
    }
}
