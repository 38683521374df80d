package org.peerlink.relay.quota;

import org.peerlink.relay.RelayQuotas;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadUsage;

/**
 * A sender's unfinished chunked uploads: at most {@link RelayQuotas#maxUploadSessions()} of them and
 * {@link RelayQuotas#maxUploadBytes()} bytes together (finding 8: chunks are unsigned until completion, and one
 * client could open sessions of 10 000 chunks each without end). The sender is the chunk's {@code from}, which
 * nobody has proven yet; the free-disk watermark bounds what many made-up senders can hold together.
 */
public final class UploadQuota {

    private final RelayStorage storage;
    private final RelayQuotas quotas;

    public UploadQuota(RelayStorage storage, RelayQuotas quotas) {
        this.storage = storage;
        this.quotas = quotas;
    }

    /** Refuses a chunk of {@code bytes} for the session {@code key} with {@code 507} when it is over the quota. */
    public void requireRoom(UploadKey key, long bytes, long nowMs) {
        UploadUsage usage = storage.uploadUsage(key.from(), nowMs);
        if (usage.sessions() >= quotas.maxUploadSessions() && storage.upload(key, nowMs).isEmpty()) {
            throw RelayRejection.insufficientStorage("uploadSessions", quotas.maxUploadSessions());
        }
        if (usage.bytes() + bytes > quotas.maxUploadBytes()) {
            throw RelayRejection.insufficientStorage("uploadBytes", quotas.maxUploadBytes());
        }
    }
}
