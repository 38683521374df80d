package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.QueuedEnvelope;

/** Envelope queues and ack tombstones ({@code relay_envelope}, {@code relay_ack_tombstone}). */
final class EnvelopeRows {

    /** Longest body kept in the row ({@code body_text}, see {@code V2__relay.sql}); longer ones go to the CLOB. */
    static final int MAX_INLINE_BODY_CHARS = 65536;

    /** An envelope's characters, from whichever of its two columns holds it. */
    static final String BODY_CHARS = "COALESCE(CHAR_LENGTH(body_text), CHAR_LENGTH(body))";
    static final String BODY_CHARS_SUM = "SUM(" + BODY_CHARS + ")";

    private EnvelopeRows() {
    }

    /** Runs on the writer: the existence checks and the insert are not interleaved with other writes. */
    static List<Boolean> enqueue(Connection c, List<QueuedEnvelope> envelopes, long nowMs, QueueTotals.Changes changes)
            throws SQLException {
        List<Boolean> stored = new ArrayList<>(envelopes.size());
        try (PreparedStatement acked = c.prepareStatement(
                     "SELECT 1 FROM relay_ack_tombstone WHERE recipient_id = ? AND envelope_id = ? AND expires_at_ms > ?");
             PreparedStatement queued = c.prepareStatement(
                     "SELECT expires_at_ms, " + BODY_CHARS
                             + " FROM relay_envelope WHERE recipient_id = ? AND envelope_id = ?");
             PreparedStatement dropExpired = c.prepareStatement(
                     "DELETE FROM relay_envelope WHERE recipient_id = ? AND envelope_id = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO relay_envelope (recipient_id, envelope_id, body_text, body, expires_at_ms)"
                             + " VALUES (?, ?, ?, ?, ?)")) {
            for (QueuedEnvelope envelope : envelopes) {
                acked.setString(1, envelope.to());
                acked.setString(2, envelope.id());
                acked.setLong(3, nowMs);
                if (exists(acked)) {
                    stored.add(false);
                    continue;
                }
                queued.setString(1, envelope.to());
                queued.setString(2, envelope.id());
                try (ResultSet row = queued.executeQuery()) {
                    if (row.next()) {
                        if (row.getLong(1) > nowMs) {
                            stored.add(false);
                            continue;
                        }
                        // An expired copy not swept yet: it is absent, and its row would block the unique key.
                        dropExpired.setString(1, envelope.to());
                        dropExpired.setString(2, envelope.id());
                        dropExpired.executeUpdate();
                        changes.removed(envelope.to(), row.getLong(2));
                    }
                }
                insert.setString(1, envelope.to());
                insert.setString(2, envelope.id());
                boolean inline = envelope.json().length() <= MAX_INLINE_BODY_CHARS;
                insert.setString(3, inline ? envelope.json() : null);
                insert.setString(4, inline ? null : envelope.json());
                insert.setLong(5, envelope.expiresAtMs());
                insert.executeUpdate();
                changes.added(envelope.to(), envelope.json().length());
                stored.add(true);
            }
        }
        return stored;
    }

    static List<FetchedEnvelope> fetch(Connection c, String to, String cursor, int limit, long maxChars, long nowMs)
            throws SQLException {
        long afterSeq = cursor == null ? Long.MIN_VALUE : cursorSeq(c, to, cursor, nowMs);
        List<FetchedEnvelope> envelopes = new ArrayList<>();
        // The length comes with the row, so a large body past the page's size is never read.
        try (PreparedStatement query = c.prepareStatement(
                "SELECT envelope_id, body_text, body, COALESCE(CHAR_LENGTH(body_text), CHAR_LENGTH(body))"
                        + " FROM relay_envelope WHERE recipient_id = ? AND seq > ? AND expires_at_ms > ?"
                        + " ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            query.setString(1, to);
            query.setLong(2, afterSeq);
            query.setLong(3, nowMs);
            query.setInt(4, limit);
            long chars = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chars += rows.getLong(4);
                    if (!envelopes.isEmpty() && chars > maxChars) {
                        break;
                    }
                    String inline = rows.getString(2);
                    envelopes.add(new FetchedEnvelope(rows.getString(1), inline != null ? inline : rows.getString(3)));
                }
            }
        }
        return envelopes;
    }

    static void ack(Connection c, String to, String id, long tombstoneExpiresAtMs, QueueTotals.Changes changes)
            throws SQLException {
        try (PreparedStatement queued = c.prepareStatement(
                "SELECT " + BODY_CHARS + " FROM relay_envelope WHERE recipient_id = ? AND envelope_id = ?")) {
            queued.setString(1, to);
            queued.setString(2, id);
            try (ResultSet row = queued.executeQuery()) {
                if (row.next()) {
                    changes.removed(to, row.getLong(1));
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM relay_envelope WHERE recipient_id = ? AND envelope_id = ?")) {
            delete.setString(1, to);
            delete.setString(2, id);
            delete.executeUpdate();
        }
        int updated;
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE relay_ack_tombstone SET expires_at_ms = ? WHERE recipient_id = ? AND envelope_id = ?")) {
            update.setLong(1, tombstoneExpiresAtMs);
            update.setString(2, to);
            update.setString(3, id);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO relay_ack_tombstone (recipient_id, envelope_id, expires_at_ms) VALUES (?, ?, ?)")) {
                insert.setString(1, to);
                insert.setString(2, id);
                insert.setLong(3, tombstoneExpiresAtMs);
                insert.executeUpdate();
            }
        }
    }

    /** The position of the cursor's envelope, or before everything when it names no unexpired envelope. */
    private static long cursorSeq(Connection c, String to, String cursor, long nowMs) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT seq FROM relay_envelope WHERE recipient_id = ? AND envelope_id = ? AND expires_at_ms > ?")) {
            query.setString(1, to);
            query.setString(2, cursor);
            query.setLong(3, nowMs);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    private static boolean exists(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            return row.next();
        }
    }
}
