package org.peerlink.relay.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RelayStorage} must do, as the relay relies on it: a backend's test extends this class and
 * says how to open an empty store. What cannot be observed through the interface (durability across a restart,
 * how the bytes are laid out, schema upgrades) is for the backend's own tests; the tests that are {@code protected}
 * are the ones a backend may extend with such checks, calling them first.
 */
public abstract class RelayStorageContract {

    protected static final long NOW = 1_700_000_000_000L;
    protected static final long DAY = 86_400_000L;
    protected static final UploadFile FILE = new UploadFile("video.mp4", " video/mp4");
    /** Callers and envelopes of {@link #concurrentEnqueuesOfTheSameEnvelopesStoreEachExactlyOnce}. */
    protected static final int CONCURRENT_CALLERS = 8;
    protected static final int ENVELOPES_OFFERED = 200;

    /** The store under test; a backend that restarts it in a test replaces it. */
    protected RelayStorage storage;

    /**
     * A new, empty store for one test. The contract closes it after the test; what else it needed, an extension
     * of the subclass can release then.
     */
    protected abstract RelayStorage open();

    @BeforeEach
    final void openStorage() {
        storage = open();
    }

    @AfterEach
    final void closeStorage() {
        storage.close();
    }

    // --- queue ---

    /** Finding 8 of issue 13: the queue quota is asked of the store, for many recipients at once (a fan-out). */
    @Test
    void queueUsageCountsTheUnexpiredEnvelopesAndTheirCharactersPerRecipient() {
        storage.enqueue(List.of(new QueuedEnvelope("bob", "m1", "{\"p\":1}", NOW + DAY),
                new QueuedEnvelope("bob", "m2", "{\"p\":22}", NOW + DAY),
                new QueuedEnvelope("bob", "old", "{\"p\":333}", NOW + 10),
                new QueuedEnvelope("carol", "m1", "x".repeat(70_000), NOW + DAY)), NOW);
        storage.ack("bob", "m2", NOW + DAY);

        assertEquals(new QueueUsage(2, 16), storage.queueUsage(List.of("bob"), NOW).get("bob"), "m2 was acked");
        storage.sweep(NOW + 10);
        Map<String, QueueUsage> usage = storage.queueUsage(List.of("bob", "carol", "dave"), NOW + 10);
        assertEquals(new QueueUsage(1, 7), usage.get("bob"), "old has expired and is swept");
        assertEquals(new QueueUsage(1, 70_000), usage.get("carol"), "a body kept out of the row counts the same");
        assertEquals(QueueUsage.EMPTY, usage.getOrDefault("dave", QueueUsage.EMPTY));
        storage.enqueue(List.of(new QueuedEnvelope("bob", "old", "{\"p\":4444}", NOW + DAY)), NOW + 10);
        assertEquals(new QueueUsage(2, 17), storage.queueUsage(List.of("bob"), NOW + 10).get("bob"),
                "an id stored again after it expired");
        List<String> many = IntStream.range(0, 250).mapToObj(i -> "peer-" + i)
                .collect(Collectors.toCollection(ArrayList::new));
        many.add("carol");
        assertEquals(new QueueUsage(1, 70_000), storage.queueUsage(many, NOW).get("carol"),
                "more recipients than one statement asks about");
    }

    @Test
    void uploadUsageCountsASendersUnexpiredSessionsAndTheirBytes() {
        UploadKey first = new UploadKey("u1", "mallory", "g");
        UploadKey second = new UploadKey("u2", "mallory", "h");
        storage.putChunk(first, FILE, 0, 4, bytes("AAAA"), NOW, NOW + DAY);
        storage.putChunk(first, FILE, 0, 4, bytes("AA"), NOW, NOW + DAY);
        storage.putChunk(first, FILE, 1, 4, bytes("BBB"), NOW, NOW + DAY);
        storage.putChunk(second, FILE, 0, 2, bytes("C"), NOW, NOW + 10);
        storage.putChunk(new UploadKey("u1", "alice", "g"), FILE, 0, 2, bytes("DDDDDD"), NOW, NOW + DAY);

        assertEquals(new UploadUsage(2, 6), storage.uploadUsage("mallory", NOW), "a replaced chunk counts once");
        assertEquals(new UploadUsage(1, 5), storage.uploadUsage("mallory", NOW + 10), "the second has expired");
        assertEquals(new UploadUsage(1, 6), storage.uploadUsage("alice", NOW));
        assertEquals(UploadUsage.NONE, storage.uploadUsage("nobody", NOW));
    }

    /** Finding 5 of issue 13: a fetch page had no size bound (500 envelopes of up to 20 MiB, all read at once). */
    @Test
    void aFetchPageStopsBeforeTheEnvelopeThatWouldGoOverTheSizeButHoldsTheFirstOne() {
        String big = "x".repeat(1000);
        storage.enqueue(List.of(new QueuedEnvelope("bob", "m1", "{\"p\":\"" + big + "\"}", NOW + DAY),
                new QueuedEnvelope("bob", "m2", "{\"p\":\"" + big + "\"}", NOW + DAY),
                new QueuedEnvelope("bob", "m3", "{\"p\":\"" + big + "\"}", NOW + DAY)), NOW);
        int one = 1000 + 8;
        assertEquals(ids("m1", "m2"), ids(storage.fetch("bob", null, 50, 2L * one, NOW)), "exactly two fit");
        assertEquals(ids("m1", "m2"), ids(storage.fetch("bob", null, 50, 3L * one - 1, NOW)), "not a third");
        assertEquals(ids("m1"), ids(storage.fetch("bob", null, 50, 1, NOW)), "the first one always comes");
        assertEquals(ids("m3"), ids(storage.fetch("bob", "m2", 50, 1, NOW)), "and so the cursor goes on");
        assertEquals(ids("m1", "m2", "m3"), ids(storage.fetch("bob", null, 50, Long.MAX_VALUE, NOW)));
        assertThrows(IllegalArgumentException.class, () -> storage.fetch("bob", null, 50, 0, NOW));
    }

    @Test
    void fetchReturnsEachRecipientsEnvelopesInTheOrderFirstStored() {
        assertEquals(List.of(true, true, true),
                storage.enqueue(List.of(envelope("bob", "b-2"), envelope("carol", "c-1"), envelope("bob", "b-1")), NOW));
        assertEquals(List.of(true), storage.enqueue(List.of(envelope("bob", "b-0")), NOW));

        assertEquals(List.of(new FetchedEnvelope("b-2", json("bob", "b-2")), new FetchedEnvelope("b-1", json("bob", "b-1")),
                new FetchedEnvelope("b-0", json("bob", "b-0"))), storage.fetch("bob", null, 50, NOW));
        assertEquals(ids("c-1"), ids(storage.fetch("carol", null, 50, NOW)));
        assertEquals(List.of(), storage.fetch("dave", null, 50, NOW));
    }

    @Test
    void aQueuedEnvelopeIsADuplicateAndKeepsItsFirstText() {
        storage.enqueue(List.of(new QueuedEnvelope("bob", "m1", "{\"v\":1}", NOW + DAY)), NOW);
        assertEquals(List.of(false), storage.enqueue(List.of(new QueuedEnvelope("bob", "m1", "{\"v\":2}", NOW + DAY)), NOW));
        assertEquals(List.of(new FetchedEnvelope("m1", "{\"v\":1}")), storage.fetch("bob", null, 50, NOW));
        assertEquals(List.of(true), storage.enqueue(List.of(new QueuedEnvelope("carol", "m1", "{}", NOW + DAY)), NOW),
                "the same id for another recipient is another envelope");
    }

    @Test
    void theSameEnvelopeTwiceInOneCallIsStoredOnce() {
        List<Boolean> stored = storage.enqueue(List.of(new QueuedEnvelope("bob", "m1", "{\"first\":true}", NOW + DAY),
                new QueuedEnvelope("bob", "m1", "{\"first\":false}", NOW + DAY), envelope("bob", "m2")), NOW);
        assertEquals(List.of(true, false, true), stored);
        assertEquals(List.of(new FetchedEnvelope("m1", "{\"first\":true}"), new FetchedEnvelope("m2", json("bob", "m2"))),
                storage.fetch("bob", null, 50, NOW));
    }

    @Test
    void ackRemovesTheEnvelopeAndItsTombstoneMakesAReStoreADuplicateUntilItExpires() {
        storage.enqueue(List.of(envelope("bob", "m1"), envelope("bob", "m2")), NOW);
        storage.ack("bob", "m1", NOW + 1000);
        assertEquals(ids("m2"), ids(storage.fetch("bob", null, 50, NOW)));

        assertEquals(List.of(false), storage.enqueue(List.of(envelope("bob", "m1")), NOW + 999));
        assertEquals(List.of(true), storage.enqueue(List.of(envelope("bob", "m1")), NOW + 1000),
                "a tombstone expiring at now is gone");
        assertEquals(ids("m2", "m1"), ids(storage.fetch("bob", null, 50, NOW + 1000)));
    }

    @Test
    void ackOfAnEnvelopeNeverQueuedStillLeavesATombstoneAndAckingAgainMovesItsExpiry() {
        storage.ack("bob", "early", NOW + 10);
        assertEquals(List.of(false), storage.enqueue(List.of(envelope("bob", "early")), NOW));
        storage.ack("bob", "early", NOW + 20);
        assertEquals(List.of(false), storage.enqueue(List.of(envelope("bob", "early")), NOW + 15));
        assertEquals(List.of(true), storage.enqueue(List.of(envelope("bob", "early")), NOW + 20));
    }

    @Test
    void expiredEnvelopesAreAbsentAndTheirIdCanBeStoredAgain() {
        storage.enqueue(List.of(new QueuedEnvelope("bob", "old", "{\"n\":1}", NOW + 10), envelope("bob", "other")), NOW);
        assertEquals(ids("old", "other"), ids(storage.fetch("bob", null, 50, NOW + 9)));
        assertEquals(ids("other"), ids(storage.fetch("bob", null, 50, NOW + 10)));

        assertEquals(List.of(true), storage.enqueue(List.of(new QueuedEnvelope("bob", "old", "{\"n\":2}", NOW + DAY)), NOW + 10));
        assertEquals(List.of(new FetchedEnvelope("other", json("bob", "other")), new FetchedEnvelope("old", "{\"n\":2}")),
                storage.fetch("bob", null, 50, NOW + 10), "stored again means stored last");
    }

    @Test
    void aCursorPagesThroughTheQueueAndAnUnknownCursorStartsOver() {
        List<QueuedEnvelope> envelopes = IntStream.range(0, 10).mapToObj(i -> envelope("bob", "e" + i)).toList();
        storage.enqueue(envelopes, NOW);
        storage.enqueue(List.of(envelope("carol", "c0")), NOW);

        assertEquals(ids("e0", "e1", "e2", "e3"), ids(storage.fetch("bob", null, 4, NOW)));
        assertEquals(ids("e4", "e5", "e6", "e7"), ids(storage.fetch("bob", "e3", 4, NOW)));
        assertEquals(ids("e8", "e9"), ids(storage.fetch("bob", "e7", 4, NOW)));
        assertEquals(List.of(), storage.fetch("bob", "e9", 4, NOW));

        List<String> fromTheStart = ids("e0", "e1");
        assertEquals(fromTheStart, ids(storage.fetch("bob", "never-stored", 2, NOW)));
        assertEquals(fromTheStart, ids(storage.fetch("bob", "c0", 2, NOW)), "another recipient's envelope");
        storage.ack("bob", "e5", NOW + DAY);
        assertEquals(fromTheStart, ids(storage.fetch("bob", "e5", 2, NOW)), "an acked envelope");
        storage.enqueue(List.of(new QueuedEnvelope("bob", "short", "{}", NOW + 5)), NOW);
        assertEquals(fromTheStart, ids(storage.fetch("bob", "short", 2, NOW + 5)), "an expired envelope");
        assertEquals(List.of(), storage.fetch("bob", "short", 2, NOW + 4), "still queued: it is the last one");
    }

    @Test
    void fetchNeedsAPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> storage.fetch("bob", null, 0, NOW));
    }

    // --- groups ---

    @Test
    void aProvisionalGroupIsCreatedOnceAndReadBackSorted() {
        assertTrue(storage.group("g1").isEmpty());
        GroupRecord created = storage.createGroupIfAbsent(new GroupRecord("g1", "alice", List.of("carol", "alice", "bob"), true));
        assertEquals(new GroupRecord("g1", "alice", List.of("alice", "bob", "carol"), true), created);

        GroupRecord again = storage.createGroupIfAbsent(new GroupRecord("g1", "mallory", List.of("mallory"), true));
        assertEquals(created, again, "the existing group wins");
        assertEquals(created, storage.group("g1").orElseThrow());
        assertTrue(storage.group("g1").orElseThrow().hasMember("bob"));
    }

    @Test
    void replaceMembersCreatesReplacesAndRefusesAnotherOwner() {
        assertEquals(MembershipChange.REPLACED, storage.replaceMembers("g1", "alice", List.of("bob", "alice", "bob")));
        assertEquals(new GroupRecord("g1", "alice", List.of("alice", "bob"), false), storage.group("g1").orElseThrow());

        assertEquals(MembershipChange.REPLACED, storage.replaceMembers("g1", "alice", List.of("alice", "dave")));
        assertEquals(List.of("alice", "dave"), storage.group("g1").orElseThrow().members());

        assertEquals(MembershipChange.OWNER_MISMATCH, storage.replaceMembers("g1", "mallory", List.of("mallory")));
        assertEquals(new GroupRecord("g1", "alice", List.of("alice", "dave"), false), storage.group("g1").orElseThrow());
    }

    @Test
    void aProvisionalGroupCanBeTakenOverByAnotherOwner() {
        storage.createGroupIfAbsent(new GroupRecord("g1", "alice", List.of("alice", "bob"), true));
        assertEquals(MembershipChange.REPLACED, storage.replaceMembers("g1", "bob", List.of("bob", "carol")));
        assertEquals(new GroupRecord("g1", "bob", List.of("bob", "carol"), false), storage.group("g1").orElseThrow());
        assertEquals("bob", storage.createGroupIfAbsent(new GroupRecord("g1", "zed", List.of("zed"), true)).ownerPeerId());
    }

    // --- whole blobs ---

    @Test
    void aBlobIsStoredOnceAndReadBack() throws IOException {
        byte[] bytes = "encrypted picture".getBytes(UTF_8);
        BlobMetadata metadata = metadata("blob-1", NOW + DAY);
        assertEquals(BlobWrite.CREATED, storage.putBlob(metadata, bytes, NOW));
        assertEquals(new StoredBlob(metadata, bytes.length), storage.blob("blob-1", NOW).orElseThrow());
        assertArrayEquals(bytes, readAll(storage.openBlob("blob-1").orElseThrow()));

        assertEquals(BlobWrite.DUPLICATE, storage.putBlob(metadata("blob-1", NOW + 2 * DAY), new byte[] {1}, NOW));
        assertEquals(new StoredBlob(metadata, bytes.length), storage.blob("blob-1", NOW).orElseThrow());
        assertArrayEquals(bytes, readAll(storage.openBlob("blob-1").orElseThrow()));

        assertTrue(storage.blob("unknown", NOW).isEmpty());
        assertTrue(storage.openBlob("unknown").isEmpty());
    }

    @Test
    void anExpiredBlobIsAbsentAndItsIdCanBeStoredAgain() throws IOException {
        storage.putBlob(metadata("blob-1", NOW + 10), new byte[] {1, 2, 3}, NOW);
        assertTrue(storage.blob("blob-1", NOW + 9).isPresent());
        assertTrue(storage.blob("blob-1", NOW + 10).isEmpty());

        BlobMetadata renewed = metadata("blob-1", NOW + DAY);
        assertEquals(BlobWrite.CREATED, storage.putBlob(renewed, new byte[] {9}, NOW + 10));
        assertEquals(new StoredBlob(renewed, 1), storage.blob("blob-1", NOW + 10).orElseThrow());
        assertArrayEquals(new byte[] {9}, readAll(storage.openBlob("blob-1").orElseThrow()));
    }

    @Test
    void anEmptyBlobHasNoBytes() throws IOException {
        assertEquals(BlobWrite.CREATED, storage.putBlob(metadata("empty", NOW + DAY), new byte[0], NOW));
        assertEquals(0, storage.blob("empty", NOW).orElseThrow().sizeBytes());
        assertArrayEquals(new byte[0], readAll(storage.openBlob("empty").orElseThrow()));
    }

    // --- chunked uploads ---

    @Test
    void chunksAreCountedReplacedAndReadInIndexOrder() throws IOException {
        UploadKey key = new UploadKey("up-1", "alice", "g1");
        assertEquals(new ChunkWrite(true, 3, 1), storage.putChunk(key, FILE, 2, 3, bytes("C"), NOW, NOW + DAY));
        assertEquals(new ChunkWrite(true, 3, 2), storage.putChunk(key, FILE, 0, 3, bytes("AA"), NOW, NOW + DAY));
        UploadSession beforeReplace = storage.upload(key, NOW).orElseThrow();
        assertEquals(new UploadSession(key, 3, 2, 3, beforeReplace.revision(), FILE), beforeReplace);

        assertEquals(new ChunkWrite(true, 3, 2), storage.putChunk(key, FILE, 0, 3, bytes("aaaa"), NOW, NOW + DAY));
        UploadSession afterReplace = storage.upload(key, NOW).orElseThrow();
        assertEquals(2, afterReplace.received());
        assertEquals(5, afterReplace.sizeBytes());
        assertNotEquals(beforeReplace.revision(), afterReplace.revision());

        assertEquals(new ChunkWrite(false, 3, 2), storage.putChunk(key, FILE, 1, 4, bytes("no"), NOW, NOW + DAY));
        assertEquals(afterReplace, storage.upload(key, NOW).orElseThrow(), "a refused chunk changes nothing");

        assertEquals(new ChunkWrite(true, 3, 3), storage.putChunk(key, FILE, 1, 3, bytes("BBB"), NOW, NOW + DAY));
        UploadSession complete = storage.upload(key, NOW).orElseThrow();
        assertEquals(8, complete.sizeBytes());
        try (InputStream in = storage.openUpload(complete)) {
            assertEquals("aaaaBBBC", new String(in.readAllBytes(), UTF_8));
        }
        assertTrue(storage.upload(new UploadKey("up-1", "bob", "g1"), NOW).isEmpty(), "the key includes the uploader");
    }

    @Test
    void anExpiredSessionIsAbsentAndTheNextChunkStartsAFreshOne() {
        UploadKey key = new UploadKey("up-1", "alice", "g1");
        storage.putChunk(key, FILE, 0, 3, bytes("old"), NOW, NOW + 100);
        assertTrue(storage.upload(key, NOW + 99).isPresent());
        assertTrue(storage.upload(key, NOW + 100).isEmpty());

        assertEquals(new ChunkWrite(true, 5, 1), storage.putChunk(key, FILE, 4, 5, bytes("new"), NOW + 100, NOW + DAY));
        UploadSession fresh = storage.upload(key, NOW + 100).orElseThrow();
        assertEquals(5, fresh.totalChunks());
        assertEquals(3, fresh.sizeBytes());
    }

    @Test
    void completingASessionTurnsItIntoTheBlob() throws IOException {
        UploadKey key = new UploadKey("blob-2", "alice", "g1");
        storage.putChunk(key, FILE, 1, 2, bytes("world"), NOW, NOW + DAY);
        storage.putChunk(key, FILE, 0, 2, bytes("hello "), NOW, NOW + DAY);
        UploadSession session = storage.upload(key, NOW).orElseThrow();
        BlobMetadata metadata = metadata("blob-2", NOW + DAY);

        assertEquals(BlobWrite.CREATED, storage.completeUpload(session, metadata, NOW));
        assertEquals(new StoredBlob(metadata, 11), storage.blob("blob-2", NOW).orElseThrow());
        assertEquals("hello world", new String(readAll(storage.openBlob("blob-2").orElseThrow()), UTF_8));
        assertTrue(storage.upload(key, NOW).isEmpty(), "the session is gone");
        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(session, metadata, NOW), "completing twice");
    }

    @Test
    void completingOntoAnExistingBlobKeepsItAndDropsTheSession() throws IOException {
        storage.putBlob(metadata("blob-3", NOW + DAY), bytes("original"), NOW);
        UploadKey key = new UploadKey("blob-3", "alice", "g1");
        storage.putChunk(key, FILE, 0, 1, bytes("impostor"), NOW, NOW + DAY);

        assertEquals(BlobWrite.DUPLICATE, storage.completeUpload(storage.upload(key, NOW).orElseThrow(),
                metadata("blob-3", NOW + 2 * DAY), NOW));
        assertTrue(storage.upload(key, NOW).isEmpty());
        assertEquals("original", new String(readAll(storage.openBlob("blob-3").orElseThrow()), UTF_8));
        assertEquals(NOW + DAY, storage.blob("blob-3", NOW).orElseThrow().metadata().expiresAtMs());
    }

    @Test
    void aChunkWrittenAfterTheSessionWasReadStopsItsCompletion() throws IOException {
        UploadKey key = new UploadKey("blob-4", "alice", "g1");
        storage.putChunk(key, FILE, 0, 1, bytes("verified"), NOW, NOW + DAY);
        UploadSession verified = storage.upload(key, NOW).orElseThrow();
        storage.putChunk(key, FILE, 0, 1, bytes("swapped!"), NOW, NOW + DAY);

        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(verified, metadata("blob-4", NOW + DAY), NOW));
        assertTrue(storage.blob("blob-4", NOW).isEmpty());
        assertTrue(storage.upload(key, NOW).isPresent(), "nothing changed");
        // Streaming a stale session reads what is there now; its completion is refused all the same.
        assertEquals("swapped!", new String(readAll(storage.openUpload(verified)), UTF_8));
        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(verified, metadata("blob-4", NOW + DAY), NOW));

        UploadSession current = storage.upload(key, NOW).orElseThrow();
        assertEquals(BlobWrite.CREATED, storage.completeUpload(current, metadata("blob-4", NOW + DAY), NOW));
        assertEquals("swapped!", new String(readAll(storage.openBlob("blob-4").orElseThrow()), UTF_8));
        try (InputStream gone = storage.openUpload(current)) {
            IOException failure = assertThrows(IOException.class, gone::read);
            assertTrue(failure.getMessage().endsWith(" is gone"), failure.getMessage());
        }
    }

    @Test
    void aSessionStartedAgainUnderItsKeyNeverRepeatsARevision() {
        UploadKey key = new UploadKey("blob-6", "alice", "g1");
        storage.putChunk(key, FILE, 0, 1, bytes("first"), NOW, NOW + 100);
        UploadSession first = storage.upload(key, NOW).orElseThrow();
        storage.putChunk(key, FILE, 0, 1, bytes("second"), NOW + 100, NOW + 200);
        UploadSession second = storage.upload(key, NOW + 100).orElseThrow();
        assertEquals(1, storage.sweep(NOW + 200).uploadSessions());
        storage.putChunk(key, FILE, 0, 1, bytes("third"), NOW + 200, NOW + DAY);
        UploadSession third = storage.upload(key, NOW + 200).orElseThrow();

        assertEquals(3, LongStream.of(first.revision(), second.revision(), third.revision()).distinct().count(),
                "after expiry and after a sweep alike");
        BlobMetadata blob = metadata("blob-6", NOW + DAY);
        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(first, blob, NOW + 200));
        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(second, blob, NOW + 200));
        assertTrue(storage.blob("blob-6", NOW + 200).isEmpty());
    }

    @Test
    void completingOntoAnExpiredBlobReplacesIt() throws IOException {
        storage.putBlob(metadata("blob-7", NOW + 10), bytes("stale"), NOW);
        UploadKey key = new UploadKey("blob-7", "alice", "g1");
        storage.putChunk(key, FILE, 0, 1, bytes("fresh"), NOW + 10, NOW + DAY);

        BlobMetadata renewed = metadata("blob-7", NOW + DAY);
        assertEquals(BlobWrite.CREATED, storage.completeUpload(storage.upload(key, NOW + 10).orElseThrow(), renewed,
                NOW + 10));
        assertEquals(new StoredBlob(renewed, 5), storage.blob("blob-7", NOW + 10).orElseThrow());
        assertEquals("fresh", new String(readAll(storage.openBlob("blob-7").orElseThrow()), UTF_8));
    }

    @Test
    void anExpiredSessionCannotBeCompleted() {
        UploadKey key = new UploadKey("blob-5", "alice", "g1");
        storage.putChunk(key, FILE, 0, 1, bytes("late"), NOW, NOW + 100);
        UploadSession session = storage.upload(key, NOW).orElseThrow();
        assertEquals(BlobWrite.SESSION_CHANGED, storage.completeUpload(session, metadata("blob-5", NOW + DAY), NOW + 100));
        assertTrue(storage.blob("blob-5", NOW + 100).isEmpty());
    }

    @Test
    protected void theFirstChunkFixesTheFileAndAMissingMimeTypeStaysNull() throws IOException {
        UploadKey key = new UploadKey("described", "alice", "g1");
        storage.putChunk(key, new UploadFile("first.bin", null), 1, 2, bytes("B"), NOW, NOW + DAY);
        storage.putChunk(key, new UploadFile("second.bin", "text/plain"), 0, 2, bytes("A"), NOW, NOW + DAY);
        UploadSession session = storage.upload(key, NOW).orElseThrow();
        assertEquals(new UploadFile("first.bin", null), session.file());

        BlobMetadata noMime = new BlobMetadata("described", "g1", "first.bin", null, "alice", NOW + DAY);
        assertEquals(BlobWrite.CREATED, storage.completeUpload(session, noMime, NOW));
        assertEquals(new StoredBlob(noMime, 2), storage.blob("described", NOW).orElseThrow());
    }

    @Test
    void aFortyEightMebibyteUploadStreamsBackChunkByChunk() throws Exception {
        int chunks = 48;
        int chunkSize = 1 << 20;
        UploadKey key = new UploadKey("big", "alice", "g1");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        Random random = new Random(48);
        byte[] chunk = new byte[chunkSize];
        for (int i = 0; i < chunks; i++) {
            random.nextBytes(chunk);
            written.update(chunk);
            storage.putChunk(key, FILE, i, chunks, chunk, NOW, NOW + DAY);
        }
        UploadSession session = storage.upload(key, NOW).orElseThrow();
        assertEquals((long) chunks * chunkSize, session.sizeBytes());
        byte[] expected = written.digest();
        assertArrayEquals(expected, sha256(storage.openUpload(session)));

        assertEquals(BlobWrite.CREATED, storage.completeUpload(session, metadata("big", NOW + DAY), NOW));
        assertEquals((long) chunks * chunkSize, storage.blob("big", NOW).orElseThrow().sizeBytes());
        assertArrayEquals(expected, sha256(storage.openBlob("big").orElseThrow()));
    }

    @Test
    void aDownloadUnderWaySurvivesItsBlobBeingSwept() throws IOException {
        UploadKey key = new UploadKey("leaving", "alice", "g1");
        for (int i = 0; i < 4; i++) {
            storage.putChunk(key, FILE, i, 4, filled(64 * 1024, i), NOW, NOW + DAY);
        }
        storage.completeUpload(storage.upload(key, NOW).orElseThrow(), metadata("leaving", NOW + 10), NOW);
        try (InputStream in = storage.openBlob("leaving").orElseThrow()) {
            byte[] first = in.readNBytes(100 * 1024);
            assertEquals(1, storage.sweep(NOW + 10).blobs());
            assertTrue(storage.openBlob("leaving").isEmpty());
            byte[] rest = in.readAllBytes();
            assertEquals(4 * 64 * 1024, first.length + rest.length);
            assertEquals(3, rest[rest.length - 1]);
        }
    }

    // --- sweep ---

    @Test
    protected void sweepDeletesWhatHasExpiredInBatchesAndCountsIt() throws Exception {
        List<QueuedEnvelope> expiring = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            expiring.add(new QueuedEnvelope("bob", "x" + i, "{}", NOW + 10));
        }
        storage.enqueue(expiring, NOW);
        storage.enqueue(List.of(envelope("bob", "live")), NOW);
        storage.ack("bob", "t1", NOW + 10);
        storage.ack("bob", "t2", NOW + 5);
        storage.ack("bob", "t3", NOW + DAY);
        storage.putBlob(metadata("old-blob", NOW + 10), bytes("old"), NOW);
        storage.putBlob(metadata("live-blob", NOW + DAY), bytes("live"), NOW);
        storage.putChunk(new UploadKey("u1", "alice", "g1"), FILE, 0, 2, bytes("u1"), NOW, NOW + 10);
        storage.putChunk(new UploadKey("u2", "alice", "g1"), FILE, 0, 2, bytes("u2"), NOW, NOW + DAY);

        assertEquals(new SweepResult(0, 0, 0, 0), storage.sweep(NOW + 4));
        assertEquals(new SweepResult(1203, 2, 1, 1), storage.sweep(NOW + 10));
        assertEquals(new SweepResult(0, 0, 0, 0), storage.sweep(NOW + 10));

        assertEquals(ids("live"), ids(storage.fetch("bob", null, 50, NOW + 10)));
        assertEquals(List.of(false), storage.enqueue(List.of(envelope("bob", "t3")), NOW + 10));
        assertTrue(storage.blob("live-blob", NOW + 10).isPresent());
        assertTrue(storage.upload(new UploadKey("u2", "alice", "g1"), NOW + 10).isPresent());
    }

    // --- concurrency and closing ---

    @Test
    protected void concurrentEnqueuesOfTheSameEnvelopesStoreEachExactlyOnce() throws Exception {
        int threads = CONCURRENT_CALLERS;
        int perThread = ENVELOPES_OFFERED;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<String, Boolean>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    start.await();
                    Map<String, Boolean> outcome = new HashMap<>();
                    for (int i = 0; i < perThread; i++) {
                        // Every thread offers the same 200 envelopes, each in its own order.
                        int j = (i * 7 + thread * 31) % perThread;
                        QueuedEnvelope envelope = envelope("peer-" + j % 10, "m" + j);
                        outcome.put(envelope.to() + "/" + envelope.id(), storage.enqueue(List.of(envelope), NOW).get(0));
                    }
                    return outcome;
                }));
            }
            start.countDown();
            Map<String, Integer> storedCount = new HashMap<>();
            for (Future<Map<String, Boolean>> result : results) {
                Map<String, Boolean> outcome = result.get(60, TimeUnit.SECONDS);
                assertEquals(perThread, outcome.size());
                outcome.forEach((key, stored) -> storedCount.merge(key, stored ? 1 : 0, Integer::sum));
            }
            assertEquals(perThread, storedCount.size());
            storedCount.forEach((key, count) -> assertEquals(1, count, key + " stored exactly once"));
        } finally {
            callers.shutdownNow();
        }
        assertTheConcurrentlyOfferedEnvelopesAreQueuedOnce();
    }

    /** What {@link #concurrentEnqueuesOfTheSameEnvelopesStoreEachExactlyOnce} leaves in the queues. */
    protected final void assertTheConcurrentlyOfferedEnvelopesAreQueuedOnce() {
        int perThread = ENVELOPES_OFFERED;
        int present = 0;
        for (int peer = 0; peer < 10; peer++) {
            List<FetchedEnvelope> queue = storage.fetch("peer-" + peer, null, 500, NOW);
            assertEquals(perThread / 10, queue.size());
            present += queue.size();
        }
        assertEquals(perThread, present);
    }

    @Test
    void aClosedStoreRefusesCalls() {
        storage.close();
        StorageException failure = assertThrows(StorageException.class, () -> storage.fetch("bob", null, 1, NOW));
        assertEquals("relay storage is closed", failure.getMessage());
    }

    // --- helpers ---

    protected static QueuedEnvelope envelope(String to, String id) {
        return new QueuedEnvelope(to, id, json(to, id), NOW + DAY);
    }

    protected static String json(String to, String id) {
        return "{\"id\":\"" + id + "\",\"to\":\"" + to + "\",\"ts\":1,\"ttl\":86400}";
    }

    protected static BlobMetadata metadata(String blobId, long expiresAtMs) {
        return new BlobMetadata(blobId, "g1", "photo.jpg", "image/jpeg", "alice", expiresAtMs);
    }

    protected static List<String> ids(String... ids) {
        return List.of(ids);
    }

    protected static List<String> ids(List<FetchedEnvelope> envelopes) {
        return envelopes.stream().map(FetchedEnvelope::id).toList();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    protected static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Digests through a small buffer: the stream is never held whole. */
    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
