package org.peerlink.store.jdbc;

import java.util.List;

/**
 * What differs between the SQL databases the stores run on, kept out of the stores' own code. The queries are
 * otherwise standard SQL ({@code FETCH FIRST ? ROWS ONLY}, plain inserts and deletes); the schema scripts are per
 * database. H2 is the only dialect so far; a PostgreSQL one implements this beside it.
 */
public interface SqlDialect {

    /**
     * A statement that inserts a row or, when a row with the same key exists, replaces its other columns. Its
     * parameters are the {@code columns} in order.
     *
     * @param table      the table
     * @param keyColumns the columns of its primary key
     * @param columns    every column written, the key columns among them
     */
    String upsert(String table, List<String> keyColumns, List<String> columns);
}
