package org.peerlink.signal.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.jdbc.GroupCommit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window is kept in memory and in the table; both must agree with what a fresh instance reads back. */
class JdbcNonceWindowTest {

    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final long NOW = 1_741_590_002_123L;

    private static final byte[] KEY = Ed25519.fromSeed(new byte[32]).publicKey();
    private static final byte[] OTHER_KEY = Ed25519.fromSeed(new byte[] {
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}).publicKey();

    private JdbcConnectionPool pool;
    private GroupCommit writer;

    @BeforeEach
    void open() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:nonces" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SignalSchema.migrate(pool);
        writer = new GroupCommit(pool.getConnection(), "test-writer");
    }

    @AfterEach
    void close() {
        writer.close();
        pool.dispose();
    }

    @Test
    void aConsumedNonceIsSeenUntilTheWindowEnds() {
        JdbcNonceWindow nonces = new JdbcNonceWindow(pool, writer, WINDOW);
        assertFalse(nonces.seen(KEY, "nonce-0001", NOW));
        assertTrue(nonces.consume(KEY, "nonce-0001", NOW));
        assertTrue(nonces.seen(KEY, "nonce-0001", NOW + 1));
        assertFalse(nonces.consume(KEY, "nonce-0001", NOW + 1));
        assertTrue(nonces.seen(KEY, "nonce-0001", NOW + WINDOW.toMillis() - 1));
        assertFalse(nonces.seen(KEY, "nonce-0001", NOW + WINDOW.toMillis()));
        assertTrue(nonces.consume(KEY, "nonce-0001", NOW + WINDOW.toMillis()), "usable again after the window");
    }

    @Test
    void theSameNonceWithAnotherKeyIsAnotherEntry() throws SQLException {
        JdbcNonceWindow nonces = new JdbcNonceWindow(pool, writer, WINDOW);
        assertTrue(nonces.consume(KEY, "1741590002123456", NOW));
        assertFalse(nonces.seen(OTHER_KEY, "1741590002123456", NOW + 1));
        assertTrue(nonces.consume(OTHER_KEY, "1741590002123456", NOW + 1));
        assertFalse(nonces.consume(KEY, "1741590002123456", NOW + 2));
        assertTrue(new JdbcNonceWindow(pool, writer, WINDOW).seen(OTHER_KEY, "1741590002123456", NOW + 3),
                "read back with its key");
        assertEquals(2, rows());
    }

    @Test
    void aNewInstanceReadsTheWindowBackAndSweepForgetsOldNonces() throws SQLException {
        JdbcNonceWindow first = new JdbcNonceWindow(pool, writer, WINDOW);
        assertTrue(first.consume(KEY, "old-nonce", NOW));
        assertTrue(first.consume(KEY, "new-nonce", NOW + 60_000));

        JdbcNonceWindow second = new JdbcNonceWindow(pool, writer, WINDOW);
        assertTrue(second.seen(KEY, "old-nonce", NOW + 60_000));
        assertFalse(second.consume(KEY, "new-nonce", NOW + 61_000));

        assertEquals(1, second.sweep(NOW + WINDOW.toMillis()));
        assertFalse(second.seen(KEY, "old-nonce", NOW + WINDOW.toMillis()));
        assertTrue(second.seen(KEY, "new-nonce", NOW + WINDOW.toMillis()));
        assertEquals(1, rows());
    }

    @Test
    void concurrentConsumesOfOneNonceLetExactlyOneThrough() throws Exception {
        JdbcNonceWindow nonces = new JdbcNonceWindow(pool, writer, WINDOW);
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> nonces.consume(KEY, "raced-nonce", NOW)));
            }
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            assertEquals(1, accepted);
        }
        assertEquals(1, rows());
    }

    private int rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement count = c.createStatement();
             ResultSet row = count.executeQuery("SELECT COUNT(*) FROM signal_nonce")) {
            row.next();
            return row.getInt(1);
        }
    }
}
