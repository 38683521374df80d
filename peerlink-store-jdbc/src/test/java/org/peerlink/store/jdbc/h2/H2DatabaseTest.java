package org.peerlink.store.jdbc.h2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2DatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondOpenOfAnOpenDirectoryFailsClearlyAndWorksOnceItIsClosed() {
        H2Database first = H2Database.open(dataDir);
        try {
            StorageException refused = assertThrows(StorageException.class, () -> H2Database.open(dataDir));
            assertTrue(refused.getMessage().startsWith("data directory " + first.directory() + " is in use by another PeerLink"),
                    refused.getMessage());
            // The failed attempt must not have released the first one's hold.
            assertThrows(StorageException.class, () -> H2Database.open(dataDir.resolve(".")));
        } finally {
            first.close();
        }
        H2Database.open(dataDir).close();
    }

    @Test
    void aCommittedWriteSurvivesTheProcessBeingKilledAndTheDirectoryIsLockedWhileItRuns() throws Exception {
        int envelopes = 25;
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DataDirectoryHolder.class.getName(),
                dataDir.toString(), Integer.toString(envelopes))
                .redirectErrorStream(true)
                .start();
        try {
            awaitLine(holder, DataDirectoryHolder.COMMITTED);

            StorageException refused = assertThrows(StorageException.class, () -> H2Database.open(dataDir));
            assertTrue(refused.getMessage().contains("is in use by another PeerLink process"), refused.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
            assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
        }

        try (H2Database database = H2Database.open(dataDir); H2RelayStorage storage = new H2RelayStorage(database)) {
            List<FetchedEnvelope> queue = storage.fetch("bob", null, 500, 0);
            assertEquals(envelopes, queue.size());
            assertEquals(new FetchedEnvelope("m" + (envelopes - 1), "{\"n\":" + (envelopes - 1) + "}"), queue.getLast());
        }
    }

    /** A request thread interrupted mid-read must not close the database file for everyone. */
    @Test
    void anInterruptedReaderDoesNotBreakTheDatabase() throws Exception {
        byte[] bytes = new byte[8 << 20];
        new Random(7).nextBytes(bytes);
        try (H2Database database = H2Database.open(dataDir); H2RelayStorage storage = new H2RelayStorage(database)) {
            storage.putBlob(new BlobMetadata("b", "g", "f", "", "alice", Long.MAX_VALUE), bytes, 0);
        }
        // Reopened, so that reading the blob has to go to the file rather than to H2's cache.
        try (H2Database database = H2Database.open(dataDir); H2RelayStorage storage = new H2RelayStorage(database)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                Thread.currentThread().interrupt();
                try (InputStream in = storage.openBlob("b").orElseThrow()) {
                    outcome.set(in.readAllBytes());
                } catch (IOException | RuntimeException e) {
                    outcome.set(e);
                }
            });
            reader.start();
            reader.join(20_000);

            assertEquals(List.of(true), storage.enqueue(List.of(new QueuedEnvelope("bob", "after", "{}", Long.MAX_VALUE)), 0));
            assertEquals(1, storage.fetch("bob", null, 10, 0).size());
            try (InputStream in = storage.openBlob("b").orElseThrow()) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
            if (outcome.get() instanceof byte[] read) {
                assertArrayEquals(bytes, read);
            }
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsReportedAsSuch() throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");
        StorageException failure = assertThrows(StorageException.class, () -> H2Database.open(file));
        assertTrue(failure.getMessage().startsWith("cannot create data directory " + file), failure.getMessage());
    }

    private static void awaitLine(Process process, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(30_000);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                // the line arrived in time
            }
        });
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(expected)) {
                    return;
                }
                seen.add(line);
            }
            throw new AssertionError("the holder process ended without '" + expected + "': " + String.join("\n", seen));
        } finally {
            watchdog.interrupt();
        }
    }
}
