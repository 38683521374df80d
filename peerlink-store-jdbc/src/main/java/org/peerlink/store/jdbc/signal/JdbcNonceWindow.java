package org.peerlink.store.jdbc.signal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.peerlink.signal.register.NonceKey;
import org.peerlink.signal.register.NonceWindow;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.GroupCommitException;
import org.peerlink.store.jdbc.SqlDialect;

/**
 * A {@link NonceWindow} in the database, so that a register captured before a restart cannot be replayed
 * after it within the window. {@link #consume} returns only once the nonce is committed: the register_ack that
 * follows it must not outlive the record that makes a replay fail.
 * <p>
 * The process owns its database (the data directory is locked), so the table is only ever changed through this
 * object: it keeps the window in memory as well, read back from the table at start-up. {@link #seen} then costs no
 * database read, and {@link #consume} decides on the writer thread, which serialises it against every other
 * consume, and writes one row.
 * <p>
 * Column {@code nonce_sha256} holds the {@link NonceKey} (the SHA-256 of key and nonce). Builds before the window was
 * keyed by key and nonce stored the SHA-256 of the nonce alone; such rows match nothing now and are swept within
 * the window, so for the two minutes after such an upgrade a register captured just before it could be replayed
 * once.
 */
public final class JdbcNonceWindow implements NonceWindow {

    private final GroupCommit writer;
    private final String upsert;
    private final long windowMs;
    /** {@link NonceKey} of each (key, nonce) consumed within the window → when; older entries are dropped by sweep. */
    private final ConcurrentHashMap<String, Long> used = new ConcurrentHashMap<>();

    /** The caller has run {@link SignalSchema#migrate}; the nonces in the table are loaded. */
    public JdbcNonceWindow(DataSource dataSource, SqlDialect dialect, GroupCommit writer, Duration window) {
        this.writer = writer;
        this.upsert = dialect.upsert("signal_nonce", List.of("nonce_sha256"), List.of("nonce_sha256", "used_at_ms"));
        this.windowMs = window.toMillis();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT nonce_sha256, used_at_ms FROM signal_nonce");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                used.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new GroupCommitException("cannot read the nonce window", e);
        }
    }

    @Override
    public boolean seen(byte[] signingKey, String nonce, long nowMs) {
        return usedWithinWindow(NonceKey.of(signingKey, nonce), nowMs);
    }

    @Override
    public boolean consume(byte[] signingKey, String nonce, long nowMs) {
        String key = NonceKey.of(signingKey, nonce);
        // Decided on the writer; the entry goes into memory there, before the commit, so that a concurrent
        // consume of the same nonce in the same batch sees it, and is taken out again if the write fails.
        try {
            // Essential: a register whose nonce cannot be recorded is refused, whatever the relay's writes are doing.
            return writer.writeEssential(connection -> {
                if (usedWithinWindow(key, nowMs)) {
                    return false;
                }
                used.put(key, nowMs);
                try (PreparedStatement merge = connection.prepareStatement(upsert)) {
                    merge.setString(1, key);
                    merge.setLong(2, nowMs);
                    merge.executeUpdate();
                } catch (SQLException | RuntimeException e) {
                    used.remove(key, nowMs);
                    throw e;
                }
                return true;
            });
        } catch (GroupCommitException e) {
            used.remove(key, nowMs); // the transaction was not committed
            throw e;
        }
    }

    /**
     * Forgets nonces older than the window.
     *
     * @return how many rows were removed from the table
     */
    public int sweep(long nowMs) {
        long cutoff = nowMs - windowMs;
        used.values().removeIf(usedAt -> usedAt <= cutoff);
        return writer.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM signal_nonce WHERE used_at_ms <= ?")) {
                delete.setLong(1, cutoff);
                return delete.executeUpdate();
            }
        });
    }

    private boolean usedWithinWindow(String key, long nowMs) {
        Long usedAt = used.get(key);
        return usedAt != null && nowMs - usedAt < windowMs;
    }
}
