package org.peerlink.signal.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

import javax.sql.DataSource;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.jdbc.GroupCommit;
import org.peerlink.core.jdbc.GroupCommitException;
import org.peerlink.signal.register.NonceWindow;

/**
 * A {@link NonceWindow} in the database, so that a register captured before a restart cannot be replayed
 * after it within the window. {@link #consume} returns only once the nonce is committed: the register_ack that
 * follows it must not outlive the record that makes a replay fail.
 */
public final class JdbcNonceWindow implements NonceWindow {

    private final DataSource dataSource;
    private final GroupCommit writer;
    private final long windowMs;

    /** The caller has run {@link SignalSchema#migrate}. */
    public JdbcNonceWindow(DataSource dataSource, GroupCommit writer, Duration window) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.windowMs = window.toMillis();
    }

    @Override
    public boolean seen(String nonce, long nowMs) {
        try (Connection connection = dataSource.getConnection()) {
            return usedWithinWindow(connection, key(nonce), nowMs);
        } catch (SQLException e) {
            throw new GroupCommitException("cannot read the nonce window", e);
        }
    }

    @Override
    public boolean consume(String nonce, long nowMs) {
        String key = key(nonce);
        // Decided on the writer, which serialises it against every other consume.
        return writer.write(connection -> {
            if (usedWithinWindow(connection, key, nowMs)) {
                return false;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM signal_nonce WHERE nonce_sha256 = ?")) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO signal_nonce (nonce_sha256, used_at_ms) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setLong(2, nowMs);
                insert.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Forgets nonces older than the window.
     *
     * @return how many were removed
     */
    public int sweep(long nowMs) {
        return writer.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM signal_nonce WHERE used_at_ms <= ?")) {
                delete.setLong(1, nowMs - windowMs);
                return delete.executeUpdate();
            }
        });
    }

    private boolean usedWithinWindow(Connection connection, String key, long nowMs) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT used_at_ms FROM signal_nonce WHERE nonce_sha256 = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && nowMs - row.getLong(1) < windowMs;
            }
        }
    }

    private static String key(String nonce) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(WellFormedUtf8.encode(nonce)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
