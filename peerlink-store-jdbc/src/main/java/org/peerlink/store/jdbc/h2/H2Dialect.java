package org.peerlink.store.jdbc.h2;

import java.util.Collections;
import java.util.List;

import org.peerlink.store.jdbc.SqlDialect;

/** H2's SQL: its upsert is {@code MERGE INTO ... KEY (...) VALUES (...)}. */
public final class H2Dialect implements SqlDialect {

    public static final H2Dialect INSTANCE = new H2Dialect();

    private H2Dialect() {
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> columns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }
}
