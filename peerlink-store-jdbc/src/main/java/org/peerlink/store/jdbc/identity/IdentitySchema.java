package org.peerlink.store.jdbc.identity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.peerlink.store.jdbc.SchemaMigrations;

/** The identity pins' table, as versioned migrations of component {@value #COMPONENT}. */
public final class IdentitySchema {

    public static final String COMPONENT = "identity";

    private static final List<String> SCRIPTS =
            List.of(SchemaMigrations.script(IdentitySchema.class, "V1__identity.sql"));

    private IdentitySchema() {
    }

    /** Brings the schema up to date; idempotent, meant for start-up. */
    public static void migrate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SchemaMigrations.apply(connection, COMPONENT, SCRIPTS);
        }
    }
}
