package org.peerlink.relay;

/**
 * The relay's quotas on what it keeps on disk (issue 13, finding 8): per recipient queue and per sender of unfinished
 * uploads, and a free-disk watermark. A write over a quota, or any write while the disk is below the watermark, is
 * answered {@code 507 {"error":"insufficient storage"}} and nothing is written; reads are served as before. Every
 * default is far above what the real app keeps (PROTOCOL.md §3.4; the arithmetic is in docs/behaviour.md).
 * <p>
 * The quotas are checked against what is stored before the write, not within it: writes racing for the last place
 * may each get it, so a queue or a sender can go over by the writes it has in flight at once.
 *
 * @param maxQueueEnvelopes unexpired envelopes one recipient's queue may hold
 * @param maxQueueChars     characters of envelope text one recipient's queue may hold
 * @param maxUploadSessions unfinished chunked uploads one sender ({@code from}) may have open
 * @param maxUploadBytes    bytes one sender's unfinished uploads may hold together
 * @param minFreeDiskBytes  below this much usable space on the store's disk every relay write is refused; the space
 *                          under it is left for what must not fail (signal nonces and identity pins, the database's
 *                          own bookkeeping); zero: no watermark
 */
public record RelayQuotas(int maxQueueEnvelopes, long maxQueueChars, int maxUploadSessions, long maxUploadBytes,
                          long minFreeDiskBytes) {

    /** An app user offline for the whole retention day, sent to by many contacts and groups, stays far below it. */
    public static final int DEFAULT_MAX_QUEUE_ENVELOPES = 10_000;
    public static final long DEFAULT_MAX_QUEUE_CHARS = 256L * 1024 * 1024;
    /** The app uploads one file at a time per chat, 5 chunks in flight. */
    public static final int DEFAULT_MAX_UPLOAD_SESSIONS = 32;
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2L * 1024 * 1024 * 1024;
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 512L * 1024 * 1024;

    public RelayQuotas {
        if (maxQueueEnvelopes < 1 || maxQueueChars < 1 || maxUploadSessions < 1 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("every relay quota must be positive");
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("the free-disk watermark must not be negative");
        }
    }

    public static RelayQuotas defaults() {
        return new RelayQuotas(DEFAULT_MAX_QUEUE_ENVELOPES, DEFAULT_MAX_QUEUE_CHARS, DEFAULT_MAX_UPLOAD_SESSIONS,
                DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MIN_FREE_DISK_BYTES);
    }
}
