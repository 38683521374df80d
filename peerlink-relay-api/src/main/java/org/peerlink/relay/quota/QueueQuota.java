package org.peerlink.relay.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.peerlink.relay.RelayQuotas;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.storage.QueueUsage;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;

/**
 * A recipient's queue may hold {@link RelayQuotas#maxQueueEnvelopes()} envelopes and
 * {@link RelayQuotas#maxQueueChars()} characters. Without it anyone could fill the disk through one queue that
 * nobody fetches (any peerId may be written to, PROTOCOL.md §2.2) until the retention day is over.
 */
public final class QueueQuota {

    private final RelayStorage storage;
    private final RelayQuotas quotas;

    public QueueQuota(RelayStorage storage, RelayQuotas quotas) {
        this.storage = storage;
        this.quotas = quotas;
    }

    /** Refuses one envelope of {@code chars} characters for {@code to} with {@code 507} when its queue is full. */
    public void requireRoom(String to, long chars, long nowMs) {
        QueueUsage usage = storage.queueUsage(List.of(to), nowMs).getOrDefault(to, QueueUsage.EMPTY);
        if (usage.envelopes() >= quotas.maxQueueEnvelopes()) {
            throw RelayRejection.insufficientStorage("queueEnvelopes", quotas.maxQueueEnvelopes());
        }
        if (usage.chars() + chars > quotas.maxQueueChars()) {
            throw RelayRejection.insufficientStorage("queueChars", quotas.maxQueueChars());
        }
    }

    /** The envelopes of a fan-out whose queues have room for them, in order; one query for all of them. */
    public List<QueuedEnvelope> withRoom(List<QueuedEnvelope> envelopes, long nowMs) {
        Map<String, QueueUsage> usage = storage.queueUsage(envelopes.stream().map(QueuedEnvelope::to).toList(),
                nowMs);
        List<QueuedEnvelope> admitted = new ArrayList<>(envelopes.size());
        for (QueuedEnvelope envelope : envelopes) {
            QueueUsage queue = usage.getOrDefault(envelope.to(), QueueUsage.EMPTY);
            if (queue.envelopes() < quotas.maxQueueEnvelopes()
                    && queue.chars() + envelope.json().length() <= quotas.maxQueueChars()) {
                admitted.add(envelope);
            }
        }
        return admitted;
    }
}
