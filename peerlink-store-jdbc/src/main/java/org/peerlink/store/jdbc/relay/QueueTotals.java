package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.peerlink.relay.storage.QueueUsage;

/**
 * What each recipient's queue holds, kept in memory for the queue quota: asking the database on every store (a
 * count and a sum over the queue's rows) cost more than the rest of the store together and cut the relay-store
 * workload to a third. Read once when the store opens; then changed by every enqueue, ack and sweep once its
 * transaction is committed, so a concurrent quota check may see a change a moment late. Expired envelopes count until
 * the sweep deletes them.
 */
final class QueueTotals {

    private final ConcurrentHashMap<String, QueueUsage> byRecipient = new ConcurrentHashMap<>();

    static QueueTotals load(Connection c) throws SQLException {
        QueueTotals totals = new QueueTotals();
        try (PreparedStatement query = c.prepareStatement("SELECT recipient_id, COUNT(*), "
                + EnvelopeRows.BODY_CHARS_SUM + " FROM relay_envelope GROUP BY recipient_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                totals.byRecipient.put(rows.getString(1), new QueueUsage(rows.getInt(2), rows.getLong(3)));
            }
        }
        return totals;
    }

    QueueUsage of(String recipient) {
        return byRecipient.getOrDefault(recipient, QueueUsage.EMPTY);
    }

    /** Every queue together. */
    QueueUsage total() {
        int envelopes = 0;
        long chars = 0;
        for (QueueUsage usage : byRecipient.values()) {
            envelopes += usage.envelopes();
            chars += usage.chars();
        }
        return new QueueUsage(envelopes, chars);
    }

    /** Applies what a committed transaction did. */
    void apply(Changes changes) {
        for (Change change : changes.list) {
            byRecipient.compute(change.recipient, (key, now) -> {
                int envelopes = (now == null ? 0 : now.envelopes()) + change.envelopes;
                long chars = (now == null ? 0 : now.chars()) + change.chars;
                return envelopes <= 0 ? null : new QueueUsage(envelopes, Math.max(0, chars));
            });
        }
    }

    /** What one transaction adds to or takes from the queues; applied only once it is committed. */
    static final class Changes {
        private final List<Change> list = new ArrayList<>();

        void added(String recipient, long chars) {
            list.add(new Change(recipient, 1, chars));
        }

        void removed(String recipient, long chars) {
            list.add(new Change(recipient, -1, -chars));
        }
    }

    private record Change(String recipient, int envelopes, long chars) {
    }
}
