package org.peerlink.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Versioned schema scripts per component (relay, signal, ...) sharing one database. Version {@code n} of a
 * component is the n-th script of its ordered list; {@code schema_migrations} records which versions are
 * applied, so each runs once per database.
 * <p>
 * A script holds statements separated by {@code ;}; lines starting with {@code --} are comments. Statements
 * must not contain a semicolon themselves (no string literals or procedural bodies with one).
 * <p>
 * Each version is applied in one transaction together with its bookkeeping row. Some databases (H2 among
 * them) commit implicitly around DDL, so a script that fails half-way may leave part of its DDL behind;
 * scripts therefore use {@code IF NOT EXISTS} so a retry after the failure is fixed can run them again.
 * Migrations are meant to run once at start-up, not concurrently for the same component.
 */
public final class SchemaMigrations {

    public static final String TABLE = "schema_migrations";

    private SchemaMigrations() {
    }

    /**
     * Applies the scripts of {@code component} whose version is above the database's.
     *
     * @return the component's version afterwards ({@code orderedScripts.size()})
     * @throws SQLException when a script fails (that version is rolled back as far as the database allows), or
     *                      when the database already holds a newer version than this code knows: running older
     *                      code on a newer schema could corrupt it, so that is refused with a message that says so
     */
    public static int apply(Connection connection, String component, List<String> orderedScripts) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            connection.setAutoCommit(false);
            createTable(connection);
            int current = currentVersion(connection, component);
            int known = orderedScripts.size();
            if (current > known) {
                throw new SQLException("the database schema of component '" + component + "' is at version " + current
                        + " but this PeerLink build knows versions up to " + known
                        + "; run a PeerLink build at least as new as the one that last used this data directory");
            }
            for (int version = current + 1; version <= known; version++) {
                applyVersion(connection, component, version, orderedScripts.get(version - 1));
            }
            return known;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The highest applied version of {@code component}, 0 when none (or when the table does not exist yet). */
    public static int currentVersion(Connection connection, String component) throws SQLException {
        if (!tableExists(connection)) {
            return 0;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT MAX(version) FROM " + TABLE + " WHERE component = ?")) {
            query.setString(1, component);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** The statements of a script, comments and blank statements dropped. */
    public static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder(script.length());
        for (String line : script.split("\\R")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            String trimmed = statement.strip();
            if (!trimmed.isEmpty()) {
                statements.add(trimmed);
            }
        }
        return statements;
    }

    /** Reads a UTF-8 script stored as a class-path resource next to {@code anchor}. */
    public static String script(Class<?> anchor, String resourceName) {
        try (InputStream in = anchor.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + resourceName + " is missing next to "
                        + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + resourceName, e);
        }
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "component VARCHAR(64) NOT NULL, "
                    + "version INT NOT NULL, "
                    + "applied_at_ms BIGINT NOT NULL, "
                    + "PRIMARY KEY (component, version))");
        }
        connection.commit();
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        // Unquoted identifiers are stored upper-case by H2 and most databases, lower-case by PostgreSQL.
        for (String name : List.of(TABLE.toUpperCase(Locale.ROOT), TABLE)) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void applyVersion(Connection connection, String component, int version, String script)
            throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            for (String statement : statements(script)) {
                ddl.execute(statement);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (component, version, applied_at_ms) VALUES (?, ?, ?)")) {
                record.setString(1, component);
                record.setInt(2, version);
                record.setLong(3, System.currentTimeMillis());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw new SQLException("schema migration " + component + " v" + version + " failed: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }
}
