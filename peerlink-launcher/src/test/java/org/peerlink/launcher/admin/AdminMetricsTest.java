package org.peerlink.launcher.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.infra.Rendering;
import org.peerlink.launcher.durability.ChildLauncher;
import org.peerlink.testkit.MetricsScrape;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin listener's {@code /observe/metrics} after real traffic on a launcher in its own JVM (Helidon's meter
 * registry is one per process): every peerlink meter the operator is promised, with the value the traffic made.
 */
class AdminMetricsTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    @TempDir
    Path logDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WsTestClient> sockets = new ArrayList<>();

    @AfterEach
    void close() {
        sockets.forEach(WsTestClient::abort);
        http.shutdownNow();
    }

    private WsTestClient connect(int port) throws Exception {
        WsTestClient client = WsTestClient.connect(http, port);
        sockets.add(client);
        return client;
    }

    private static String register(RegisterFrameSigner signer, String frameId, String nonce) {
        return JsonWriter.stringify(signer.frame(frameId, "alice", System.currentTimeMillis(), nonce, null));
    }

    @Test
    void everyMeterCountsWhatTheTrafficDid() throws Exception {
        List<String> options = new ArrayList<>(ChildLauncher.BOTH_SERVICES);
        options.addAll(List.of("--rate-relay-read", "1/3"));
        try (ChildLauncher child = ChildLauncher.listening(dataDir, logDir.resolve("child.log"), List.of(), options)) {
            int admin = child.adminPort();
            assertTrue(child.stdout().contains("peerlink admin listening on http://127.0.0.1:" + admin),
                       child.stdout().toString());
            relayTraffic(child.port());
            signalTraffic(child.signalPort());

            MetricsScrape scrape = settled(admin, s -> s.value("peerlink_signal_connections") == 1
                    && s.value("peerlink_relay_queued_envelopes") == 2
                    && s.value("peerlink_relay_stored_bytes", "kind", "blobs") == 1000
                    // a commit can land between the two series of one scrape: wait for the writer to be idle
                    && s.value("peerlink_store_commit_seconds_count") == s.value("peerlink_store_batch_size_count"));
            assertRelay(scrape);
            assertSignal(scrape);
            assertStore(scrape);
            for (String system : List.of("memory_usedHeap_bytes", "thread_count", "jvm_uptime_seconds",
                                         "cpu_availableProcessors", "gc_total")) {
                assertTrue(scrape.has(system), "Helidon's system meter " + system + ":\n" + scrape);
            }
        }
    }

    private final RelaySigner alice = new RelaySigner(1);
    private final List<String> unacked = new ArrayList<>();

    private void relayTraffic(int port) throws Exception {
        try (RelayHttp relay = new RelayHttp(port)) {
            for (int i = 0; i < 3; i++) {
                String envelope = RelaySigner.json(alice.store("m" + i, "alice", "bob",
                        ("message " + i).getBytes(StandardCharsets.UTF_8)).build());
                assertEquals(200, relay.post("/relay/store", envelope).status());
                if (i > 0) {
                    unacked.add(envelope);
                }
            }
            assertEquals(400, relay.post("/relay/store", "{}").status());
            assertEquals(404, relay.get("/no/such/route").status());
            assertEquals(200, relay.get("/relay/fetch?to=bob&limit=50").status());
            assertEquals(200, relay.post("/relay/ack", alice.ack("m0", "bob", "bob")).status());
            assertEquals(200, relay.get("/relay/fetch?to=bob&limit=50").status());
            assertEquals(200, relay.get("/relay/fetch?to=bob&limit=50").status());
            assertEquals(429, relay.get("/relay/fetch?to=bob&limit=50").status(), "--rate-relay-read 1/3");
            byte[] blob = new byte[1000];
            assertEquals(200, relay.post("/relay/blob/upload",
                    alice.blobUpload("b1", "alice", "family", "a.bin", "application/octet-stream", blob)).status());
        }
    }

    private void signalTraffic(int port) throws Exception {
        RegisterFrameSigner key = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
        RegisterFrameSigner otherKey = new RegisterFrameSigner(Ed25519.fromSeed(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32}));
        WsTestClient first = connect(port);
        first.send(register(key, "r1", "metrics-nonce-1"));
        JsObject firstAck = first.nextFrame();
        assertEquals("register_ack", firstAck.string("type").orElseThrow(), firstAck.toString());
        first.send("{\"v\":\"1\",\"id\":\"p1\",\"type\":\"ping\",\"payload\":{}}");
        assertEquals("pong", first.nextFrame().string("type").orElseThrow());

        WsTestClient stranger = connect(port);
        stranger.send(register(otherKey, "r2", "metrics-nonce-2"));
        stranger.nextError("r2", "INVALID_REGISTER_AUTH");
        stranger.send("{\"v\":\"1\",\"id\":\"r3\",\"type\":\"register\",\"payload\":{}}");
        stranger.nextError("r3", "INVALID_REGISTER");
        stranger.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        WsTestClient second = connect(port);
        second.send(register(key, "r4", "metrics-nonce-4"));
        JsObject ack = second.nextFrame();
        assertEquals("register_ack", ack.string("type").orElseThrow(), ack.toString());
        first.nextError(null, "SESSION_REPLACED");
        assertEquals(4001, Integer.parseInt(first.closed.get(5, TimeUnit.SECONDS).split(" ")[0]));

        second.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        second.closed.get(5, TimeUnit.SECONDS);
        Thread.sleep(300); // offline for at least this long before the reconnect
        WsTestClient third = connect(port);
        third.send(register(key, "r5", "metrics-nonce-5"));
        assertEquals("register_ack", third.nextFrame().string("type").orElseThrow());
    }

    private MetricsScrape settled(int admin, Predicate<MetricsScrape> done) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        MetricsScrape scrape = MetricsScrape.of(http, admin);
        while (!done.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(200); // gauges of stored totals are cached for a second; closes arrive asynchronously
            scrape = MetricsScrape.of(http, admin);
        }
        return scrape;
    }

    private void assertRelay(MetricsScrape s) {
        String requests = "peerlink_relay_requests_total";
        assertEquals(3, s.value(requests, "endpoint", "store", "status", "200"));
        assertEquals(1, s.value(requests, "endpoint", "store", "status", "400"));
        assertEquals(3, s.value(requests, "endpoint", "fetch", "status", "200"));
        assertEquals(1, s.value(requests, "endpoint", "fetch", "status", "429"));
        assertEquals(1, s.value(requests, "endpoint", "ack", "status", "200"));
        assertEquals(1, s.value(requests, "endpoint", "blob_upload", "status", "200"));
        assertEquals(1, s.value(requests, "endpoint", "unknown", "status", "404"));
        assertEquals(0, s.value(requests, "endpoint", "group_store", "status", "200"), "at zero from the start");
        assertEquals(4, s.value("peerlink_relay_request_seconds_count", "endpoint", "store"));
        assertEquals(4, s.value("peerlink_relay_request_seconds_count", "endpoint", "fetch"));
        assertTrue(s.value("peerlink_relay_request_seconds_sum", "endpoint", "store") > 0);
        assertEquals(1, s.value("peerlink_limits_rejected_total", "limit", "relay-read"));
        assertEquals(0, s.value("peerlink_limits_rejected_total", "limit", "relay-write"));
        assertEquals(2, s.value("peerlink_relay_queued_envelopes"));
        assertEquals(unacked.stream().mapToInt(String::length).sum(),
                     s.value("peerlink_relay_stored_bytes", "kind", "envelopes"), "the two unacknowledged envelopes");
        assertEquals(1000, s.value("peerlink_relay_stored_bytes", "kind", "blobs"));
        assertEquals(0, s.value("peerlink_relay_stored_bytes", "kind", "uploads"));
    }

    private void assertSignal(MetricsScrape s) {
        assertEquals(3, s.value("peerlink_signal_register_ack_total"));
        assertEquals(1, s.value("peerlink_signal_register_rejected_total", "code", "INVALID_REGISTER_AUTH"));
        assertEquals(1, s.value("peerlink_signal_register_rejected_total", "code", "INVALID_REGISTER"));
        assertEquals(0, s.value("peerlink_signal_register_rejected_total", "code", "RATE_LIMITED"));
        assertEquals(1, s.value("peerlink_signal_session_replaced_total"));
        assertEquals(1, s.value("peerlink_signal_reconnect_seconds_count"), "only the register after going offline");
        double recovery = s.value("peerlink_signal_reconnect_seconds_sum");
        assertTrue(recovery >= 0.3 && recovery < SETTLE.toSeconds(), "recovery time " + recovery);
        assertEquals(1, s.value("peerlink_signal_reconnect_seconds_bucket", "le", "0.5"));
        assertEquals(1, s.value("peerlink_signal_online_peers"));
        assertEquals(1, s.value("peerlink_signal_connections"));
        String frames = "peerlink_signal_frames_total";
        assertEquals(5, s.value(frames, "direction", "in", "type", "register"));
        assertEquals(1, s.value(frames, "direction", "in", "type", "ping"));
        assertEquals(1, s.value(frames, "direction", "out", "type", "pong"));
        assertEquals(3, s.value(frames, "direction", "out", "type", "register_ack"));
        assertEquals(3, s.value(frames, "direction", "out", "type", "error"), "two refusals and SESSION_REPLACED");
        assertEquals(1, s.value("peerlink_pins"), "alice's key; relay traffic never pins");
    }

    private void assertStore(MetricsScrape s) {
        double commits = s.value("peerlink_store_commit_seconds_count");
        assertTrue(commits >= 1, "commits " + commits);
        assertEquals(commits, s.value("peerlink_store_batch_size_count"), "one batch per commit");
        // 3 stores, an ack, a blob, a pin, 3 register nonces: each a write of its own
        assertTrue(s.value("peerlink_store_batch_size_sum") >= 9, s.toString());
        assertTrue(s.value("peerlink_store_commit_seconds_sum") > 0);
    }

    @Test
    void readinessIsDownBelowTheFreeDiskWatermarkWhileLivenessIsUp() throws Exception {
        List<String> options = List.of("--min-free-disk", "1024TiB");
        try (ChildLauncher child = ChildLauncher.listening(dataDir, logDir.resolve("child.log"), List.of(), options)) {
            int admin = child.adminPort();
            HttpResponse<String> ready = get(admin, "/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"disk\"") && ready.body().contains("DOWN"), ready.body());
            assertEquals(200, get(admin, "/observe/health/live").statusCode());
            HttpResponse<String> all = get(admin, "/observe/health");
            assertEquals(503, all.statusCode(), all.body());
            assertEquals(404, get(child.port(), "/observe/health").statusCode(), "not on the relay socket");
        }
    }

    @Test
    void everyMetricTheRenderedDashboardQueriesIsInARealScrape() throws Exception {
        Path out = logDir.resolve("infra");
        Rendering.render(Map.of("TURN_SECRET", "x"), "--public-host", "203.0.113.7", "--out", out.toString(),
                         "--source-dir", Path.of("..").toAbsolutePath().normalize().toString(),
                         "--admin-backend-port", "9511");
        assertTrue(Files.readString(out.resolve("prometheus.yml")).contains("- targets: [\"127.0.0.1:9511\"]"));
        assertTrue(Files.readString(out.resolve("prometheus.yml")).contains("metrics_path: /observe/metrics"));
        JsObject dashboard = (JsObject) JsonReader.parse(Files.readString(out.resolve("grafana-dashboard.json")));
        Set<String> queried = new TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:peerlink|memory|jvm|thread|cpu|gc)_[A-Za-z_]+)").matcher(
                JsonWriter.stringify(dashboard.get("panels")));
        while (names.find()) {
            queried.add(names.group(1));
        }
        assertTrue(queried.size() >= 15, "the dashboard's metrics: " + queried);
        try (ChildLauncher child = ChildLauncher.listening(dataDir, logDir.resolve("child.log"), List.of(),
                ChildLauncher.BOTH_SERVICES)) {
            MetricsScrape scrape = MetricsScrape.of(http, child.adminPort());
            List<String> missing = queried.stream().filter(name -> !scrape.has(name)).toList();
            assertEquals(List.of(), missing, "queried by the dashboard, not in a scrape of a fresh server");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
