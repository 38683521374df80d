package org.peerlink.launcher.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.Main;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code admin backup --to FILE} of a running server, {@code admin stats} of it, and {@code admin restore --from FILE}
 * into an empty data directory: the restored server has the envelopes, blobs, pins and nonces of the original.
 */
class BackupRestoreTest {

    @TempDir
    Path original;
    @TempDir
    Path restored;
    @TempDir
    Path backups;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RegisterFrameSigner key = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
    private final RelaySigner alice = new RelaySigner(1);
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        http.shutdownNow();
    }

    private PeerLinkServer start(Path dataDir) throws Exception {
        return Launcher.start(LauncherOptions.of(0, 0, dataDir),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private int admin(String... args) {
        outBytes.reset();
        errBytes.reset();
        return Main.run(args, Map.of(), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8)).exitCode();
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private String register(String nonce) {
        return JsonWriter.stringify(key.frame("r", "carol", System.currentTimeMillis(), nonce, null));
    }

    @Test
    void anOnlineBackupRestoresIntoAnEmptyDirectoryWithEverythingAcknowledged() throws Exception {
        Path zip = backups.resolve("peerlink.zip");
        List<String> envelopes = new ArrayList<>();
        byte[] blob = new byte[200_000];
        new Random(3).nextBytes(blob);
        String blobAnswer;
        String usedNonce = register("backup-nonce-1");
        try (PeerLinkServer server = start(original); RelayHttp relay = new RelayHttp(server.port(ServiceName.RELAY))) {
            WsTestClient socket = WsTestClient.connect(http, server.port(ServiceName.SIGNAL));
            socket.send(usedNonce);
            assertEquals("register_ack", socket.nextFrame().string("type").orElseThrow());
            for (int i = 0; i < 3; i++) {
                String envelope = RelaySigner.json(alice.store("m" + i, "alice", "bob",
                        ("hello " + i).getBytes(StandardCharsets.UTF_8)).build());
                assertEquals(200, relay.post("/relay/store", envelope).status());
                envelopes.add(envelope);
            }
            assertEquals(200, relay.post("/relay/blob/upload",
                    alice.blobUpload("clip", "alice", "family", "clip.bin", "application/octet-stream", blob))
                    .status());
            blobAnswer = relay.get("/relay/blob/clip").body();

            String adminPort = Integer.toString(server.adminPort());
            assertEquals(0, admin("admin", "backup", "--to", zip.toString(), "--admin-port", adminPort), err());
            assertTrue(out().startsWith("backup of the running server (http://127.0.0.1:" + adminPort
                    + "/admin/backup) written to " + zip), out());
            assertTrue(Files.size(zip) > blob.length, "the blob is in the copy");
            Thread.sleep(1100); // the stored totals are read at most once a second
            assertEquals(0, admin("admin", "stats", "--admin-port", adminPort), err());
            assertTrue(out().contains("\nonline peers      1 (1 signal connections)\n"), out());
            assertTrue(out().contains("\nqueued envelopes  3\n"), out());
            assertTrue(out().contains("\nidentity pins     1\n"), out());
            assertTrue(out().contains("\nregisters         1 "), out());
            socket.abort();
            // written after the backup: not in it
            assertEquals(200, relay.post("/relay/store", alice.store("late", "alice", "bob",
                    "late".getBytes(StandardCharsets.UTF_8)).build()).status());
        }

        assertEquals(1, admin("admin", "restore", "--from", zip.toString(), "--data-dir", original.toString()));
        assertTrue(err().contains("already holds a database"), err());
        assertEquals(0, admin("admin", "restore", "--from", zip.toString(), "--data-dir", restored.toString()),
                err());
        assertTrue(out().startsWith("restored " + zip + " into "), out());
        assertEquals(0, admin("admin", "pins", "list", "--data-dir", restored.toString()), err());
        assertTrue(out().startsWith("carol\t" + key.auth("carol", 0, "unused-nonce", null).string("signingPublicKey")
                .orElseThrow() + "\t"), out());

        try (PeerLinkServer server = start(restored); RelayHttp relay = new RelayHttp(server.port(ServiceName.RELAY))) {
            assertEquals(envelopes, relay.fetchAll("bob", 50).stream().map(RelaySigner::json).toList());
            assertEquals(blobAnswer, relay.get("/relay/blob/clip").body());
            WsTestClient replay = WsTestClient.connect(http, server.port(ServiceName.SIGNAL));
            replay.send(usedNonce);
            assertEquals("nonce already used", replay.nextError("r", "INVALID_REGISTER_AUTH"));
            replay.abort();
        }
    }

    @Test
    void aBackupOfAStoppedServerCopiesItsDataDirectoryAndAFileThatIsNoBackupIsRefused() throws Exception {
        try (PeerLinkServer server = start(original); RelayHttp relay = new RelayHttp(server.port(ServiceName.RELAY))) {
            assertEquals(200, relay.post("/relay/store", alice.store("m", "alice", "bob",
                    "x".getBytes(StandardCharsets.UTF_8)).build()).status());
        }
        Path zip = backups.resolve("offline.zip");
        // nothing listens on the admin port now: the data directory is copied directly
        assertEquals(0, admin("admin", "backup", "--to", zip.toString(), "--admin-port", "1",
                "--data-dir", original.toString()), err());
        assertTrue(out().startsWith("backup of the stopped server's "), out());
        assertEquals(0, admin("admin", "restore", "--from", zip.toString(), "--data-dir", restored.toString()),
                err());

        Path notABackup = backups.resolve("other.zip");
        Files.writeString(notABackup, "not a zip");
        Path empty = backups.resolve("empty");
        assertEquals(1, admin("admin", "restore", "--from", notABackup.toString(), "--data-dir", empty.toString()));
        assertTrue(err().contains("not a PeerLink backup"), err());
        assertTrue(!Files.exists(empty.resolve("peerlink.mv.db")), "nothing is left behind");
    }
}
