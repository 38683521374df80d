package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of blobs and upload sessions ({@code relay_content}, {@code relay_chunk}). A chunk's bytes are
 * stored as a BLOB value of their own, so no operation needs more than one chunk in memory, and none of them
 * ever copies stored bytes.
 */
final class ContentRows {

    /**
     * What one chunk write did.
     *
     * @param chunkId           the new chunk row's id, unique for every chunk write ever made
     * @param replaced          whether the index was written before
     * @param replacedSizeBytes the size of the bytes it replaced, 0 when none
     */
    record ChunkWritten(long chunkId, boolean replaced, long replacedSizeBytes) {
    }

    private ContentRows() {
    }

    static long create(Connection c, long nowMs) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_content (created_at_ms) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, nowMs);
            insert.executeUpdate();
            return generatedKey(insert);
        }
    }

    /** Stores chunk {@code index}, replacing an earlier write of it. */
    static ChunkWritten writeChunk(Connection c, long contentId, int index, byte[] bytes) throws SQLException {
        Long replacedSize = null;
        try (PreparedStatement query = c.prepareStatement(
                "SELECT size_bytes FROM relay_chunk WHERE content_id = ? AND chunk_index = ?")) {
            query.setLong(1, contentId);
            query.setInt(2, index);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    replacedSize = row.getLong(1);
                }
            }
        }
        if (replacedSize != null) {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM relay_chunk WHERE content_id = ? AND chunk_index = ?")) {
                delete.setLong(1, contentId);
                delete.setInt(2, index);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_chunk (content_id, chunk_index, size_bytes, data) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, contentId);
            insert.setInt(2, index);
            insert.setLong(3, bytes.length);
            insert.setBytes(4, bytes);
            insert.executeUpdate();
            return new ChunkWritten(generatedKey(insert), replacedSize != null, replacedSize == null ? 0 : replacedSize);
        }
    }

    /** Deletes the content with its chunks, for the blob or session that owned it and is being deleted. */
    static void delete(Connection c, long contentId) throws SQLException {
        try (PreparedStatement chunks = c.prepareStatement("DELETE FROM relay_chunk WHERE content_id = ?");
             PreparedStatement content = c.prepareStatement("DELETE FROM relay_content WHERE content_id = ?")) {
            chunks.setLong(1, contentId);
            chunks.executeUpdate();
            content.setLong(1, contentId);
            content.executeUpdate();
        }
    }

    /** Deletes a content that no blob and no upload session refers to any more. */
    static void deleteIfOrphan(Connection c, long contentId) throws SQLException {
        if (isOrphan(c, contentId)) {
            delete(c, contentId);
        }
    }

    /**
     * Contents no blob or upload session refers to: left by a download that was under way when its blob was swept and
     * the process ended before it finished.
     */
    static List<Long> orphans(Connection c, int max) throws SQLException {
        List<Long> orphans = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT n.content_id FROM relay_content n"
                + " WHERE NOT EXISTS (SELECT 1 FROM relay_blob b WHERE b.content_id = n.content_id)"
                + " AND NOT EXISTS (SELECT 1 FROM relay_upload u WHERE u.content_id = n.content_id)"
                + " FETCH FIRST ? ROWS ONLY")) {
            query.setInt(1, max);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    orphans.add(rows.getLong(1));
                }
            }
        }
        return orphans;
    }

    private static boolean isOrphan(Connection c, long contentId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT"
                + " (SELECT COUNT(*) FROM relay_blob WHERE content_id = ?)"
                + " + (SELECT COUNT(*) FROM relay_upload WHERE content_id = ?)")) {
            query.setLong(1, contentId);
            query.setLong(2, contentId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1) == 0;
            }
        }
    }

    private static long generatedKey(Statement insert) throws SQLException {
        try (ResultSet keys = insert.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated key");
            }
            return keys.getLong(1);
        }
    }
}
