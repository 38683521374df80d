package org.peerlink.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code admin pins list|release} on the data directory of a stopped server, through {@link Main#run}. */
class AdminCommandsTest {

    private static final Ed25519.KeyPair KEYS = Ed25519.fromSeed(new byte[32]);

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        http.shutdownNow();
    }

    private int admin(String... args) {
        outBytes.reset();
        errBytes.reset();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return Main.run(all, Map.of(), out, err).exitCode();
    }

    private void registerAlice(PeerLinkServer server) throws Exception {
        WsTestClient alice = WsTestClient.connect(http, server.port(ServiceName.SIGNAL));
        alice.send(JsonWriter.stringify(new RegisterFrameSigner(KEYS).frame("r1", "alice", System.currentTimeMillis(),
                "nonce-admin-" + System.nanoTime(), null)));
        assertEquals("register_ack", alice.nextFrame().string("type").orElseThrow());
        alice.abort();
    }

    @Test
    void listAndReleaseThePinsOfAStoppedServer() throws Exception {
        try (PeerLinkServer server = Launcher.start(LauncherOptions.of(0, 0, dataDir), out)) {
            registerAlice(server);
            assertEquals(Main.EXIT_STARTUP_FAILED, admin("admin", "pins", "list"));
            assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("is in use"), errBytes.toString());
        }

        assertEquals(0, admin("admin", "pins", "list"));
        String line = outBytes.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("alice\t" + Base64.getEncoder().encodeToString(KEYS.publicKey()) + "\t"), line);
        assertEquals(4, line.split("\t").length, line);

        assertEquals(0, admin("admin", "pins", "release", "alice"));
        assertEquals("released the pin of alice; its next register pins it again",
                outBytes.toString(StandardCharsets.UTF_8).strip());
        assertEquals(AdminCommands.EXIT_NO_SUCH_PIN, admin("admin", "pins", "release", "alice"));
        assertEquals("peerlink: alice has no pin", errBytes.toString(StandardCharsets.UTF_8).strip());
        assertEquals(0, admin("admin", "pins", "list"));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongAdminCommandIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, admin("admin", "pins"));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("expected 'admin pins list'"), errBytes.toString());
        assertEquals(Main.EXIT_USAGE, admin("admin", "pins", "release", "--relay-port"));
    }

    @Test
    void aMissingDataDirectoryIsNamed() {
        dataDir = dataDir.resolve("nowhere");
        assertEquals(Main.EXIT_STARTUP_FAILED, admin("admin", "pins", "list"));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("peerlink: no data directory at "),
                errBytes.toString());
    }
}
