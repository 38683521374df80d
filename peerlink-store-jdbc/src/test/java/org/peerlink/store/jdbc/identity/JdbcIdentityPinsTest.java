package org.peerlink.store.jdbc.identity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.IdentityPinsContract;
import org.peerlink.identity.PinMatch;
import org.peerlink.store.jdbc.GroupCommit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pins in an H2 database: the contract, with "reopen" reading the table afresh, and what only a table has. */
class JdbcIdentityPinsTest extends IdentityPinsContract {

    private JdbcConnectionPool pool;
    private GroupCommit writer;

    @BeforeEach
    void openDatabase() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:pins" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        IdentitySchema.migrate(pool);
        writer = new GroupCommit(pool.getConnection(), "test-writer");
    }

    @AfterEach
    void closeDatabase() {
        writer.close();
        pool.dispose();
    }

    @Override
    protected IdentityPins open() {
        return new JdbcIdentityPins(pool, writer);
    }

    @Override
    protected IdentityPins reopen(IdentityPins pins) {
        return new JdbcIdentityPins(pool, writer);
    }

    private int rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM identity_pin")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aRegisterWithinADayOfTheLastOneWritesNothing() throws SQLException {
        JdbcIdentityPins pins = new JdbcIdentityPins(pool, writer);
        pins.bind("alice", KEY_A, NOW);
        long commits = writer.commits();
        for (int i = 1; i <= 100; i++) {
            assertTrue(pins.bind("alice", KEY_A, NOW + i));
        }
        pins.bind("alice", KEY_B, NOW + 200);
        assertEquals(commits, writer.commits());
        assertEquals(1, rows());
    }

    @Test
    void aPeerIdTooLongForTheTableIsRefusedBeforeAnyWrite() {
        JdbcIdentityPins pins = new JdbcIdentityPins(pool, writer);
        String peerId = "p".repeat(JdbcIdentityPins.MAX_PEER_ID_CHARS + 1);
        assertThrows(IllegalArgumentException.class, () -> pins.bind(peerId, KEY_A, NOW));
        assertEquals(PinMatch.NONE, pins.match(peerId, KEY_A));
        assertTrue(pins.bind("p".repeat(JdbcIdentityPins.MAX_PEER_ID_CHARS), KEY_A, NOW));
    }

    @Test
    void aFailedCommitLeavesNoPinBehind() throws SQLException {
        JdbcIdentityPins pins = new JdbcIdentityPins(pool, writer);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE identity_pin");
        }
        assertThrows(RuntimeException.class, () -> pins.bind("alice", KEY_A, NOW));
        assertEquals(PinMatch.NONE, pins.match("alice", KEY_A), "the map went back with the failed write");
    }
}
