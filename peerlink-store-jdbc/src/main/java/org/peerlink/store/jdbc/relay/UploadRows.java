package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.ChunkWrite;
import org.peerlink.relay.storage.UploadFile;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;
import org.peerlink.relay.storage.UploadUsage;

/** Chunked upload sessions ({@code relay_upload}); their chunks are a content of {@link ContentRows}. */
final class UploadRows {

    /**
     * The session's chunk bytes in order, as they are when the query runs. One statement, so they are one
     * revision's bytes; if that is not the revision the caller read, completion refuses (revisions never
     * repeat), which is why the revision need not be checked here.
     */
    static final String CHUNK_DATA_IN_ORDER = "SELECT c.data FROM relay_upload u"
            + " JOIN relay_chunk c ON c.content_id = u.content_id"
            + " WHERE u.upload_id = ? AND u.uploader_id = ? AND u.group_id = ?"
            + " ORDER BY c.chunk_index";

    private static final String KEY = "upload_id = ? AND uploader_id = ? AND group_id = ?";

    /** {@code file} is null for a session begun before V4, which added its columns. */
    private record Row(int totalChunks, int receivedChunks, long sizeBytes, long revision, long expiresAtMs,
                       long contentId, UploadFile file) {
    }

    private UploadRows() {
    }

    static Optional<UploadSession> find(Connection c, UploadKey key, long nowMs) throws SQLException {
        return row(c, key)
                .filter(row -> row.expiresAtMs() > nowMs)
                .map(row -> new UploadSession(key, row.totalChunks(), row.receivedChunks(), row.sizeBytes(),
                        row.revision(), row.file()));
    }

    /** On the uploader index of V5; the sizes are kept in the session rows, so no chunk is visited. */
    static UploadUsage usage(Connection c, String from, long nowMs) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0)"
                + " FROM relay_upload WHERE uploader_id = ? AND expires_at_ms > ?")) {
            query.setString(1, from);
            query.setLong(2, nowMs);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new UploadUsage(rows.getInt(1), rows.getLong(2));
            }
        }
    }

    /** Runs on the writer. */
    static ChunkWrite putChunk(Connection c, UploadKey key, UploadFile file, int chunkIndex, int totalChunks,
                               byte[] bytes, long nowMs, long sessionExpiresAtMs) throws SQLException {
        Optional<Row> existing = row(c, key);
        if (existing.isPresent() && existing.get().expiresAtMs() <= nowMs) {
            delete(c, key, existing.get().contentId());
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            long contentId = ContentRows.create(c, nowMs);
            ContentRows.ChunkWritten written = ContentRows.writeChunk(c, contentId, chunkIndex, bytes);
            insert(c, key, file, totalChunks, bytes.length, written.chunkId(), sessionExpiresAtMs, contentId);
            return new ChunkWrite(true, totalChunks, 1);
        }
        Row row = existing.get();
        if (row.totalChunks() != totalChunks) {
            return new ChunkWrite(false, row.totalChunks(), row.receivedChunks());
        }
        ContentRows.ChunkWritten written = ContentRows.writeChunk(c, row.contentId(), chunkIndex, bytes);
        int received = row.receivedChunks() + (written.replaced() ? 0 : 1);
        long sizeBytes = row.sizeBytes() - written.replacedSizeBytes() + bytes.length;
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE relay_upload SET received_chunks = ?, size_bytes = ?, revision = ? WHERE " + KEY)) {
            update.setInt(1, received);
            update.setLong(2, sizeBytes);
            update.setLong(3, written.chunkId());
            bindKey(update, 4, key);
            update.executeUpdate();
        }
        return new ChunkWrite(true, totalChunks, received);
    }

    /** Runs on the writer. */
    static BlobWrite complete(Connection c, UploadSession session, BlobMetadata metadata, long nowMs)
            throws SQLException {
        Optional<Row> current = row(c, session.key());
        if (current.isEmpty() || current.get().expiresAtMs() <= nowMs
                || current.get().revision() != session.revision()) {
            return BlobWrite.SESSION_CHANGED;
        }
        Row row = current.get();
        deleteRow(c, session.key());
        if (BlobRows.existsOrClearExpired(c, metadata.blobId(), nowMs)) {
            ContentRows.delete(c, row.contentId());
            return BlobWrite.DUPLICATE;
        }
        BlobRows.insert(c, metadata, row.contentId(), row.sizeBytes());
        return BlobWrite.CREATED;
    }

    static void delete(Connection c, UploadKey key, long contentId) throws SQLException {
        deleteRow(c, key);
        ContentRows.delete(c, contentId);
    }

    static int bindKey(PreparedStatement statement, int firstIndex, UploadKey key) throws SQLException {
        statement.setString(firstIndex, key.id());
        statement.setString(firstIndex + 1, key.from());
        statement.setString(firstIndex + 2, key.groupId());
        return firstIndex + 3;
    }

    private static Optional<Row> row(Connection c, UploadKey key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT total_chunks, received_chunks, size_bytes, revision, expires_at_ms, content_id, file_name,"
                        + " mime_type FROM relay_upload WHERE " + KEY)) {
            bindKey(query, 1, key);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String fileName = row.getString(7);
                return Optional.of(new Row(row.getInt(1), row.getInt(2), row.getLong(3), row.getLong(4),
                        row.getLong(5), row.getLong(6), fileName == null ? null : new UploadFile(fileName,
                        row.getString(8))));
            }
        }
    }

    private static void insert(Connection c, UploadKey key, UploadFile file, int totalChunks, long sizeBytes,
                               long revision, long expiresAtMs, long contentId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_upload (upload_id, uploader_id, group_id, total_chunks, received_chunks,"
                        + " size_bytes, revision, expires_at_ms, content_id, file_name, mime_type)"
                        + " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)")) {
            int next = bindKey(insert, 1, key);
            insert.setInt(next, totalChunks);
            insert.setLong(next + 1, sizeBytes);
            insert.setLong(next + 2, revision);
            insert.setLong(next + 3, expiresAtMs);
            insert.setLong(next + 4, contentId);
            insert.setString(next + 5, file.fileName());
            insert.setString(next + 6, file.mimeType());
            insert.executeUpdate();
        }
    }

    private static void deleteRow(Connection c, UploadKey key) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM relay_upload WHERE " + KEY)) {
            bindKey(delete, 1, key);
            delete.executeUpdate();
        }
    }
}
