package org.peerlink.store.jdbc.signal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.signal.hub.RecordingConnection;
import org.peerlink.signal.hub.SignalHub;
import org.peerlink.signal.register.RegisterVerifier;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.h2.H2Dialect;
import org.peerlink.testkit.RegisterFrameSigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Register nonces outlive the process: the test stops one "server" and starts another. (Last-seen times are
 * {@link JdbcLastSeenLogTest}'s.)
 */
class SignalStateRestartTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));

    @TempDir
    Path dataDir;

    private final AtomicLong now = new AtomicLong(1_741_590_002_123L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    /** One run of the signal state on the database under {@code dataDir}. */
    private final class Server implements AutoCloseable {
        final JdbcConnectionPool pool;
        final GroupCommit writer;
        final JdbcNonceWindow nonces;
        final SignalHub hub;

        Server() throws SQLException {
            pool = JdbcConnectionPool.create("jdbc:h2:file:" + dataDir.resolve("signal") + ";WRITE_DELAY=0", "sa", "");
            SignalSchema.migrate(pool);
            writer = new GroupCommit(pool.getConnection(), "test-writer");
            nonces = new JdbcNonceWindow(pool, H2Dialect.INSTANCE, writer, RegisterVerifier.DEFAULT_NONCE_WINDOW);
            hub = new SignalHub(new RegisterVerifier(clock, nonces, RegisterVerifier.DEFAULT_SKEW), clock);
        }

        @Override
        public void close() {
            writer.close();
            pool.dispose();
        }
    }

    @Test
    void registerReplayedAfterRestartIsRejected() throws SQLException {
        String frame = JsonWriter.stringify(SIGNER.frame("r1", "alice", now.get(), "nonce-0001-abcdef", null));
        try (Server first = new Server()) {
            RecordingConnection client = new RecordingConnection();
            first.hub.onText(client, frame);
            assertEquals("register_ack", client.lastType());
        }
        now.addAndGet(10_000);
        try (Server second = new Server()) {
            RecordingConnection attacker = new RecordingConnection();
            second.hub.onText(attacker, frame);
            assertEquals("error", attacker.lastType());
            assertEquals("INVALID_REGISTER_AUTH",
                    ((JsObject) attacker.last().get("payload")).string("code").orElseThrow());
            assertEquals("nonce already used", attacker.lastErrorMessage());
            // Past the window the nonce is forgotten (the timestamp check still guards old frames).
            now.addAndGet(RegisterVerifier.DEFAULT_NONCE_WINDOW.toMillis());
            assertEquals(1, second.nonces.sweep(now.get()));
        }
    }
}
