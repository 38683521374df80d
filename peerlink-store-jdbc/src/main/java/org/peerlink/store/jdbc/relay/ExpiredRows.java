package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import org.peerlink.relay.storage.UploadKey;

/**
 * Deletes expired rows, at most {@code max} of a kind per call, so that one call is a short transaction on
 * the shared writer. The keys are selected first and then deleted one by one: portable, and it lets blobs and
 * sessions take their content with them.
 */
final class ExpiredRows {

    private ExpiredRows() {
    }

    static int deleteEnvelopes(Connection c, long nowMs, int max, QueueTotals.Changes changes) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT seq, recipient_id, " + EnvelopeRows.BODY_CHARS
                + " FROM relay_envelope WHERE expires_at_ms <= ? FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, nowMs);
            query.setInt(2, max);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                    changes.removed(rows.getString(2), rows.getLong(3));
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM relay_envelope WHERE seq = ?")) {
            for (long seq : seqs) {
                delete.setLong(1, seq);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        return seqs.size();
    }

    static int deleteTombstones(Connection c, long nowMs, int max) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT recipient_id, envelope_id FROM relay_ack_tombstone WHERE expires_at_ms <= ?"
                        + " FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, nowMs);
            query.setInt(2, max);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM relay_ack_tombstone WHERE recipient_id = ? AND envelope_id = ?")) {
            for (String[] key : keys) {
                delete.setString(1, key[0]);
                delete.setString(2, key[1]);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        return keys.size();
    }

    /** @param active contents a download is reading: their blob row goes, their bytes stay for the download */
    static int deleteBlobs(Connection c, long nowMs, int max, LongPredicate active) throws SQLException {
        record Expired(String blobId, long contentId) {
        }
        List<Expired> expired = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT blob_id, content_id FROM relay_blob WHERE expires_at_ms <= ? FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, nowMs);
            query.setInt(2, max);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    expired.add(new Expired(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        for (Expired blob : expired) {
            if (active.test(blob.contentId())) {
                BlobRows.deleteKeepingContent(c, blob.blobId());
            } else {
                BlobRows.delete(c, blob.blobId(), blob.contentId());
            }
        }
        return expired.size();
    }

    /** Deletes up to {@code max} contents nothing refers to and no download reads. */
    static int deleteOrphanContents(Connection c, int max, LongPredicate active) throws SQLException {
        int deleted = 0;
        for (long contentId : ContentRows.orphans(c, max)) {
            if (!active.test(contentId)) {
                ContentRows.delete(c, contentId);
                deleted++;
            }
        }
        return deleted;
    }

    static int deleteUploads(Connection c, long nowMs, int max) throws SQLException {
        record Expired(UploadKey key, long contentId) {
        }
        List<Expired> expired = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT upload_id, uploader_id, group_id, content_id FROM relay_upload WHERE expires_at_ms <= ?"
                        + " FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, nowMs);
            query.setInt(2, max);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    expired.add(new Expired(new UploadKey(rows.getString(1), rows.getString(2), rows.getString(3)),
                            rows.getLong(4)));
                }
            }
        }
        for (Expired upload : expired) {
            UploadRows.delete(c, upload.key(), upload.contentId());
        }
        return expired.size();
    }
}
