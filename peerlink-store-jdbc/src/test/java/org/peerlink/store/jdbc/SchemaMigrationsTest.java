package org.peerlink.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMigrationsTest {

    private static final String V1 = """
            -- the first version; a comment may hold a ; without splitting anything
            CREATE TABLE note (id INT PRIMARY KEY);
            CREATE INDEX note_by_id ON note (id);
            """;
    private static final String V2 = "ALTER TABLE note ADD COLUMN body VARCHAR(100)";

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:migrations-" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void appliesEveryVersionOnceAndRecordsIt() throws SQLException {
        assertEquals(0, SchemaMigrations.currentVersion(connection, "relay"));
        assertEquals(2, SchemaMigrations.apply(connection, "relay", List.of(V1, V2)));
        execute("INSERT INTO note (id, body) VALUES (1, 'kept')");

        // V1 has no IF NOT EXISTS: running it again would fail, so this also proves nothing re-ran.
        assertEquals(2, SchemaMigrations.apply(connection, "relay", List.of(V1, V2)));
        assertEquals(List.of("relay:1", "relay:2"), versions());
        assertEquals(1, single("SELECT COUNT(*) FROM note WHERE body = 'kept'"));
    }

    @Test
    void aNewerBuildAppliesOnlyTheVersionsAfterTheDatabases() throws SQLException {
        SchemaMigrations.apply(connection, "relay", List.of(V1));
        execute("INSERT INTO note (id) VALUES (1)");
        assertEquals(2, SchemaMigrations.apply(connection, "relay", List.of(V1, V2)));
        assertEquals(List.of("relay:1", "relay:2"), versions());
        assertEquals(1, single("SELECT COUNT(*) FROM note WHERE body IS NULL"));
    }

    @Test
    void componentsHaveTheirOwnVersions() throws SQLException {
        SchemaMigrations.apply(connection, "relay", List.of(V1, V2));
        SchemaMigrations.apply(connection, "signal", List.of("CREATE TABLE presence (peer_id VARCHAR(64) PRIMARY KEY)"));
        assertEquals(2, SchemaMigrations.currentVersion(connection, "relay"));
        assertEquals(1, SchemaMigrations.currentVersion(connection, "signal"));
        assertEquals(List.of("relay:1", "relay:2", "signal:1"), versions());
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws SQLException {
        SchemaMigrations.apply(connection, "relay", List.of(V1, V2));
        SQLException refused = assertThrows(SQLException.class,
                () -> SchemaMigrations.apply(connection, "relay", List.of(V1)));
        assertTrue(refused.getMessage().contains("component 'relay' is at version 2"), refused.getMessage());
        assertTrue(refused.getMessage().contains("knows versions up to 1"), refused.getMessage());
    }

    @Test
    void aFailingVersionIsNotRecordedAndTheEarlierOnesStay() throws SQLException {
        String broken = "INSERT INTO note (id) VALUES (1); INSERT INTO missing_table VALUES (1)";
        SQLException failure = assertThrows(SQLException.class,
                () -> SchemaMigrations.apply(connection, "relay", List.of(V1, broken)));
        assertTrue(failure.getMessage().startsWith("schema migration relay v2 failed"), failure.getMessage());
        assertEquals(1, SchemaMigrations.currentVersion(connection, "relay"));
        assertEquals(0, single("SELECT COUNT(*) FROM note"), "the failed version's DML was rolled back");
    }

    @Test
    void restoresTheConnectionsAutoCommit() throws SQLException {
        assertTrue(connection.getAutoCommit());
        SchemaMigrations.apply(connection, "relay", List.of(V1));
        assertTrue(connection.getAutoCommit());
        connection.setAutoCommit(false);
        SchemaMigrations.apply(connection, "relay", List.of(V1, V2));
        assertFalse(connection.getAutoCommit());
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertEquals(List.of("CREATE TABLE note (id INT PRIMARY KEY)", "CREATE INDEX note_by_id ON note (id)"),
                SchemaMigrations.statements(V1));
        assertEquals(List.of(), SchemaMigrations.statements(" ;\n-- nothing\n ; "));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<String> versions() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT component, version FROM schema_migrations ORDER BY component, version")) {
            while (rows.next()) {
                versions.add(rows.getString(1) + ":" + rows.getInt(2));
            }
        }
        return versions;
    }
}
