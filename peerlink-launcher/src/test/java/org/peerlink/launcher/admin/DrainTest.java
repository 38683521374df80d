package org.peerlink.launcher.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.Main;
import org.peerlink.launcher.durability.ChildLauncher;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM drains the launcher: readiness answers 503 at once while both listeners keep serving; after the drain
 * delay every signal socket is closed with 1012 "service restart", spread over the drain window; then the process
 * exits, and every write it acknowledged is there after a restart.
 */
class DrainTest {

    private static final int SOCKETS = 4;
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration WINDOW = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;
    @TempDir
    Path logDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RelaySigner alice = new RelaySigner(1);
    private final List<WsTestClient> sockets = new ArrayList<>();
    /** When SIGTERM was sent. */
    private long sigtermNanos;

    @AfterEach
    void close() {
        sockets.forEach(WsTestClient::abort);
        http.shutdownNow();
    }

    @Test
    void sigtermGoesUnreadyThenClosesEverySocketWith1012ThenExitsLosingNothing() throws Exception {
        List<String> options = new ArrayList<>(ChildLauncher.BOTH_SERVICES);
        options.addAll(List.of("--drain-delay", Long.toString(DELAY.toSeconds()),
                               "--drain-window", Long.toString(WINDOW.toSeconds())));
        List<String> acknowledged = new ArrayList<>();
        try (ChildLauncher child = ChildLauncher.listening(dataDir, logDir.resolve("first.log"), List.of(), options)) {
            int admin = child.adminPort();
            RegisterFrameSigner key = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
            for (int i = 0; i < SOCKETS; i++) {
                WsTestClient socket = WsTestClient.connect(http, child.signalPort());
                sockets.add(socket);
                socket.send(JsonWriter.stringify(key.frame("r" + i, "peer-" + i, System.currentTimeMillis(),
                        "drain-nonce-" + i, null)));
                assertEquals("register_ack", socket.nextFrame().string("type").orElseThrow());
            }
            try (RelayHttp relay = new RelayHttp(child.port())) {
                for (int i = 0; i < 20; i++) {
                    store(relay, "before-" + i, acknowledged);
                }
                assertEquals(200, ready(admin));

                sigtermNanos = System.nanoTime();
                child.sigterm();
                while (ready(admin) != 503) {
                    assertTrue(System.nanoTime() - sigtermNanos < TimeUnit.SECONDS.toNanos(1),
                               "readiness still up a second after SIGTERM");
                    Thread.sleep(20);
                }
                assertTrue(sockets.stream().noneMatch(s -> s.closed.isDone()), "503 comes before any close");
                // Still serving during the delay: HAProxy may send requests until its check notices.
                store(relay, "during-drain", acknowledged);
                assertEquals(200, relay.get("/health").status());
                HttpResponse<String> health = admin(admin, "/observe/health/ready");
                assertTrue(health.body().contains("\"drain\"") && health.body().contains("DOWN"), health.body());
            }

            List<Long> closedAt = new ArrayList<>();
            List<CompletableFuture<Long>> closes = sockets.stream()
                    .map(s -> s.closed.thenApply(reason -> {
                        assertEquals("1012 service restart", reason);
                        return System.nanoTime();
                    })).toList();
            for (CompletableFuture<Long> close : closes) {
                closedAt.add(close.get(DELAY.plus(WINDOW).toSeconds() + 10, TimeUnit.SECONDS) - sigtermNanos);
            }
            int exit = child.waitForExit();
            assertTrue(exit == 0 || exit == 143, "exit status " + exit);
            assertTrue(child.stdout().contains(Main.STOPPED), child.stdout().toString());
            long first = closedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = closedAt.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(first >= DELAY.toNanos() - TimeUnit.MILLISECONDS.toNanos(200),
                       "first close " + first / 1_000_000 + " ms after SIGTERM, the drain delay is " + DELAY);
            // 4 sockets over 2 s: one every 500 ms, the last 1.5 s after the first
            assertTrue(last - first >= TimeUnit.MILLISECONDS.toNanos(1000),
                       "closes spread over only " + (last - first) / 1_000_000 + " ms");
        }

        try (ChildLauncher again = ChildLauncher.listening(dataDir, logDir.resolve("second.log"), List.of());
             RelayHttp relay = new RelayHttp(again.port())) {
            List<String> kept = relay.fetchAll("bob", 50).stream().map(RelaySigner::json).toList();
            assertEquals(acknowledged, kept, "every acknowledged store survives the drain");
        }
    }

    private void store(RelayHttp relay, String id, List<String> acknowledged) throws Exception {
        String envelope = RelaySigner.json(alice.store(id, "alice", "bob", id.getBytes(StandardCharsets.UTF_8))
                .build());
        assertEquals(200, relay.post("/relay/store", envelope).status());
        acknowledged.add(envelope);
    }

    private int ready(int admin) throws Exception {
        return admin(admin, "/observe/health/ready").statusCode();
    }

    private HttpResponse<String> admin(int admin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
