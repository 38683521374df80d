package org.peerlink.store.jdbc.relay;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The BLOB column of a query's rows read back to back as one stream, one row's value at a time: however large
 * the whole, memory holds one read buffer. The query, its statement and the connection are owned by the
 * stream and released by {@link #close()}.
 * <p>
 * The rows are fixed when the query runs; a chunk deleted afterwards (swept, replaced, completed) still reads
 * as it was, since H2 keeps a LOB readable for the result that references it.
 */
final class ChunkStream extends InputStream {

    /** Binds a query's parameters. */
    @FunctionalInterface
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private InputStream current;
    private boolean closed;

    private ChunkStream(Connection connection, PreparedStatement statement, ResultSet rows, InputStream first) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.current = first;
    }

    /**
     * Runs {@code query} on {@code connection}, which the stream then owns (closed here when there is no row).
     *
     * @return empty when the query has no row
     */
    static Optional<InputStream> open(Connection connection, String query, Parameters parameters) throws SQLException {
        PreparedStatement statement = null;
        ResultSet rows = null;
        try {
            statement = connection.prepareStatement(query);
            parameters.bind(statement);
            rows = statement.executeQuery();
            if (!rows.next()) {
                closeAll(rows, statement, connection);
                return Optional.empty();
            }
            return Optional.of(new ChunkStream(connection, statement, rows, rows.getBinaryStream(1)));
        } catch (SQLException | RuntimeException e) {
            try {
                closeAll(rows, statement, connection);
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        while (true) {
            InputStream chunk = currentChunk();
            if (chunk == null) {
                return -1;
            }
            int b = chunk.read();
            if (b >= 0) {
                return b;
            }
            finishChunk();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        while (true) {
            InputStream chunk = currentChunk();
            if (chunk == null) {
                return -1;
            }
            int n = chunk.read(buffer, offset, length);
            if (n > 0) {
                return n;
            }
            if (n < 0) {
                finishChunk();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                failure = e;
            }
            current = null;
        }
        try {
            closeAll(rows, statement, connection);
        } catch (SQLException e) {
            IOException closeFailure = new IOException("releasing the database connection failed", e);
            if (failure == null) {
                failure = closeFailure;
            } else {
                failure.addSuppressed(closeFailure);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The chunk being read, advancing to the next row when needed; null at the end. */
    private InputStream currentChunk() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (current != null) {
            return current;
        }
        try {
            if (rows.next()) {
                current = rows.getBinaryStream(1);
            }
            return current;
        } catch (SQLException e) {
            throw new IOException("reading the next chunk failed: " + e.getMessage(), e);
        }
    }

    private void finishChunk() throws IOException {
        InputStream finished = current;
        current = null;
        finished.close();
    }

    private static void closeAll(ResultSet rows, PreparedStatement statement, Connection connection)
            throws SQLException {
        SQLException failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {rows, statement, connection}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                SQLException sqlFailure = e instanceof SQLException sql ? sql : new SQLException(e);
                if (failure == null) {
                    failure = sqlFailure;
                } else {
                    failure.addSuppressed(sqlFailure);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
