package org.peerlink.store.jdbc.signal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerlink.signal.register.NonceWindow;
import org.peerlink.signal.register.NonceWindowContract;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.h2.H2Dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window is kept in memory and in the table; both must agree with what a fresh instance reads back. */
class JdbcNonceWindowTest extends NonceWindowContract {

    private JdbcConnectionPool pool;
    private GroupCommit writer;

    @BeforeEach
    void openDatabase() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:nonces" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SignalSchema.migrate(pool);
        writer = new GroupCommit(pool.getConnection(), "test-writer");
    }

    @AfterEach
    void closeDatabase() {
        writer.close();
        pool.dispose();
    }

    @Override
    protected NonceWindow open(Duration window) {
        return new JdbcNonceWindow(pool, H2Dialect.INSTANCE, writer, window);
    }

    @Test
    @Override
    protected void theSameNonceWithAnotherKeyIsAnotherEntry() throws Exception {
        super.theSameNonceWithAnotherKeyIsAnotherEntry();
        assertTrue(new JdbcNonceWindow(pool, H2Dialect.INSTANCE, writer, WINDOW).seen(OTHER_KEY, "1741590002123456", NOW + 3),
                "read back with its key");
        assertEquals(2, rows());
    }

    @Test
    void aNewInstanceReadsTheWindowBackAndSweepForgetsOldNonces() throws SQLException {
        JdbcNonceWindow first = new JdbcNonceWindow(pool, H2Dialect.INSTANCE, writer, WINDOW);
        assertTrue(first.consume(KEY, "old-nonce", NOW));
        assertTrue(first.consume(KEY, "new-nonce", NOW + 60_000));

        JdbcNonceWindow second = new JdbcNonceWindow(pool, H2Dialect.INSTANCE, writer, WINDOW);
        assertTrue(second.seen(KEY, "old-nonce", NOW + 60_000));
        assertFalse(second.consume(KEY, "new-nonce", NOW + 61_000));

        assertEquals(1, second.sweep(NOW + WINDOW.toMillis()));
        assertFalse(second.seen(KEY, "old-nonce", NOW + WINDOW.toMillis()));
        assertTrue(second.seen(KEY, "new-nonce", NOW + WINDOW.toMillis()));
        assertEquals(1, rows());
    }

    @Test
    @Override
    protected void concurrentConsumesOfOneNonceLetExactlyOneThrough() throws Exception {
        super.concurrentConsumesOfOneNonceLetExactlyOneThrough();
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
