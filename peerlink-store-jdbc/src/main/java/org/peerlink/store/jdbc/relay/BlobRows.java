package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.StoredBlob;

/** Downloadable blobs ({@code relay_blob}); their bytes are a content of {@link ContentRows}. */
final class BlobRows {

    private BlobRows() {
    }

    /** A blob's content and its chunks in order, as they are now. */
    record Content(long contentId, List<WindowedChunkStream.Chunk> chunks) {
    }

    /** The content of {@code blobId}, whether or not it has expired; empty when there is no such blob. */
    static Optional<Content> content(Connection c, String blobId) throws SQLException {
        long contentId;
        try (PreparedStatement query = c.prepareStatement("SELECT content_id FROM relay_blob WHERE blob_id = ?")) {
            query.setString(1, blobId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                contentId = row.getLong(1);
            }
        }
        List<WindowedChunkStream.Chunk> chunks = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT chunk_id, size_bytes FROM relay_chunk WHERE content_id = ? ORDER BY chunk_index")) {
            query.setLong(1, contentId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chunks.add(new WindowedChunkStream.Chunk(rows.getLong(1), rows.getLong(2)));
                }
            }
        }
        return Optional.of(new Content(contentId, chunks));
    }

    /** Whether {@code blobId} still has {@code contentId}. */
    static boolean hasContent(Connection c, String blobId, long contentId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT 1 FROM relay_blob WHERE blob_id = ? AND content_id = ?")) {
            query.setString(1, blobId);
            query.setLong(2, contentId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Deletes the blob row only: its content is still being read, and goes when the last reader is done. */
    static void deleteKeepingContent(Connection c, String blobId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM relay_blob WHERE blob_id = ?")) {
            delete.setString(1, blobId);
            delete.executeUpdate();
        }
    }

    static Optional<StoredBlob> find(Connection c, String blobId, long nowMs) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT group_id, file_name, mime_type, uploader_id, expires_at_ms, size_bytes FROM relay_blob"
                        + " WHERE blob_id = ? AND expires_at_ms > ?")) {
            query.setString(1, blobId);
            query.setLong(2, nowMs);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                BlobMetadata metadata = new BlobMetadata(blobId, row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), row.getLong(5));
                return Optional.of(new StoredBlob(metadata, row.getLong(6)));
            }
        }
    }

    /** Runs on the writer. */
    static BlobWrite put(Connection c, BlobMetadata metadata, byte[] bytes, long nowMs) throws SQLException {
        if (existsOrClearExpired(c, metadata.blobId(), nowMs)) {
            return BlobWrite.DUPLICATE;
        }
        long contentId = ContentRows.create(c, nowMs);
        ContentRows.writeChunk(c, contentId, 0, bytes);
        insert(c, metadata, contentId, bytes.length);
        return BlobWrite.CREATED;
    }

    /**
     * Whether an unexpired blob {@code blobId} exists. An expired one that was not swept yet is deleted, so
     * the id can be stored again.
     */
    static boolean existsOrClearExpired(Connection c, String blobId, long nowMs) throws SQLException {
        long expiredContent;
        try (PreparedStatement query = c.prepareStatement(
                "SELECT expires_at_ms, content_id FROM relay_blob WHERE blob_id = ?")) {
            query.setString(1, blobId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                if (row.getLong(1) > nowMs) {
                    return true;
                }
                expiredContent = row.getLong(2);
            }
        }
        delete(c, blobId, expiredContent);
        return false;
    }

    static void insert(Connection c, BlobMetadata metadata, long contentId, long sizeBytes) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_blob (blob_id, group_id, file_name, mime_type, uploader_id, size_bytes,"
                        + " expires_at_ms, content_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, metadata.blobId());
            insert.setString(2, metadata.groupId());
            insert.setString(3, metadata.fileName());
            insert.setString(4, metadata.mimeType());
            insert.setString(5, metadata.uploaderId());
            insert.setLong(6, sizeBytes);
            insert.setLong(7, metadata.expiresAtMs());
            insert.setLong(8, contentId);
            insert.executeUpdate();
        }
    }

    static void delete(Connection c, String blobId, long contentId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM relay_blob WHERE blob_id = ?")) {
            delete.setString(1, blobId);
            delete.executeUpdate();
        }
        ContentRows.delete(c, contentId);
    }
}
