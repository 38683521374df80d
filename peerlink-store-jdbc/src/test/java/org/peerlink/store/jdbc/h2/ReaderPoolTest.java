package org.peerlink.store.jdbc.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderPoolTest {

    private ReaderPool pool;
    private Connection keepAlive;

    @BeforeEach
    void open() throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:mem:readerpool" + System.nanoTime());
        keepAlive = source.getConnection();
        try (Statement create = keepAlive.createStatement()) {
            create.execute("CREATE TABLE t (v INT)");
            create.execute("INSERT INTO t VALUES (1)");
        }
        pool = new ReaderPool(source, 2, Duration.ofMillis(200));
    }

    @AfterEach
    void close() throws SQLException {
        pool.close();
        keepAlive.close();
    }

    @Test
    void aReturnedConnectionIsLentAgainAndRefusesUseAfterItsReturn() throws SQLException {
        Connection first = pool.getConnection();
        String physical = first.toString();
        assertEquals(1, value(first));
        first.close();
        first.close(); // idempotent
        assertTrue(first.isClosed());
        assertThrows(SQLException.class, first::createStatement);

        try (Connection again = pool.getConnection()) {
            assertEquals(physical, again.toString(), "the same physical connection");
            assertFalse(again.isClosed());
        }
    }

    @Test
    void aBorrowerThatLeftAutoCommitIsRolledBackAndReset() throws SQLException {
        try (Connection c = pool.getConnection(); Statement insert = c.createStatement()) {
            c.setAutoCommit(false);
            insert.execute("INSERT INTO t VALUES (2)");
        }
        try (Connection c = pool.getConnection(); Statement count = c.createStatement();
             ResultSet row = count.executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(c.getAutoCommit());
            row.next();
            assertEquals(1, row.getInt(1), "the uncommitted insert was rolled back");
        }
    }

    @Test
    void atMostMaxConnectionsAreLentAtOnce() throws SQLException {
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        SQLException e = assertThrows(SQLException.class, pool::getConnection);
        assertTrue(e.getMessage().contains("no database connection free"), e.getMessage());
        a.close();
        try (Connection c = pool.getConnection()) {
            assertEquals(1, value(c));
        }
        b.close();
    }

    @Test
    void aClosedPoolLendsNothingAndClosesWhatComesBack() throws SQLException {
        Connection lent = pool.getConnection();
        pool.close();
        assertThrows(SQLException.class, pool::getConnection);
        lent.close();
        assertTrue(lent.isClosed());
    }

    private static int value(Connection c) throws SQLException {
        try (Statement query = c.createStatement(); ResultSet row = query.executeQuery("SELECT v FROM t")) {
            row.next();
            return row.getInt(1);
        }
    }
}
