package org.peerlink.launcher.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;

import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.testkit.RequiredPrograms;
import org.peerlink.testkit.TestDirs;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The signal server as a browser sees it: Debian's headless Chromium opens {@code browser/signal-test.html}
 * from another origin than the signal socket's, registers two peers with WebCrypto Ed25519 keys (v2 canonical
 * payload with an identity profile) and connects them with a WebRTC data channel through signal frames only.
 * <p>
 * Without Chromium the test is skipped with a loud message; CI sets {@code PEERLINK_BROWSER=required} (after
 * installing it), and then a missing browser is a failure: the proof must not silently disappear.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserSignalTest {

    private static final long RESULT_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final int LOG_TAIL_LINES = 40;
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/signal-test.html", "text/html; charset=utf-8",
            "/signal-test.js", "text/javascript; charset=utf-8");

    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Path dataDir;
    private Path browserDir;
    private PeerLinkServer servers;
    private HttpServer pageServer;
    private Process chromium;

    @Test
    void pageFromAnotherOriginRegistersTwoPeersAndConnectsThemOverWebRtc() throws Exception {
        Path chromiumProgram = RequiredPrograms.BROWSER.require("chromium").getFirst();
        dataDir = TestDirs.create("browser-signal-test");
        servers = Launcher.start(LauncherOptions.of(0, 0, dataDir),
                                 new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        pageServer = startPageServer();
        // Another port is another origin: the page's Origin header will not match the signal socket's Host
        String page = "http://127.0.0.1:" + pageServer.getAddress().getPort()
                + "/signal-test.html?signal=ws://127.0.0.1:" + servers.port(ServiceName.SIGNAL) + "/";

        browserDir = TestDirs.create("browser-signal-chromium");
        Path log = browserDir.resolve("chromium.log");
        chromium = new ProcessBuilder(chromiumProgram.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                                      "--disable-background-networking", "--disable-component-update",
                                      "--disable-sync", "--no-first-run",
                                      "--user-data-dir=" + browserDir.resolve("profile"), page)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // A browser that dies must not leave the test waiting for a result that cannot come
        chromium.onExit().thenAccept(p -> result.completeExceptionally(
                new IllegalStateException("chromium exited with " + p.exitValue() + " before the page reported")));

        JsObject verdict = awaitVerdict(log);
        if (verdict.get("ok") != JsBoolean.TRUE) {
            fail("the page reports: " + text(verdict.get("error")) + "\nsteps:\n" + steps(verdict)
                 + "\nchromium log tail:\n" + tail(log));
        }
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            stopWithDescendants(chromium.toHandle());
        }
        if (pageServer != null) {
            pageServer.stop(0);
        }
        if (servers != null) {
            servers.close();
        }
        TestDirs.delete(browserDir);
        TestDirs.delete(dataDir);
    }

    /** Serves the page's two files and takes the page's verdict on {@code POST /result}. */
    private HttpServer startPageServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::servePageFile);
        server.createContext("/result", exchange -> {
            try (exchange) {
                result.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        return server;
    }

    private void servePageFile(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String contentType = PAGE_FILES.get(path);
            if (contentType == null) {
                exchange.sendResponseHeaders(404, -1); // favicon.ico and the like
                return;
            }
            byte[] body;
            try (InputStream in = BrowserSignalTest.class.getResourceAsStream("/browser" + path)) {
                body = in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private JsObject awaitVerdict(Path log) throws Exception {
        try {
            return (JsObject) JsonReader.parse(result.get(RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return fail("no result from the page within " + RESULT_TIMEOUT_SECONDS + " s; chromium log tail:\n"
                        + tail(log));
        } catch (ExecutionException e) {
            return fail(e.getCause().getMessage() + "; chromium log tail:\n" + tail(log));
        }
    }

    private static String steps(JsObject verdict) {
        return verdict.get("steps") instanceof JsArray steps
                ? String.join("\n", steps.items().stream().map(BrowserSignalTest::text).toList())
                : "(none)";
    }

    private static String text(JsValue value) {
        return value instanceof JsString s ? s.value() : JsonWriter.stringify(value);
    }

    private static String tail(Path log) {
        try {
            // Without a D-Bus daemon (containers, CI) Chromium logs dozens of harmless dbus errors
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.contains(":ERROR:dbus/"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Chromium runs as a tree of processes (zygote, renderer, GPU and network services): stop them all by PID,
     * politely first. The descendants are listed before the parent goes, as they are re-parented after.
     */
    private static void stopWithDescendants(ProcessHandle browser) {
        List<ProcessHandle> tree = Stream.concat(browser.descendants(), Stream.of(browser)).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }
}
