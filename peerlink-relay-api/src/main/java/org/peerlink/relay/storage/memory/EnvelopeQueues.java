package org.peerlink.relay.storage.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.QueueUsage;
import org.peerlink.relay.storage.QueuedEnvelope;

/** Envelope queues and ack tombstones. Not thread-safe: {@link InMemoryRelayStorage}'s lock guards it. */
final class EnvelopeQueues {

    private record Key(String to, String id) {
    }

    /** One recipient's envelopes by the position they were stored at, and that position by id. */
    private static final class Queue {
        final TreeMap<Long, QueuedEnvelope> bySeq = new TreeMap<>();
        final Map<String, Long> seqById = new HashMap<>();

        QueuedEnvelope get(String id) {
            Long seq = seqById.get(id);
            return seq == null ? null : bySeq.get(seq);
        }

        void remove(String id) {
            Long seq = seqById.remove(id);
            if (seq != null) {
                bySeq.remove(seq);
            }
        }

        int removeExpired(long nowMs) {
            int removed = 0;
            for (Iterator<QueuedEnvelope> it = bySeq.values().iterator(); it.hasNext(); ) {
                QueuedEnvelope envelope = it.next();
                if (envelope.expiresAtMs() <= nowMs) {
                    it.remove();
                    seqById.remove(envelope.id());
                    removed++;
                }
            }
            return removed;
        }
    }

    private final Map<String, Queue> queues = new HashMap<>();
    /** (to, id) → when the tombstone expires. */
    private final Map<Key, Long> tombstones = new HashMap<>();
    /** Only grows, so "the order first stored" is the order of positions, as H2's seq column. */
    private long lastSeq;

    List<Boolean> enqueue(List<QueuedEnvelope> envelopes, long nowMs) {
        List<Boolean> stored = new ArrayList<>(envelopes.size());
        for (QueuedEnvelope envelope : envelopes) {
            Long tombstone = tombstones.get(new Key(envelope.to(), envelope.id()));
            if (tombstone != null && tombstone > nowMs) {
                stored.add(false);
                continue;
            }
            Queue queue = queues.computeIfAbsent(envelope.to(), to -> new Queue());
            QueuedEnvelope queued = queue.get(envelope.id());
            if (queued != null && queued.expiresAtMs() > nowMs) {
                stored.add(false);
                continue;
            }
            // An expired copy not swept yet is absent: the new one takes the id and goes last.
            queue.remove(envelope.id());
            long seq = ++lastSeq;
            queue.bySeq.put(seq, envelope);
            queue.seqById.put(envelope.id(), seq);
            stored.add(true);
        }
        return stored;
    }

    List<FetchedEnvelope> fetch(String to, String cursor, int limit, long maxChars, long nowMs) {
        Queue queue = queues.get(to);
        if (queue == null) {
            return List.of();
        }
        Map<Long, QueuedEnvelope> from = queue.bySeq;
        QueuedEnvelope after = cursor == null ? null : queue.get(cursor);
        if (after != null && after.expiresAtMs() > nowMs) {
            from = queue.bySeq.tailMap(queue.seqById.get(cursor), false);
        }
        List<FetchedEnvelope> envelopes = new ArrayList<>();
        long chars = 0;
        for (QueuedEnvelope envelope : from.values()) {
            if (envelopes.size() == limit) {
                break;
            }
            if (envelope.expiresAtMs() > nowMs) {
                chars += envelope.json().length();
                if (!envelopes.isEmpty() && chars > maxChars) {
                    break;
                }
                envelopes.add(new FetchedEnvelope(envelope.id(), envelope.json()));
            }
        }
        return envelopes;
    }

    QueueUsage usage(String to, long nowMs) {
        Queue queue = queues.get(to);
        if (queue == null) {
            return QueueUsage.EMPTY;
        }
        int envelopes = 0;
        long chars = 0;
        for (QueuedEnvelope envelope : queue.bySeq.values()) {
            if (envelope.expiresAtMs() > nowMs) {
                envelopes++;
                chars += envelope.json().length();
            }
        }
        return new QueueUsage(envelopes, chars);
    }

    /** Every queue's {@link #usage} together. */
    QueueUsage total(long nowMs) {
        int envelopes = 0;
        long chars = 0;
        for (String to : queues.keySet()) {
            QueueUsage usage = usage(to, nowMs);
            envelopes += usage.envelopes();
            chars += usage.chars();
        }
        return new QueueUsage(envelopes, chars);
    }

    void ack(String to, String id, long tombstoneExpiresAtMs) {
        Queue queue = queues.get(to);
        if (queue != null) {
            queue.remove(id);
            dropIfEmpty(to, queue);
        }
        tombstones.put(new Key(to, id), tombstoneExpiresAtMs);
    }

    int sweepEnvelopes(long nowMs) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Queue>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            Queue queue = it.next().getValue();
            removed += queue.removeExpired(nowMs);
            if (queue.bySeq.isEmpty()) {
                it.remove();
            }
        }
        return removed;
    }

    int sweepTombstones(long nowMs) {
        int before = tombstones.size();
        tombstones.values().removeIf(expiresAtMs -> expiresAtMs <= nowMs);
        return before - tombstones.size();
    }

    void clear() {
        queues.clear();
        tombstones.clear();
    }

    private void dropIfEmpty(String to, Queue queue) {
        if (queue.bySeq.isEmpty()) {
            queues.remove(to);
        }
    }
}
