package org.peerlink.relay;

/**
 * The relay's size caps: what one request may ask of it in memory and on disk (issue 13). Each default is far above
 * what the real app sends (PROTOCOL.md §3.4; the arithmetic is in docs/behaviour.md), and a request over a cap gets a
 * JSON error that names the cap and its value.
 *
 * @param maxRecipients     entries in a group store's {@code recipients}, as sent (400 {@code too many recipients})
 * @param maxMembers        entries in a members update's {@code memberPeerIds} (400 {@code too many memberPeerIds})
 * @param maxEnvelopeChars  characters of one stored envelope's text: a store, or one copy of a group store (413
 *                          {@code envelope too large})
 * @param maxFanOutChars    characters of all copies a group store queues together, every copy carrying the payload
 *                          and the recipient list (413 {@code fan-out too large})
 * @param maxFetchPageChars characters of envelope text one fetch answers with; the page stops before the envelope that
 *                          would go over, but always holds the first one
 * @param maxRequestsPerAddress requests one client address may have in progress at once (429
 *                          {@code too many requests in progress}); a client trickling bodies in holds one each
 */
public record RelayCaps(int maxRecipients, int maxMembers, long maxEnvelopeChars, long maxFanOutChars,
                        long maxFetchPageChars, int maxRequestsPerAddress) {

    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final long DEFAULT_MAX_ENVELOPE_CHARS = 1024 * 1024;
    public static final long DEFAULT_MAX_FAN_OUT_CHARS = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_FETCH_PAGE_CHARS = 8L * 1024 * 1024;
    /** A carrier NAT of 1000 app users on 200 ms links has some 150 requests in progress. */
    public static final int DEFAULT_MAX_REQUESTS_PER_ADDRESS = 256;

    public RelayCaps {
        if (maxRecipients < 1 || maxMembers < 1 || maxEnvelopeChars < 1 || maxFanOutChars < 1
                || maxFetchPageChars < 1 || maxRequestsPerAddress < 1) {
            throw new IllegalArgumentException("every relay cap must be positive");
        }
    }

    public static RelayCaps defaults() {
        return new RelayCaps(DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_MEMBERS, DEFAULT_MAX_ENVELOPE_CHARS,
                DEFAULT_MAX_FAN_OUT_CHARS, DEFAULT_MAX_FETCH_PAGE_CHARS, DEFAULT_MAX_REQUESTS_PER_ADDRESS);
    }
}
