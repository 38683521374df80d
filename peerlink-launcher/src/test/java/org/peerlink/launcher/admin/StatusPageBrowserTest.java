package org.peerlink.launcher.admin;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.durability.ChildLauncher;
import org.peerlink.testkit.MetricsScrape;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.RequiredPrograms;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin listener's status page in headless Chromium: it renders offline (no external assets), shows the numbers
 * {@code /observe/metrics} has, and its screenshot is kept as {@code target/status-page.png}.
 */
class StatusPageBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "status-page.png");

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WsTestClient> sockets = new ArrayList<>();

    @AfterEach
    void close() {
        sockets.forEach(WsTestClient::abort);
        http.shutdownNow();
    }

    @Test
    void thePageShowsWhatTheMetricsSay() throws Exception {
        Path chromium = RequiredPrograms.BROWSER.require("chromium").getFirst();
        try (ChildLauncher child = ChildLauncher.listening(dataDir, work.resolve("child.log"), List.of(),
                ChildLauncher.BOTH_SERVICES)) {
            RelaySigner alice = new RelaySigner(1);
            try (RelayHttp relay = new RelayHttp(child.port())) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, relay.post("/relay/store", alice.store("m" + i, "alice", "bob",
                            ("hi " + i).getBytes(StandardCharsets.UTF_8)).build()).status());
                }
                assertEquals(400, relay.post("/relay/store", "{}").status());
            }
            RegisterFrameSigner key = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
            for (int i = 0; i < 2; i++) {
                WsTestClient socket = WsTestClient.connect(http, child.signalPort());
                sockets.add(socket);
                socket.send(JsonWriter.stringify(key.frame("r", "peer-" + i, System.currentTimeMillis(),
                        "status-nonce-" + i, null)));
                assertEquals("register_ack", socket.nextFrame().string("type").orElseThrow());
            }
            Thread.sleep(1100); // the stored totals are read at most once a second

            String page = "http://127.0.0.1:" + child.adminPort() + "/";
            String dom = chromium(chromium, "--dump-dom", page);
            MetricsScrape scrape = MetricsScrape.of(http, child.adminPort());
            assertTrue(dom.contains("data-loaded=\"true\""), "the page's script rendered the JSON:\n" + dom);
            assertEquals(shown(scrape.value("peerlink_signal_online_peers")), element(dom, "onlinePeers"));
            assertEquals(shown(scrape.value("peerlink_signal_connections")), element(dom, "connections"));
            assertEquals(shown(scrape.value("peerlink_signal_register_ack_total")), element(dom, "registers"));
            assertEquals(shown(scrape.value("peerlink_relay_queued_envelopes")), element(dom, "queuedEnvelopes"));
            assertEquals(shown(scrape.value("peerlink_pins")), element(dom, "pins"));
            double requests = scrape.value("peerlink_relay_requests_total", "endpoint", "store", "status", "200")
                    + scrape.value("peerlink_relay_requests_total", "endpoint", "store", "status", "400");
            assertEquals(shown(requests), element(dom, "relayRequests"));
            assertEquals("2", element(dom, "onlinePeers"));
            assertEquals("4", element(dom, "queuedEnvelopes"));
            assertEquals("5", element(dom, "relayRequests"));
            assertEquals("ready", element(dom, "state"));

            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            chromium(chromium, "--window-size=1200,700", "--screenshot=" + SCREENSHOT.toAbsolutePath(), page);
            assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the page in " + SCREENSHOT);
        }
    }

    private static String shown(double value) {
        return Long.toString(Math.round(value));
    }

    private static String element(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), "no element " + id + " in\n" + dom);
        return m.group(1);
    }

    /** Chromium on the page until its script ran (virtual time), printing what it was asked to. */
    private String chromium(Path program, String... what) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + work.resolve("profile"), "--virtual-time-budget=4000"));
        command.addAll(List.of(what));
        Path stdout = work.resolve("chromium.out");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(work.resolve("chromium.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s:\n"
                    + Files.readString(work.resolve("chromium.log")));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
