package org.peerlink.store.jdbc.signal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.peerlink.store.jdbc.SchemaMigrations;

/** The signal service's tables, as versioned migrations of component {@value #COMPONENT}. */
public final class SignalSchema {

    public static final String COMPONENT = "signal";

    private static final List<String> SCRIPTS = List.of(SchemaMigrations.script(SignalSchema.class, "V1__signal.sql"));

    private SignalSchema() {
    }

    /** Brings the schema up to date; idempotent, meant for start-up. */
    public static void migrate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SchemaMigrations.apply(connection, COMPONENT, SCRIPTS);
        }
    }
}
