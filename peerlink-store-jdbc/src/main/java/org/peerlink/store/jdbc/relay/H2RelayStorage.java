package org.peerlink.store.jdbc.relay;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

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
import org.peerlink.relay.storage.StorageBusyException;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.relay.storage.StoredTotals;
import org.peerlink.relay.storage.SweepResult;
import org.peerlink.relay.storage.UploadFile;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;
import org.peerlink.relay.storage.UploadUsage;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.GroupCommitException;
import org.peerlink.store.jdbc.SchemaMigrations;
import org.peerlink.store.jdbc.SqlWork;
import org.peerlink.store.jdbc.WriterBusyException;
import org.peerlink.store.jdbc.h2.H2Database;

/**
 * {@link RelayStorage} on an {@link H2Database}. Every mutation is one work on the database's shared
 * {@link GroupCommit} writer, so conditional writes are decided without races and a method returns only once
 * its change is committed; reads use pooled connections and see committed data.
 * <p>
 * The database belongs to whoever opened it (it is shared with other stores): {@link #close()} only refuses
 * further calls, and closing the {@link H2Database} drains the writer.
 */
public final class H2RelayStorage implements RelayStorage {

    /** The component name of the relay's tables in {@code schema_migrations}. */
    public static final String COMPONENT = "relay";

    /** Bounds one sweep transaction, so that the shared writer is never held for long. */
    private static final int SWEEP_ROWS_PER_TRANSACTION = 500;
    /** Blobs and sessions take their chunks along, hence fewer per transaction. */
    private static final int SWEEP_CONTENTS_PER_TRANSACTION = 20;
    private static final System.Logger LOGGER = System.getLogger(H2RelayStorage.class.getName());

    private final DataSource readers;
    private final ActiveContents activeContents = new ActiveContents();
    private final QueueTotals queueTotals;
    private final GroupCommit writer;
    private volatile boolean closed;

    /** Brings the relay's tables up to date (see {@code V1__relay.sql} and later versions). */
    public H2RelayStorage(H2Database database) {
        this.readers = database.dataSource();
        this.writer = database.writer();
        try (Connection connection = readers.getConnection()) {
            SchemaMigrations.apply(connection, COMPONENT, migrations());
            queueTotals = QueueTotals.load(connection);
        } catch (SQLException e) {
            throw new StorageException("preparing the relay tables in " + database.directory() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The relay's schema versions, oldest first. */
    static List<String> migrations() {
        return List.of(SchemaMigrations.script(H2RelayStorage.class, "V1__relay.sql"),
                SchemaMigrations.script(H2RelayStorage.class, "V2__relay.sql"),
                SchemaMigrations.script(H2RelayStorage.class, "V3__relay.sql"),
                SchemaMigrations.script(H2RelayStorage.class, "V4__relay.sql"),
                SchemaMigrations.script(H2RelayStorage.class, "V5__relay.sql"));
    }

    @Override
    public List<Boolean> enqueue(List<QueuedEnvelope> envelopes, long nowMs) {
        List<QueuedEnvelope> copy = List.copyOf(envelopes);
        if (copy.isEmpty()) {
            return List.of();
        }
        QueueTotals.Changes changes = new QueueTotals.Changes();
        List<Boolean> stored = write("enqueue", c -> EnvelopeRows.enqueue(c, copy, nowMs, changes));
        queueTotals.apply(changes);
        return stored;
    }

    @Override
    public List<FetchedEnvelope> fetch(String to, String cursor, int limit, long maxChars, long nowMs) {
        Objects.requireNonNull(to);
        if (limit < 1 || maxChars < 1) {
            throw new IllegalArgumentException("limit and maxChars must be positive: " + limit + ", " + maxChars);
        }
        return read("fetch", c -> EnvelopeRows.fetch(c, to, cursor, limit, maxChars, nowMs));
    }

    @Override
    public Map<String, QueueUsage> queueUsage(Collection<String> recipients, long nowMs) {
        ensureOpen();
        Map<String, QueueUsage> usage = new HashMap<>();
        for (String recipient : recipients) {
            usage.put(recipient, queueTotals.of(recipient));
        }
        return usage;
    }

    @Override
    public void ack(String to, String id, long tombstoneExpiresAtMs) {
        Objects.requireNonNull(to);
        Objects.requireNonNull(id);
        QueueTotals.Changes changes = new QueueTotals.Changes();
        write("ack", c -> {
            EnvelopeRows.ack(c, to, id, tombstoneExpiresAtMs, changes);
            return null;
        });
        queueTotals.apply(changes);
    }

    @Override
    public Optional<GroupRecord> group(String groupId) {
        Objects.requireNonNull(groupId);
        return read("group", c -> GroupRows.find(c, groupId));
    }

    @Override
    public GroupRecord createGroupIfAbsent(GroupRecord provisional) {
        Objects.requireNonNull(provisional);
        return write("createGroupIfAbsent", c -> GroupRows.createIfAbsent(c, provisional));
    }

    @Override
    public MembershipChange replaceMembers(String groupId, String ownerPeerId, List<String> members) {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(ownerPeerId);
        List<String> copy = List.copyOf(members);
        return write("replaceMembers", c -> GroupRows.replace(c, groupId, ownerPeerId, copy));
    }

    @Override
    public BlobWrite putBlob(BlobMetadata metadata, byte[] bytes, long nowMs) {
        Objects.requireNonNull(metadata);
        Objects.requireNonNull(bytes);
        return write("putBlob", c -> BlobRows.put(c, metadata, bytes, nowMs));
    }

    @Override
    public ChunkWrite putChunk(UploadKey key, UploadFile file, int chunkIndex, int totalChunks, byte[] bytes,
                               long nowMs, long sessionExpiresAtMs) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(file);
        Objects.requireNonNull(bytes);
        if (chunkIndex < 0 || chunkIndex >= totalChunks) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " is outside 0.." + (totalChunks - 1));
        }
        return write("putChunk", c -> UploadRows.putChunk(c, key, file, chunkIndex, totalChunks, bytes, nowMs,
                sessionExpiresAtMs));
    }

    @Override
    public Optional<UploadSession> upload(UploadKey key, long nowMs) {
        Objects.requireNonNull(key);
        return read("upload", c -> UploadRows.find(c, key, nowMs));
    }

    @Override
    public UploadUsage uploadUsage(String from, long nowMs) {
        Objects.requireNonNull(from);
        return read("uploadUsage", c -> UploadRows.usage(c, from, nowMs));
    }

    @Override
    public InputStream openUpload(UploadSession session) {
        Objects.requireNonNull(session);
        Optional<InputStream> chunks = openStream("openUpload", UploadRows.CHUNK_DATA_IN_ORDER,
                statement -> UploadRows.bindKey(statement, 1, session.key()));
        return chunks.orElseGet(() -> new GoneUploadStream(session.key()));
    }

    @Override
    public BlobWrite completeUpload(UploadSession session, BlobMetadata metadata, long nowMs) {
        Objects.requireNonNull(session);
        Objects.requireNonNull(metadata);
        return write("completeUpload", c -> UploadRows.complete(c, session, metadata, nowMs));
    }

    @Override
    public Optional<StoredBlob> blob(String blobId, long nowMs) {
        Objects.requireNonNull(blobId);
        return read("blob", c -> BlobRows.find(c, blobId, nowMs));
    }

    @Override
    /**
     * The blob's bytes, read window by window on short connections ({@link WindowedChunkStream}): a slow client holds
     * no pooled connection while it reads. The content is marked active first and the blob looked at again, so that
     * a sweep from then on leaves the bytes to the download.
     */
    public Optional<InputStream> openBlob(String blobId) {
        Objects.requireNonNull(blobId);
        Optional<BlobRows.Content> content = read("openBlob", c -> BlobRows.content(c, blobId));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        long contentId = content.get().contentId();
        activeContents.acquire(contentId);
        boolean stillThere;
        try {
            stillThere = read("openBlob", c -> BlobRows.hasContent(c, blobId, contentId));
        } catch (RuntimeException e) {
            releaseContent(contentId);
            throw e;
        }
        if (!stillThere) {
            releaseContent(contentId);
            return Optional.empty();
        }
        return Optional.of(new WindowedChunkStream(readers, content.get().chunks(), () -> releaseContent(contentId)));
    }

    /** The end of a download: the last reader of a content whose blob was swept meanwhile deletes its bytes. */
    private void releaseContent(long contentId) {
        if (activeContents.release(contentId) && !closed) {
            try {
                write("delete swept content", c -> {
                    ContentRows.deleteIfOrphan(c, contentId);
                    return null;
                });
            } catch (RuntimeException e) {
                // the sweep deletes orphan contents too; this one waits for it
                LOGGER.log(System.Logger.Level.WARNING, "deleting swept content " + contentId + " failed: "
                        + e.getMessage());
            }
        }
    }

    /** The queues from memory ({@link QueueTotals}); blobs and uploads are one small sum each over their rows. */
    @Override
    public StoredTotals totals(long nowMs) {
        QueueUsage queued = queueTotals.total();
        long[] bytes = read("totals", c -> {
            try (Statement sums = c.createStatement();
                 ResultSet row = sums.executeQuery("SELECT (SELECT COALESCE(SUM(size_bytes), 0) FROM relay_blob), "
                         + "(SELECT COALESCE(SUM(size_bytes), 0) FROM relay_upload)")) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        });
        return new StoredTotals(queued.envelopes(), queued.chars(), bytes[0], bytes[1]);
    }

    @Override
    public SweepResult sweep(long nowMs) {
        int envelopes = 0;
        int deleted;
        do {
            // each batch's changes to the queue totals once that batch is committed
            QueueTotals.Changes changes = new QueueTotals.Changes();
            deleted = write("sweep envelopes",
                    c -> ExpiredRows.deleteEnvelopes(c, nowMs, SWEEP_ROWS_PER_TRANSACTION, changes));
            queueTotals.apply(changes);
            envelopes += deleted;
        } while (deleted == SWEEP_ROWS_PER_TRANSACTION);
        int tombstones = sweepInBatches("sweep tombstones", SWEEP_ROWS_PER_TRANSACTION,
                c -> ExpiredRows.deleteTombstones(c, nowMs, SWEEP_ROWS_PER_TRANSACTION));
        int blobs = sweepInBatches("sweep blobs", SWEEP_CONTENTS_PER_TRANSACTION,
                c -> ExpiredRows.deleteBlobs(c, nowMs, SWEEP_CONTENTS_PER_TRANSACTION, activeContents::isActive));
        int uploads = sweepInBatches("sweep upload sessions", SWEEP_CONTENTS_PER_TRANSACTION,
                c -> ExpiredRows.deleteUploads(c, nowMs, SWEEP_CONTENTS_PER_TRANSACTION));
        sweepInBatches("sweep orphan contents", SWEEP_CONTENTS_PER_TRANSACTION,
                c -> ExpiredRows.deleteOrphanContents(c, SWEEP_CONTENTS_PER_TRANSACTION, activeContents::isActive));
        return new SweepResult(envelopes, tombstones, blobs, uploads);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Each batch is its own transaction, queued behind whatever else is waiting for the writer. */
    private int sweepInBatches(String what, int batchSize, SqlWork<Integer> batch) {
        int total = 0;
        int deleted;
        do {
            deleted = write(what, batch);
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }

    private <T> T write(String what, SqlWork<T> work) {
        ensureOpen();
        try {
            return writer.write(work);
        } catch (WriterBusyException e) {
            throw new StorageBusyException("relay storage " + what + " refused: " + e.getMessage(), e);
        } catch (GroupCommitException e) {
            throw new StorageException("relay storage " + what + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, SqlWork<T> work) {
        ensureOpen();
        try (Connection connection = readers.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("relay storage " + what + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<InputStream> openStream(String what, String query, ChunkStream.Parameters parameters) {
        ensureOpen();
        try {
            return ChunkStream.open(readers.getConnection(), query, parameters);
        } catch (SQLException e) {
            throw new StorageException("relay storage " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("relay storage is closed", null);
        }
    }
}
