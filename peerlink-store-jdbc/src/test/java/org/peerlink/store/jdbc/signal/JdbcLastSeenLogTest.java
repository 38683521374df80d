package org.peerlink.store.jdbc.signal;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.signal.hub.LastSeenLogContract;
import org.peerlink.store.jdbc.GroupCommit;

/** A run opens the H2 file database under {@code dataDir} and closes it: the times outlive the process. */
class JdbcLastSeenLogTest extends LastSeenLogContract {

    @TempDir
    Path dataDir;

    private JdbcConnectionPool pool;
    private GroupCommit writer;

    @Override
    protected LastSeenLog start() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dataDir.resolve("signal") + ";WRITE_DELAY=0", "sa", "");
        SignalSchema.migrate(pool);
        writer = new GroupCommit(pool.getConnection(), "test-writer");
        return new JdbcLastSeenLog(pool, writer);
    }

    @Override
    protected void stop(LastSeenLog log) {
        ((JdbcLastSeenLog) log).close();
        writer.close();
        pool.dispose();
    }
}
