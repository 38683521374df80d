package org.peerlink.store.jdbc.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.RelayStorageContract;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;
import org.peerlink.store.jdbc.h2.H2Database;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on H2, and what only H2 does: keeping everything across a restart, its row layout, its upgrades. */
class H2RelayStorageTest extends RelayStorageContract {

    @RegisterExtension
    final TemporaryH2Store h2 = new TemporaryH2Store();

    @Override
    protected RelayStorage open() {
        return h2.open();
    }

    // --- what the contract cannot see ---

    @Test
    @Override
    protected void sweepDeletesWhatHasExpiredInBatchesAndCountsIt() throws Exception {
        super.sweepDeletesWhatHasExpiredInBatchesAndCountsIt();
        assertEquals(2, count("SELECT COUNT(*) FROM relay_content"), "the swept blob and session took their bytes");
        assertEquals(2, count("SELECT COUNT(*) FROM relay_chunk"));
    }

    @Test
    @Override
    protected void concurrentEnqueuesOfTheSameEnvelopesStoreEachExactlyOnce() throws Exception {
        long commitsBefore = h2.database().writer().commits();
        super.concurrentEnqueuesOfTheSameEnvelopesStoreEachExactlyOnce();
        assertTrue(h2.database().writer().commits() - commitsBefore <= CONCURRENT_CALLERS * ENVELOPES_OFFERED);

        reopen();
        assertTheConcurrentlyOfferedEnvelopesAreQueuedOnce();
    }

    @Test
    @Override
    protected void theFirstChunkFixesTheFileAndAMissingMimeTypeStaysNull() throws IOException {
        super.theFirstChunkFixesTheFileAndAMissingMimeTypeStaysNull();
        reopen();
        BlobMetadata noMime = new BlobMetadata("described", "g1", "first.bin", null, "alice", NOW + DAY);
        assertEquals(new StoredBlob(noMime, 2), storage.blob("described", NOW).orElseThrow());
    }

    @Test
    void everythingSurvivesClosingAndReopeningTheDatabase() throws Exception {
        storage.enqueue(List.of(envelope("bob", "m1"), envelope("bob", "m2")), NOW);
        storage.ack("bob", "m1", NOW + DAY);
        storage.createGroupIfAbsent(new GroupRecord("g1", "alice", List.of("alice", "bob"), true));
        storage.putBlob(metadata("blob-1", NOW + DAY), bytes("kept"), NOW);
        UploadKey key = new UploadKey("up", "alice", "g1");
        storage.putChunk(key, FILE, 1, 2, bytes("half"), NOW, NOW + DAY);
        UploadSession session = storage.upload(key, NOW).orElseThrow();

        reopen();

        assertEquals(ids("m2"), ids(storage.fetch("bob", null, 50, NOW)));
        assertEquals(1, storage.queueUsage(List.of("bob"), NOW).get("bob").envelopes(),
                "the queue totals are read back when the store opens");
        assertEquals(List.of(false), storage.enqueue(List.of(envelope("bob", "m1")), NOW), "the tombstone survived");
        assertEquals(List.of(true), storage.enqueue(List.of(envelope("bob", "m3")), NOW));
        assertEquals(ids("m2", "m3"), ids(storage.fetch("bob", null, 50, NOW)), "the order goes on after a restart");
        assertEquals(new GroupRecord("g1", "alice", List.of("alice", "bob"), true), storage.group("g1").orElseThrow());
        assertEquals("kept", new String(readAll(storage.openBlob("blob-1").orElseThrow()), UTF_8));
        assertEquals(session, storage.upload(key, NOW).orElseThrow());
        assertEquals(H2RelayStorage.migrations().size(),
                count("SELECT COUNT(*) FROM schema_migrations WHERE component = 'relay'"), "migrated once");
    }

    @Test
    void bodiesAboveTheInlineLimitAreKeptAsClobsAndComeBackTheSame() {
        String filler = "ü€😀".repeat(EnvelopeRows.MAX_INLINE_BODY_CHARS / 4);
        String atLimit = filler.substring(0, EnvelopeRows.MAX_INLINE_BODY_CHARS - 2) + "\"\"";
        String overLimit = filler + "\"x\"";
        assertEquals(EnvelopeRows.MAX_INLINE_BODY_CHARS, atLimit.length());
        storage.enqueue(List.of(new QueuedEnvelope("bob", "inline", atLimit, NOW + DAY),
                new QueuedEnvelope("bob", "clob", overLimit, NOW + DAY)), NOW);

        assertEquals(List.of(new FetchedEnvelope("inline", atLimit), new FetchedEnvelope("clob", overLimit)),
                storage.fetch("bob", null, 50, NOW));
    }

    @Test
    void envelopesWrittenByVersionOneAreFetchedAfterTheUpgrade(@TempDir Path oldDir) throws Exception {
        writtenByVersion(oldDir, 1, "INSERT INTO relay_envelope (recipient_id, envelope_id, body, expires_at_ms)"
                + " VALUES ('bob', 'v1', '{\"id\":\"v1\"}', " + (NOW + DAY) + ")");
        try (H2Database upgraded = H2Database.open(oldDir)) {
            H2RelayStorage relay = new H2RelayStorage(upgraded);
            relay.enqueue(List.of(envelope("bob", "v2")), NOW);
            assertEquals(List.of(new FetchedEnvelope("v1", "{\"id\":\"v1\"}"), new FetchedEnvelope("v2", json("bob", "v2"))),
                    relay.fetch("bob", null, 50, NOW));
        }
    }

    @Test
    void aSessionBegunBeforeVersionFourHasNoFileAndBlobsKeepTheirMimeType(@TempDir Path oldDir) throws Exception {
        writtenByVersion(oldDir, 3,
                "INSERT INTO relay_content (created_at_ms) VALUES (" + NOW + ")",
                "INSERT INTO relay_upload (upload_id, uploader_id, group_id, total_chunks, received_chunks,"
                        + " size_bytes, revision, expires_at_ms, content_id)"
                        + " VALUES ('old-up', 'alice', 'g1', 2, 0, 0, 1, " + (NOW + DAY) + ", 1)",
                "INSERT INTO relay_blob (blob_id, group_id, file_name, mime_type, uploader_id, size_bytes,"
                        + " expires_at_ms, content_id) VALUES ('old-blob', 'g1', 'f', 'image/png', 'alice', 0, "
                        + (NOW + DAY) + ", 1)");
        try (H2Database upgraded = H2Database.open(oldDir)) {
            H2RelayStorage relay = new H2RelayStorage(upgraded);
            assertNull(relay.upload(new UploadKey("old-up", "alice", "g1"), NOW).orElseThrow().file());
            assertEquals("image/png", relay.blob("old-blob", NOW).orElseThrow().metadata().mimeType());
        }
    }

    // --- helpers ---

    /** A database in {@code dir} as a build with the first {@code version} schema versions left it. */
    private static void writtenByVersion(Path dir, int version, String... inserts) throws SQLException {
        try (H2Database old = H2Database.open(dir); Connection c = old.dataSource().getConnection()) {
            org.peerlink.store.jdbc.SchemaMigrations.apply(c, H2RelayStorage.COMPONENT,
                    H2RelayStorage.migrations().subList(0, version));
            try (Statement insert = c.createStatement()) {
                for (String sql : inserts) {
                    insert.executeUpdate(sql);
                }
            }
        }
    }

    private void reopen() {
        storage.close();
        storage = h2.restart();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = h2.database().dataSource().getConnection(); Statement query = c.createStatement();
             ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Finding 9 of issue 13: a download held one of the pooled reader connections until its last byte, so enough slow
     * clients left every fetch waiting 30 s for a connection. Now more downloads than the pool has connections stay
     * open while fetches still answer at once.
     */
    @Test
    void openDownloadsHoldNoPooledConnection() throws IOException {
        storage.putBlob(metadata("big", NOW + DAY), filled(3 * WindowedChunkStream.WINDOW_BYTES, 7), NOW);
        List<InputStream> downloads = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                InputStream in = storage.openBlob("big").orElseThrow();
                assertEquals(7, in.read(), "download " + i + " reads");
                downloads.add(in);
            }
            long start = System.nanoTime();
            storage.enqueue(List.of(envelope("bob", "m1")), NOW);
            assertEquals(ids("m1"), ids(storage.fetch("bob", null, 50, NOW)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "a fetch waited for a connection");
        } finally {
            for (InputStream in : downloads) {
                in.close();
            }
        }
    }

    @Test
    void theLastDownloadOfASweptBlobDeletesItsBytesAndTheSweepDeletesLeftOvers() throws Exception {
        storage.putBlob(metadata("leaving", NOW + 10), filled(100_000, 1), NOW);
        long chunksBefore = chunkRows();
        try (InputStream first = storage.openBlob("leaving").orElseThrow();
             InputStream second = storage.openBlob("leaving").orElseThrow()) {
            assertEquals(1, storage.sweep(NOW + 10).blobs());
            first.readAllBytes();
            first.close();
            assertEquals(chunksBefore, chunkRows(), "the second download still reads them");
            assertEquals(100_000, second.readAllBytes().length);
        }
        assertEquals(chunksBefore - 1, chunkRows(), "the last one deleted them");

        // a content nothing refers to, as a crash in the middle of such a download leaves it: the sweep removes it
        try (Connection c = h2.database().dataSource().getConnection(); Statement insert = c.createStatement()) {
            insert.execute("INSERT INTO relay_content (created_at_ms) VALUES (1)");
        }
        long contents = count("SELECT COUNT(*) FROM relay_content");
        storage.sweep(NOW + 10);
        assertEquals(contents - 1, count("SELECT COUNT(*) FROM relay_content"));
    }

    private long chunkRows() throws SQLException {
        return count("SELECT COUNT(*) FROM relay_chunk");
    }
}
