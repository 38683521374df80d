package org.peerlink.store.jdbc.h2;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * Read connections of an {@link H2Database}, pooled and kept in auto-commit mode.
 * <p>
 * Why not H2's own {@code JdbcConnectionPool}: it rolls a connection back when lending it and again when it comes
 * back, and an H2 rollback always ends with a store of every unsaved page when {@code WRITE_DELAY=0}, including
 * the pages the writer is in the middle of changing. Every read thereby did a commit's worth of page writing (a
 * third of the CPU of a signal register went there). Here a connection stays in auto-commit mode: each SELECT ends
 * its own read-only transaction, which stores nothing. A borrower that left auto-commit (a schema migration) is
 * rolled back and reset when it returns the connection.
 * <p>
 * At most {@code maxConnections} are lent at once; a borrower waits up to the wait limit for one.
 */
final class ReaderPool implements DataSource, AutoCloseable {

    static final Duration DEFAULT_WAIT_LIMIT = Duration.ofSeconds(30);

    private final JdbcDataSource source;
    private final Duration waitLimit;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ReaderPool(JdbcDataSource source, int maxConnections, Duration waitLimit) {
        this.source = source;
        this.waitLimit = waitLimit;
        this.permits = new Semaphore(maxConnections);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        try {
            if (!permits.tryAcquire(waitLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException("no database connection free within " + waitLimit.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        try {
            Connection physical = idle.pollFirst(); // most recently used first: few connections stay warm
            if (physical == null) {
                physical = source.getConnection();
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new Lent(physical));
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Closes the idle connections; connections still lent are closed when they come back. */
    @Override
    public void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            closeQuietly(connection);
        }
    }

    private void giveBack(Connection physical) {
        try {
            if (!closed && !physical.isClosed()) {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
                idle.offerFirst(physical);
                if (closed && idle.remove(physical)) { // close() ran meanwhile
                    closeQuietly(physical);
                }
            } else {
                closeQuietly(physical);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(physical);
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // it is being dropped either way
        }
    }

    /** A lent connection: close() gives it back; after that it refuses every call. */
    private final class Lent implements InvocationHandler {
        private final Connection physical;
        private boolean returned;

        Lent(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (!returned) {
                        returned = true;
                        giveBack(physical);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return returned || physical.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "pooled " + physical;
                }
                default -> {
                    if (returned) {
                        throw new SQLException("the connection was returned to the pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }
    }

    // --- DataSource methods that a pool of embedded connections does not support ---

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's connections all use the database's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("the wait limit is fixed");
    }

    @Override
    public int getLoginTimeout() {
        return (int) waitLimit.toSeconds();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
