package org.peerlink.store.jdbc.signal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.GroupCommitException;

/**
 * Last-seen times in the database, written behind: the hub records presence changes under its registry lock,
 * so they are queued here, coalesced per peer, and written by one background thread in order. A crash loses at
 * most the changes of the last moment, which only makes a last-seen time slightly older.
 * <p>
 * Peer ids longer than {@value #MAX_PEER_ID_LENGTH} characters are kept in memory only.
 */
public final class JdbcLastSeenLog implements LastSeenLog, AutoCloseable {

    static final int MAX_PEER_ID_LENGTH = 512;
    /**
     * Pause after each write. Changes meanwhile are coalesced per peer (a reconnect's offline and online cancel
     * out) and written in one transaction: under a burst of registers the log costs one commit per interval
     * instead of one per change, for at most this much more that a crash can lose.
     */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    private static final long ONLINE = Long.MIN_VALUE;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOGGER = System.getLogger(JdbcLastSeenLog.class.getName());

    private final DataSource dataSource;
    private final GroupCommit writer;
    private final Object lock = new Object();
    private final Thread flusher;
    private LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
    private boolean closed;

    /** The caller has run {@link SignalSchema#migrate}. */
    public JdbcLastSeenLog(DataSource dataSource, GroupCommit writer) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.flusher = Thread.ofPlatform().name("peerlink-last-seen").daemon(true).start(this::flushUntilClosed);
    }

    @Override
    public Map<String, Long> restore() {
        Map<String, Long> lastSeen = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT peer_id, last_seen_ms FROM signal_last_seen");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                lastSeen.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new GroupCommitException("cannot read last-seen times", e);
        }
        return lastSeen;
    }

    @Override
    public void offline(String peerId, long lastSeenMs) {
        record(peerId, lastSeenMs);
    }

    @Override
    public void online(String peerId) {
        record(peerId, ONLINE);
    }

    private void record(String peerId, long value) {
        if (peerId.length() > MAX_PEER_ID_LENGTH) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            boolean wasEmpty = pending.isEmpty();
            pending.remove(peerId); // re-insert so the latest change of a peer is written last
            pending.put(peerId, value);
            if (wasEmpty) {
                lock.notifyAll(); // the writer may be waiting for work; otherwise it takes this with the rest
            }
        }
    }

    /** Writes what is queued and stops the background writer; later changes are ignored. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            flusher.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushUntilClosed() {
        while (true) {
            Map<String, Long> batch;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new LinkedHashMap<>();
            }
            try {
                writer.write(connection -> write(connection, batch));
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "could not save " + batch.size() + " last-seen times", e);
            }
            pauseUnlessClosed();
        }
    }

    private void pauseUnlessClosed() {
        synchronized (lock) {
            long deadline = System.nanoTime() + FLUSH_INTERVAL.toNanos();
            for (long left = FLUSH_INTERVAL.toNanos(); !closed && left > 0; left = deadline - System.nanoTime()) {
                try {
                    lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Void write(Connection connection, Map<String, Long> batch) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM signal_last_seen WHERE peer_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO signal_last_seen (peer_id, last_seen_ms) VALUES (?, ?)")) {
            for (Map.Entry<String, Long> change : batch.entrySet()) {
                delete.setString(1, change.getKey());
                delete.executeUpdate();
                if (change.getValue() != ONLINE) {
                    insert.setString(1, change.getKey());
                    insert.setLong(2, change.getValue());
                    insert.executeUpdate();
                }
            }
        }
        return null;
    }
}
