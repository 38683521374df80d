package org.peerlink.relay.storage.memory;

import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.ChunkWrite;
import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.GoneUploadStream;
import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.MembershipChange;
import org.peerlink.relay.storage.QueueUsage;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.relay.storage.StoredTotals;
import org.peerlink.relay.storage.SweepResult;
import org.peerlink.relay.storage.UploadFile;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;
import org.peerlink.relay.storage.UploadUsage;

/**
 * {@link RelayStorage} in the heap, for tests and for embedding the relay where losing its state with the process
 * is acceptable. It answers exactly as the H2 store does (expired entries are absent and replaced by a new write,
 * streams read the bytes as they were when opened, revisions never repeat) but keeps nothing: <b>there is no
 * durability</b>, so the SPI's promise that a change survives the process is not kept, and everything, blobs
 * included, takes memory until it is swept or acked.
 * <p>
 * Every method runs under one lock, which makes each of them atomic on its own; streams are read outside it, over
 * byte arrays that the store copied on the way in and never changes.
 */
public final class InMemoryRelayStorage implements RelayStorage {

    private final Object lock = new Object();
    private final EnvelopeQueues envelopes = new EnvelopeQueues();
    private final Groups groups = new Groups();
    private final Blobs blobs = new Blobs();
    private final UploadSessions uploads = new UploadSessions();
    private boolean closed;

    @Override
    public List<Boolean> enqueue(List<QueuedEnvelope> envelopes, long nowMs) {
        List<QueuedEnvelope> copy = List.copyOf(envelopes);
        return locked(() -> this.envelopes.enqueue(copy, nowMs));
    }

    @Override
    public List<FetchedEnvelope> fetch(String to, String cursor, int limit, long maxChars, long nowMs) {
        Objects.requireNonNull(to);
        if (limit < 1 || maxChars < 1) {
            throw new IllegalArgumentException("limit and maxChars must be positive: " + limit + ", " + maxChars);
        }
        return locked(() -> envelopes.fetch(to, cursor, limit, maxChars, nowMs));
    }

    @Override
    public Map<String, QueueUsage> queueUsage(Collection<String> recipients, long nowMs) {
        List<String> copy = List.copyOf(recipients);
        return locked(() -> {
            Map<String, QueueUsage> usage = new HashMap<>();
            for (String to : copy) {
                usage.put(to, envelopes.usage(to, nowMs));
            }
            return usage;
        });
    }

    @Override
    public void ack(String to, String id, long tombstoneExpiresAtMs) {
        Objects.requireNonNull(to);
        Objects.requireNonNull(id);
        locked(() -> {
            envelopes.ack(to, id, tombstoneExpiresAtMs);
            return null;
        });
    }

    @Override
    public Optional<GroupRecord> group(String groupId) {
        Objects.requireNonNull(groupId);
        return locked(() -> groups.find(groupId));
    }

    @Override
    public GroupRecord createGroupIfAbsent(GroupRecord provisional) {
        Objects.requireNonNull(provisional);
        return locked(() -> groups.createIfAbsent(provisional));
    }

    @Override
    public MembershipChange replaceMembers(String groupId, String ownerPeerId, List<String> members) {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(ownerPeerId);
        List<String> copy = List.copyOf(members);
        return locked(() -> groups.replace(groupId, ownerPeerId, copy));
    }

    @Override
    public BlobWrite putBlob(BlobMetadata metadata, byte[] bytes, long nowMs) {
        Objects.requireNonNull(metadata);
        Content content = Content.of(bytes);
        return locked(() -> blobs.put(metadata, content, nowMs));
    }

    @Override
    public ChunkWrite putChunk(UploadKey key, UploadFile file, int chunkIndex, int totalChunks, byte[] bytes,
                               long nowMs, long sessionExpiresAtMs) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(file);
        if (chunkIndex < 0 || chunkIndex >= totalChunks) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " is outside 0.." + (totalChunks - 1));
        }
        // Copied: the caller may reuse its buffer, and streams already open must keep reading the old bytes.
        byte[] copy = bytes.clone();
        return locked(() -> uploads.put(key, file, chunkIndex, totalChunks, copy, nowMs, sessionExpiresAtMs));
    }

    @Override
    public Optional<UploadSession> upload(UploadKey key, long nowMs) {
        Objects.requireNonNull(key);
        return locked(() -> uploads.find(key, nowMs));
    }

    @Override
    public UploadUsage uploadUsage(String from, long nowMs) {
        Objects.requireNonNull(from);
        return locked(() -> uploads.usage(from, nowMs));
    }

    @Override
    public InputStream openUpload(UploadSession session) {
        Objects.requireNonNull(session);
        Optional<Content> content = locked(() -> uploads.current(session.key()));
        return content.map(Content::open).orElseGet(() -> new GoneUploadStream(session.key()));
    }

    @Override
    public BlobWrite completeUpload(UploadSession session, BlobMetadata metadata, long nowMs) {
        Objects.requireNonNull(session);
        Objects.requireNonNull(metadata);
        return locked(() -> uploads.take(session, nowMs)
                .map(content -> blobs.put(metadata, content, nowMs))
                .orElse(BlobWrite.SESSION_CHANGED));
    }

    @Override
    public Optional<StoredBlob> blob(String blobId, long nowMs) {
        Objects.requireNonNull(blobId);
        return locked(() -> blobs.find(blobId, nowMs));
    }

    @Override
    public Optional<InputStream> openBlob(String blobId) {
        Objects.requireNonNull(blobId);
        return locked(() -> blobs.open(blobId));
    }

    @Override
    public StoredTotals totals(long nowMs) {
        return locked(() -> {
            QueueUsage queued = envelopes.total(nowMs);
            return new StoredTotals(queued.envelopes(), queued.chars(), blobs.bytes(nowMs), uploads.bytes(nowMs));
        });
    }

    @Override
    public SweepResult sweep(long nowMs) {
        return locked(() -> new SweepResult(envelopes.sweepEnvelopes(nowMs), envelopes.sweepTombstones(nowMs),
                blobs.sweep(nowMs), uploads.sweep(nowMs)));
    }

    /** Refuses further calls and lets go of what was stored; streams already open read on. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            envelopes.clear();
            groups.clear();
            blobs.clear();
            uploads.clear();
        }
    }

    private <T> T locked(Supplier<T> work) {
        synchronized (lock) {
            if (closed) {
                throw new StorageException("relay storage is closed", null);
            }
            return work.get();
        }
    }
}
