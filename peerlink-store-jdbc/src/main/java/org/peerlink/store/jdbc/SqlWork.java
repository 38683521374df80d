package org.peerlink.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a JDBC connection that the caller does not own: it must not commit, roll back, change
 * auto-commit or close the connection, and must close the statements it opens.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
