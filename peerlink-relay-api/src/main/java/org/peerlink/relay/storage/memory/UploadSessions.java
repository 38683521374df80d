package org.peerlink.relay.storage.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.peerlink.relay.storage.ChunkWrite;
import org.peerlink.relay.storage.UploadFile;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;
import org.peerlink.relay.storage.UploadUsage;

/** Chunked upload sessions. Not thread-safe: {@link InMemoryRelayStorage}'s lock guards it. */
final class UploadSessions {

    private static final class Session {
        final int totalChunks;
        final UploadFile file;
        final long expiresAtMs;
        final TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        long sizeBytes;
        long revision;

        Session(int totalChunks, UploadFile file, long expiresAtMs) {
            this.totalChunks = totalChunks;
            this.file = file;
            this.expiresAtMs = expiresAtMs;
        }

        Content content() {
            return new Content(List.copyOf(chunks.values()), sizeBytes);
        }
    }

    private final Map<UploadKey, Session> byKey = new HashMap<>();
    /**
     * Counts every chunk write of the store, as H2's chunk ids do: a revision is never handed out twice, not even
     * to a session that expired and was started again under the same key.
     */
    private long lastRevision;

    Optional<UploadSession> find(UploadKey key, long nowMs) {
        return unexpired(key, nowMs).map(session -> new UploadSession(key, session.totalChunks,
                session.chunks.size(), session.sizeBytes, session.revision, session.file));
    }

    /** Bytes of the unexpired sessions' chunks. */
    long bytes(long nowMs) {
        return byKey.values().stream().filter(session -> session.expiresAtMs > nowMs)
                .mapToLong(session -> session.sizeBytes).sum();
    }

    UploadUsage usage(String from, long nowMs) {
        int sessions = 0;
        long bytes = 0;
        for (Map.Entry<UploadKey, Session> entry : byKey.entrySet()) {
            if (entry.getKey().from().equals(from) && entry.getValue().expiresAtMs > nowMs) {
                sessions++;
                bytes += entry.getValue().sizeBytes;
            }
        }
        return new UploadUsage(sessions, bytes);
    }

    /** {@code bytes} is the store's own copy. */
    ChunkWrite put(UploadKey key, UploadFile file, int chunkIndex, int totalChunks, byte[] bytes, long nowMs,
                   long sessionExpiresAtMs) {
        Session session = unexpired(key, nowMs).orElse(null);
        if (session == null) {
            session = new Session(totalChunks, file, sessionExpiresAtMs);
            byKey.put(key, session);
        } else if (session.totalChunks != totalChunks) {
            return new ChunkWrite(false, session.totalChunks, session.chunks.size());
        }
        byte[] replaced = session.chunks.put(chunkIndex, bytes);
        session.sizeBytes += bytes.length - (replaced == null ? 0 : replaced.length);
        session.revision = ++lastRevision;
        return new ChunkWrite(true, totalChunks, session.chunks.size());
    }

    /** The chunks as they are now, whether or not the session has expired, as H2 streams them. */
    Optional<Content> current(UploadKey key) {
        return Optional.ofNullable(byKey.get(key)).map(Session::content);
    }

    /**
     * Removes the session and hands over its chunks, unless it is gone, has expired or was written to since
     * {@code read} was read.
     */
    Optional<Content> take(UploadSession read, long nowMs) {
        Optional<Session> session = unexpired(read.key(), nowMs).filter(s -> s.revision == read.revision());
        session.ifPresent(s -> byKey.remove(read.key()));
        return session.map(Session::content);
    }

    int sweep(long nowMs) {
        int before = byKey.size();
        byKey.values().removeIf(session -> session.expiresAtMs <= nowMs);
        return before - byKey.size();
    }

    void clear() {
        byKey.clear();
    }

    private Optional<Session> unexpired(UploadKey key, long nowMs) {
        return Optional.ofNullable(byKey.get(key)).filter(session -> session.expiresAtMs > nowMs);
    }
}
