package org.peerlink.launcher.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.ServerResources;
import org.peerlink.launcher.ServiceName;
import org.peerlink.launcher.StartupException;
import org.peerlink.testkit.RawHttp;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.TestDirs;
import org.peerlink.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class LauncherServerTest {

    private static final Path DATA_DIR = TestDirs.create("launcher-server-test");
    private static final LauncherOptions OPTIONS = LauncherOptions.of(0, 0, DATA_DIR);
    private static ServerResources resources;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final WebServer server;

    LauncherServerTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder builder) throws StartupException {
        resources = ServerResources.open(OPTIONS, DATA_DIR);
        Launcher.setup(builder, OPTIONS, resources);
    }

    @AfterAll
    static void close() {
        CLIENT.close();
        resources.close();
        TestDirs.delete(DATA_DIR);
    }

    private URI relay(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private int signalPort() {
        return server.port(Launcher.socketName(OPTIONS, ServiceName.SIGNAL));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> res = send(HttpRequest.newBuilder(relay("/health")));
        long after = System.currentTimeMillis();

        assertEquals(200, res.statusCode());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());
        Matcher m = Pattern.compile("\\{\"ok\":true,\"ts\":(\\d+)}").matcher(res.body());
        assertTrue(m.matches(), res.body());
        long ts = Long.parseLong(m.group(1));
        assertTrue(ts >= before && ts <= after, "ts " + ts + " not in [" + before + ", " + after + "]");
    }

    @Test
    void unknownRouteIsJson404() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(relay("/nope")));
        assertEquals(404, res.statusCode());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"error\":\"not found\"}", res.body());

        res = send(HttpRequest.newBuilder(relay("/health/extra")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(404, res.statusCode());
        assertEquals("{\"error\":\"not found\"}", res.body());
    }

    @Test
    void wrongMethodIsJson405() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(relay("/health"))
                                                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, res.statusCode());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());
        assertEquals("GET", res.headers().firstValue("allow").orElseThrow());
        assertEquals("{\"error\":\"method not allowed\"}", res.body());

        // the connection stays usable
        assertEquals(200, send(HttpRequest.newBuilder(relay("/health"))).statusCode());
    }

    @Test
    void errorsForHeadHaveNoBody() throws Exception {
        // a body after a HEAD response would be read as the start of the next response; pipeline a GET to check
        String response = raw(server.port(), "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 2);
        assertTrue(response.startsWith("HTTP/1.1 405 "), response);
        int second = response.indexOf("HTTP/1.1 404 ");
        assertTrue(second > 0, response);
        assertTrue(response.substring(0, second).endsWith("\r\n\r\n"), "no body after HEAD: " + response);
        assertTrue(response.endsWith("{\"error\":\"not found\"}"), response);
    }

    @Test
    void malformedRequestIsJson400() throws Exception {
        String response = raw(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
        assertTrue(response.endsWith("{\"error\":\"bad request\"}"), response);
    }

    @Test
    void plainHttpOnSignalSocketIsJson404() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + signalPort() + "/")));
        assertEquals(404, res.statusCode());
        assertEquals("{\"error\":\"not found\"}", res.body());
    }

    @Test
    void relayAndSignalAreDifferentSockets() {
        assertTrue(server.port() > 0);
        assertTrue(signalPort() > 0);
        assertTrue(server.port() != signalPort());
    }

    private WsTestClient connect() throws Exception {
        return WsTestClient.connect(CLIENT, signalPort());
    }

    private static String register(String peerId, String nonce) {
        return JsonWriter.stringify(new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]))
                .frame("r", peerId, System.currentTimeMillis(), nonce, null));
    }

    @Test
    void signalSocketRegistersForwardsAndTakesOver() throws Exception {
        String suffix = Long.toString(System.nanoTime());
        WsTestClient alice = connect();
        WsTestClient bob = connect();
        alice.send("null");
        assertTrue(alice.next().contains("\"code\":\"INVALID_VERSION\""));
        alice.send(register("alice", "nonce-a-" + suffix));
        assertTrue(alice.next().contains("\"type\":\"register_ack\""));
        bob.send(register("bob", "nonce-b-" + suffix));
        assertTrue(bob.next().contains("\"type\":\"register_ack\""));
        assertTrue(alice.next().contains("{\"peerId\":\"bob\",\"status\":\"online\"}"));

        // a fragmented message is reassembled before parsing
        bob.socket.sendText("{\"v\":\"1\",\"id\":\"s\",\"type\":\"signal\",", false).get(5, TimeUnit.SECONDS);
        bob.socket.sendText("\"payload\":{\"to\":\"alice\",\"type\":\"offer\",\"sdp\":\"x\"}}", true).get(5, TimeUnit.SECONDS);
        String forwarded = alice.next();
        assertTrue(forwarded.matches("\\{\"v\":\"1\",\"id\":\"srv-signal-[0-9a-f-]+\",\"type\":\"signal\","
                + "\"payload\":\\{\"to\":\"alice\",\"type\":\"offer\",\"sdp\":\"x\"}}"), forwarded);

        WsTestClient bobAgain = connect();
        bobAgain.send(register("bob", "nonce-b2-" + suffix));
        assertTrue(bobAgain.next().contains("\"type\":\"register_ack\""));
        assertTrue(bob.next().contains("\"code\":\"SESSION_REPLACED\""));
        assertEquals("4001 Session replaced", bob.closed.get(5, TimeUnit.SECONDS));
        bobAgain.send("{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        assertTrue(bobAgain.next().contains("\"type\":\"pong\",\"payload\":{\"peerId\":\"bob\"}"));

        alice.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        String offline = bobAgain.next();
        assertTrue(offline.contains("\"peerId\":\"alice\",\"status\":\"offline\",\"lastSeenMs\":"), offline);
        bobAgain.socket.abort();
        bob.socket.abort();
    }

    @Test
    void noWebSocketOnRelaySocket() throws Exception {
        String response = raw(server.port(), """
                GET / HTTP/1.1\r
                Host: x\r
                Connection: Upgrade\r
                Upgrade: websocket\r
                Sec-WebSocket-Version: 13\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                \r
                """);
        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
    }

    private static String raw(int port, String request) throws IOException {
        return RawHttp.exchange(port, request);
    }

    private static String raw(int port, String request, int responses) throws IOException {
        return RawHttp.exchange(port, request, responses);
    }
}
