package org.peerlink.store.jdbc.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.SqlDialect;

/**
 * The embedded H2 database in a data directory ({@code peerlink.mv.db}), shared by every store of the
 * process: readers borrow pooled connections, and all writes go through one {@link GroupCommit} writer so
 * that the relay's and the signal's writes share commits.
 * <p>
 * Settings, and why:
 * <ul>
 * <li>{@code retry:} file system: H2's default file access closes the database file for everyone when a
 * thread is interrupted during I/O (Java's FileChannel does that), and a server interrupts request threads; this
 * one reopens the file and repeats the operation. Reads are safe to repeat; writes only come from the writer
 * thread, which is never interrupted. (The {@code async:} file system also survives interrupts, but hands every
 * page read and write to a thread pool and back: it measured 3 times the writer's time per stored envelope.)</li>
 * <li>{@code WRITE_DELAY=0}: a commit writes its changes to the file before it returns, so a committed write
 * survives the process being killed (the OS has it). It does not force them to the disk: a power loss can
 * still take the last commits.</li>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook could close the database under requests that are
 * still finishing; the owner closes it explicitly, after the listeners stop.</li>
 * <li>{@code QUERY_CACHE_SIZE}: the stores use a few dozen distinct statements per connection; H2's default
 * cache of 8 parsed statements would re-parse most of them.</li>
 * </ul>
 */
public final class H2Database implements AutoCloseable {

    /** Connections that readers (including open blob streams) may hold at once. */
    public static final int DEFAULT_MAX_READERS = 64;

    static final String FILE_BASE_NAME = "peerlink";

    /** The database's one file in the data directory; a backup holds it under this name. */
    public static final String FILE_NAME = FILE_BASE_NAME + ".mv.db";

    private final Path directory;
    private final DataDirectoryLock directoryLock;
    private final JdbcDataSource unpooled;
    private final ReaderPool pool;
    private final GroupCommit writer;
    private boolean closed;

    private H2Database(Path directory, DataDirectoryLock directoryLock, JdbcDataSource unpooled,
                       ReaderPool pool, GroupCommit writer) {
        this.directory = directory;
        this.directoryLock = directoryLock;
        this.unpooled = unpooled;
        this.pool = pool;
        this.writer = writer;
    }

    public static H2Database open(Path dataDirectory) {
        return open(dataDirectory, DEFAULT_MAX_READERS);
    }

    /**
     * Opens (creating if needed) the database in {@code dataDirectory}.
     *
     * @throws StorageException when the directory is used by another PeerLink process or database, or the
     *                          database cannot be created or opened; the message says which and where
     */
    public static H2Database open(Path dataDirectory, int maxReaders) {
        if (maxReaders < 1) {
            throw new IllegalArgumentException("maxReaders must be positive: " + maxReaders);
        }
        Path directory = realDirectory(dataDirectory);
        DataDirectoryLock directoryLock = DataDirectoryLock.acquire(directory);
        JdbcDataSource unpooled = new JdbcDataSource();
        unpooled.setURL(url(directory));
        unpooled.setUser("sa");
        unpooled.setPassword("");
        Connection writerConnection = null;
        try {
            writerConnection = unpooled.getConnection();
            GroupCommit writer = new GroupCommit(writerConnection, "peerlink-db-writer");
            ReaderPool pool = new ReaderPool(unpooled, maxReaders, ReaderPool.DEFAULT_WAIT_LIMIT);
            return new H2Database(directory, directoryLock, unpooled, pool, writer);
        } catch (SQLException e) {
            closeQuietly(writerConnection, e);
            directoryLock.close();
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw DataDirectoryLock.inUseByAnotherProcess(directory);
            }
            throw new StorageException("cannot open the PeerLink database in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pooled connections for reads, in auto-commit mode ({@link ReaderPool}); a borrower must close (return) its
     * connection.
     */
    public DataSource dataSource() {
        return pool;
    }

    /** The SQL this database speaks where databases differ. */
    public SqlDialect dialect() {
        return H2Dialect.INSTANCE;
    }

    /** The one writer of this database; every store's mutations go through it. */
    public GroupCommit writer() {
        return writer;
    }

    public Path directory() {
        return directory;
    }

    /**
     * A consistent copy of the database while it serves (H2's {@code BACKUP TO}): a zip holding {@link #FILE_NAME}
     * as of a moment between commits, written while readers and the writer go on. Every acknowledged write is in it
     * (a write is acknowledged once committed); {@link H2Restore} puts it back.
     *
     * @param zip the file to write; its directory must exist
     * @throws SQLException if the copy fails (the disk is full, say); the database is unharmed then
     */
    public void backupTo(Path zip) throws SQLException {
        String file = zip.toAbsolutePath().toString().replace("'", "''");
        try (Connection connection = pool.getConnection(); Statement backup = connection.createStatement()) {
            backup.execute("BACKUP TO '" + file + "'");
        }
    }

    /**
     * Waits for submitted writes to commit, then shuts the database down. Readers still holding a connection
     * (a blob download, say) fail from then on: the owner stops serving requests before closing. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Connected before the writer lets go of its connection, so the database is not closed and reopened
        // in between; SHUTDOWN then closes it even while pooled or borrowed connections are open, so the file
        // is complete and released when this returns.
        try (Connection connection = unpooled.getConnection(); Statement shutdown = connection.createStatement()) {
            writer.close();
            shutdown.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new StorageException("closing the PeerLink database in " + directory + " failed: "
                    + e.getMessage(), e);
        } finally {
            writer.close();
            pool.close();
            directoryLock.close();
        }
    }

    private static String url(Path directory) {
        return "jdbc:h2:retry:" + directory.resolve(FILE_BASE_NAME)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";
    }

    private static Path realDirectory(Path dataDirectory) {
        if (dataDirectory.toString().contains(";")) {
            // H2 reads settings after a ';' in the URL.
            throw new StorageException("data directory " + dataDirectory + " must not contain ';'", null);
        }
        try {
            Files.createDirectories(dataDirectory);
            return dataDirectory.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot create data directory " + dataDirectory.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
