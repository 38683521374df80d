package org.peerlink.signal;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may ask of the signal service in memory (issue 13). Each default is far above what the real app
 * does (PROTOCOL.md §3.4; the arithmetic is in docs/behaviour.md).
 *
 * @param maxMessageChars   largest message (one frame or reassembled fragments); larger ones get {@code INVALID_JSON}
 * @param sendQueueFrames   frames a connection may have waiting for its client before it is closed with 1013
 * @param sendQueueChars    characters those frames may hold together, for the same close; at least
 *                          {@code maxMessageChars}, so that the largest message can be forwarded to anyone
 * @param maxPeerIdChars    longest peerId a register may claim
 * @param maxProfileChars   longest {@code identityProfile}, as JSON text, a register may carry
 * @param maxLastSeenPeers  most offline peers whose last-seen time is kept (and sent in every {@code peers} answer);
 *                          the oldest go first
 * @param lastSeenMaxAge    how long a last-seen time is kept at most
 * @param maxConnectionsPerAddress open connections one client address may hold; one more is closed at once with 1013
 *                          {@code too many connections} (one address may be a carrier NAT of many app users)
 * @param registerDeadline  how long a connection may stay open without a successful register before it is closed
 *                          with 1008 {@code register deadline} (the app registers within 4 s of opening)
 */
public record SignalCaps(int maxMessageChars, int sendQueueFrames, long sendQueueChars, int maxPeerIdChars,
                         int maxProfileChars, int maxLastSeenPeers, Duration lastSeenMaxAge,
                         int maxConnectionsPerAddress, Duration registerDeadline) {

    public static final int DEFAULT_MAX_MESSAGE_CHARS = 1024 * 1024;
    public static final int DEFAULT_SEND_QUEUE_FRAMES = 1024;
    public static final long DEFAULT_SEND_QUEUE_CHARS = 4L * DEFAULT_MAX_MESSAGE_CHARS;
    /** Four times the app's peerIds, and far below what the stores can hold (512). */
    public static final int DEFAULT_MAX_PEER_ID_CHARS = 128;
    public static final int DEFAULT_MAX_PROFILE_CHARS = 32 * 1024;
    public static final int DEFAULT_MAX_LAST_SEEN_PEERS = 1000;
    public static final Duration DEFAULT_LAST_SEEN_MAX_AGE = Duration.ofDays(30);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1000;
    public static final Duration DEFAULT_REGISTER_DEADLINE = Duration.ofSeconds(30);

    public SignalCaps {
        Objects.requireNonNull(lastSeenMaxAge, "lastSeenMaxAge");
        Objects.requireNonNull(registerDeadline, "registerDeadline");
        if (maxMessageChars < 1 || sendQueueFrames < 1 || maxPeerIdChars < 1 || maxProfileChars < 1
                || maxLastSeenPeers < 1 || lastSeenMaxAge.isNegative() || lastSeenMaxAge.isZero()
                || maxConnectionsPerAddress < 1 || registerDeadline.isNegative() || registerDeadline.isZero()) {
            throw new IllegalArgumentException("every signal cap must be positive");
        }
        if (sendQueueChars < maxMessageChars) {
            throw new IllegalArgumentException("the send queue must hold the largest message (" + maxMessageChars
                    + " characters), not only " + sendQueueChars);
        }
    }

    public static SignalCaps defaults() {
        return new SignalCaps(DEFAULT_MAX_MESSAGE_CHARS, DEFAULT_SEND_QUEUE_FRAMES, DEFAULT_SEND_QUEUE_CHARS,
                DEFAULT_MAX_PEER_ID_CHARS, DEFAULT_MAX_PROFILE_CHARS, DEFAULT_MAX_LAST_SEEN_PEERS,
                DEFAULT_LAST_SEEN_MAX_AGE, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_REGISTER_DEADLINE);
    }

    /** Largest binary message: as many bytes as the longest text message can take in UTF-8. */
    public int maxMessageBytes() {
        return 3 * maxMessageChars;
    }
}
