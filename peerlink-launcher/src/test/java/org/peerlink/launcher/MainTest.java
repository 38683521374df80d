package org.peerlink.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@link Main#run} end to end: exit codes, stdout/stderr, real listeners.
 */
class MainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private PeerLinkServer started;

    @AfterEach
    void stop() {
        if (started != null) {
            started.close();
        }
    }

    /** The launcher with {@code args}, its admin listener on a free port (9400 may be taken here). */
    private Main.Outcome run(String... args) {
        String[] withAdmin = Arrays.copyOf(args, args.length + 2);
        withAdmin[args.length] = "--admin-port";
        withAdmin[args.length + 1] = "0";
        Main.Outcome outcome = Main.run(withAdmin, Map.of(), out, err);
        started = outcome.server().orElse(null);
        return outcome;
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> errLines() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void startsBothListenersAndPrintsActualPorts() throws Exception {
        Path dataDir = tmp.resolve("data/nested");
        Main.Outcome outcome = run("--relay-port", "0", "--signal-port=0", "--data-dir", dataDir.toString());

        assertTrue(outcome.server().isPresent(), errLines().toString());
        assertTrue(Files.isDirectory(dataDir), "data dir created");
        List<String> lines = out().lines().toList();
        assertEquals(3, lines.size(), out());

        Matcher relay = Pattern.compile("peerlink relay listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(lines.get(0));
        Matcher signal = Pattern.compile("peerlink signal listening on ws://127\\.0\\.0\\.1:(\\d+)").matcher(lines.get(1));
        assertTrue(relay.matches(), lines.get(0));
        assertTrue(signal.matches(), lines.get(1));
        int relayPort = Integer.parseInt(relay.group(1));
        int signalPort = Integer.parseInt(signal.group(1));
        assertTrue(relayPort > 0 && signalPort > 0 && relayPort != signalPort);
        assertEquals(relayPort, started.port(ServiceName.RELAY));
        assertEquals(signalPort, started.webServer().port(Launcher.SIGNAL_SOCKET));
        assertEquals("peerlink admin listening on http://127.0.0.1:" + started.adminPort(), lines.get(2));
        assertTrue(started.adminPort() > 0 && started.adminPort() != relayPort && started.adminPort() != signalPort);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> res = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relayPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertTrue(res.body().startsWith("{\"ok\":true,\"ts\":"), res.body());
        }
    }

    @Test
    void signalOnlyUsesTheDefaultSocket() {
        Main.Outcome outcome = run("--services", "signal", "--signal-port", "0", "--data-dir", tmp.toString());
        assertTrue(outcome.server().isPresent(), errLines().toString());
        assertEquals(List.of("peerlink signal listening on ws://127.0.0.1:" + started.webServer().port(),
                "peerlink admin listening on http://127.0.0.1:" + started.adminPort()), out().lines().toList());
    }

    @Test
    void relayOnly() {
        Main.Outcome outcome = run("--services", "relay", "--relay-port", "0", "--data-dir", tmp.toString());
        assertTrue(outcome.server().isPresent(), errLines().toString());
        assertEquals(List.of("peerlink relay listening on http://127.0.0.1:" + started.webServer().port(),
                "peerlink admin listening on http://127.0.0.1:" + started.adminPort()), out().lines().toList());
    }

    @Test
    void busyRelayPort() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();

            Main.Outcome outcome = run("--relay-port", String.valueOf(port), "--signal-port", "0",
                                       "--data-dir", tmp.toString());

            assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
            assertFalse(outcome.server().isPresent());
            assertEquals(List.of("peerlink: cannot listen on 127.0.0.1:" + port + " (address already in use)"),
                         errLines());
            assertEquals("", out());
        }
    }

    @Test
    void failedStartReleasesTheDataDirectory() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Main.Outcome failed = run("--relay-port", String.valueOf(busy.getLocalPort()), "--signal-port", "0",
                                      "--data-dir", tmp.toString());
            assertEquals(Main.EXIT_STARTUP_FAILED, failed.exitCode());
        }
        // the database opened before the listeners failed was closed again
        Main.Outcome outcome = run("--relay-port", "0", "--signal-port", "0", "--data-dir", tmp.toString());
        assertTrue(outcome.server().isPresent(), errLines().toString());
    }

    @Test
    void dataDirInUse() throws IOException {
        Main.Outcome first = run("--relay-port", "0", "--signal-port", "0", "--data-dir", tmp.toString());
        assertTrue(first.server().isPresent(), errLines().toString());

        Main.Outcome second = Main.run(new String[] {"--relay-port", "0", "--signal-port", "0",
                "--data-dir", tmp.toString()}, Map.of(), out, err);
        assertEquals(Main.EXIT_STARTUP_FAILED, second.exitCode());
        assertEquals(List.of("peerlink: data directory " + tmp.toRealPath()
                                     + " is in use by another PeerLink database in this process"),
                     errLines());
        // the first one is unharmed
        assertEquals(200, health(first.server().orElseThrow().port(ServiceName.RELAY)));
    }

    @Test
    void closeStopsTheListenersAndReleasesTheDatabase() throws Exception {
        Main.Outcome outcome = run("--services", "relay", "--relay-port", "0", "--data-dir", tmp.toString());
        PeerLinkServer server = outcome.server().orElseThrow();
        int port = server.port(ServiceName.RELAY);
        server.close();
        server.close(); // idempotent
        assertFalse(server.webServer().isRunning());
        assertThrows(IOException.class, () -> health(port));

        outcome = run("--services", "relay", "--relay-port", "0", "--data-dir", tmp.toString());
        assertEquals(200, health(outcome.server().orElseThrow().port(ServiceName.RELAY)));
    }

    private static int health(int port) throws IOException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                       .timeout(Duration.ofSeconds(5)).build(),
                               HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void idleSignalConnectionIsClosed() throws Exception {
        Main.Outcome outcome = run("--services", "signal", "--signal-port", "0", "--ws-idle-timeout", "1",
                                   "--data-dir", tmp.toString());
        int port = outcome.server().orElseThrow().port(ServiceName.SIGNAL);
        CompletableFuture<String> closed = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete("closed " + statusCode);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            closed.complete("dropped " + error);
                        }
                    })
                    .get(5, TimeUnit.SECONDS);
            // with the default of 600 s it would stay open for the whole test run
            assertTrue(closed.get(10, TimeUnit.SECONDS).startsWith("closed "));
            socket.abort();
        }
    }

    @Test
    void busySignalPort() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();

            Main.Outcome outcome = run("--relay-port", "0", "--signal-port", String.valueOf(port),
                                       "--data-dir", tmp.toString());

            assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
            assertEquals(List.of("peerlink: cannot listen on 127.0.0.1:" + port + " (address already in use)"),
                         errLines());
        }
    }

    @Test
    void dataDirIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Main.Outcome outcome = run("--relay-port", "0", "--signal-port", "0", "--data-dir", file.toString());
        assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
        assertEquals(List.of("peerlink: data directory " + file + " exists but is not a directory"), errLines());
    }

    @Test
    void dataDirCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path below = file.resolve("data");
        Main.Outcome outcome = run("--relay-port", "0", "--signal-port", "0", "--data-dir", below.toString());
        assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
        assertEquals(1, errLines().size(), errLines().toString());
        assertTrue(errLines().getFirst().startsWith("peerlink: data directory " + below + " cannot be created: "),
                   errLines().toString());
    }

    @Test
    void dataDirNotWritable() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "running as root: permissions are not enforced");
            Main.Outcome outcome = run("--relay-port", "0", "--signal-port", "0", "--data-dir", dir.toString());
            assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
            assertEquals(List.of("peerlink: data directory " + dir + " is not writable: permission denied"),
                         errLines());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void unknownHost() {
        Main.Outcome outcome = run("--host", "no-such-host.invalid", "--relay-port", "0", "--signal-port", "0",
                                   "--data-dir", tmp.toString());
        assertEquals(Main.EXIT_STARTUP_FAILED, outcome.exitCode());
        assertEquals(List.of("peerlink: cannot listen on no-such-host.invalid (unknown host)"), errLines());
    }

    @Test
    void help() {
        Main.Outcome outcome = run("--help");
        assertEquals(0, outcome.exitCode());
        assertFalse(outcome.server().isPresent());
        assertTrue(out().startsWith("Usage: java -jar peerlink-launcher.jar [options]"), out());
        assertTrue(out().contains("PEERLINK_RELAY_PORT"));
        assertEquals(List.of(), errLines());
    }

    @Test
    void unknownOption() {
        Main.Outcome outcome = run("--bogus");
        assertEquals(Main.EXIT_USAGE, outcome.exitCode());
        assertEquals(List.of("peerlink: unknown option --bogus", Usage.HINT), errLines());
        assertEquals("", out());
    }

    @Test
    void badPort() {
        Main.Outcome outcome = run("--relay-port", "65536");
        assertEquals(Main.EXIT_USAGE, outcome.exitCode());
        assertEquals(List.of("peerlink: invalid value '65536' for --relay-port (from command line): "
                                     + "expected a port number 0..65535", Usage.HINT),
                     errLines());
    }
}
