package org.peerlink.launcher.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.infra.Rendering;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.launcher.Main;
import org.peerlink.testkit.ExternalProcess;
import org.peerlink.testkit.FreePorts;
import org.peerlink.testkit.RequiredPrograms;
import org.peerlink.testkit.TestDirs;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rendered files with the real programs, on loopback with high ports: the launcher started with the rendered
 * peerlink.env, HAProxy with the rendered haproxy.cfg terminating TLS with the rendered certificate, coturn with
 * the rendered turnserver.conf ({@code --loopback} variant). Clients trust exactly the rendered certificate, as an
 * app does after its user accepted it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfraEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Per frame over wss://: TLS and HAProxy sit between the client and the launcher. */
    private static final Duration WSS_TIMEOUT = Duration.ofSeconds(10);
    private static final String TURN_USER = "e2e-user";
    private static final String TURN_PASSWORD = "e2e pass: with spaces & symbols";
    /** Rendered small, so that a test can reach it; the shipped default is 1200. */
    private static final int CONNECTIONS_PER_ADDRESS = 20;

    private final FreePorts ports = new FreePorts();
    private final List<ExternalProcess> processes = new ArrayList<>();
    private Path dir;
    private Path out;
    private Path uclient;
    private int relayPublic;
    private int signalPublic;
    private int relayBackend;
    private int turnPort;
    private int turnsPort;
    private int peerPort;
    private ExternalProcess launcher;
    private ExternalProcess haproxy;
    private HttpClient https;

    @BeforeAll
    void startEverything() throws Exception {
        List<Path> tools = RequiredPrograms.INFRA.require("haproxy", "turnserver", "turnutils_uclient", "turnutils_peer");
        uclient = tools.get(2);
        dir = Files.createTempDirectory("infra-e2e");
        out = dir.resolve("rendered");
        relayPublic = ports.next();
        signalPublic = ports.next();
        relayBackend = ports.next();
        int signalBackend = ports.next();
        int adminBackend = ports.next();
        turnPort = ports.next();
        turnsPort = ports.next();
        peerPort = ports.next();
        int relayRange = ports.range(20);

        Rendering.render(Map.of("TURN_PASSWORD", TURN_PASSWORD),
                         "--public-host", "127.0.0.1", "--out", out.toString(), "--loopback",
                         "--turn-user", TURN_USER,
                         "--relay-public-port", String.valueOf(relayPublic),
                         "--signal-public-port", String.valueOf(signalPublic),
                         "--relay-backend-port", String.valueOf(relayBackend),
                         "--signal-backend-port", String.valueOf(signalBackend),
                         "--admin-backend-port", String.valueOf(adminBackend),
                         "--turn-port", String.valueOf(turnPort),
                         "--turns-port", String.valueOf(turnsPort),
                         "--turn-min-port", String.valueOf(relayRange),
                         "--turn-max-port", String.valueOf(relayRange + 19),
                         "--data-dir", dir.resolve("data").toString(),
                         "--connections-per-address", String.valueOf(CONNECTIONS_PER_ADDRESS));

        // The launcher first: HAProxy marks a backend down after three failed checks at start-up.
        launcher = startLauncher();
        haproxy = start("haproxy", List.of(tools.get(0).toString(), "-db", "-f", out.resolve("haproxy.cfg").toString()));
        ExternalProcess coturn = start("turnserver", List.of(tools.get(1).toString(), "-c",
                                                             out.resolve("turnserver.conf").toString()));
        // the far end of the relayed data: a UDP echo on loopback
        start("turnutils_peer", List.of(tools.get(3).toString(), "-L", "127.0.0.1", "-p", String.valueOf(peerPort)));

        https = HttpClient.newBuilder()
                .sslContext(Rendering.trusting(out.resolve("tls/fullchain.pem")))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        awaitHealthy();
        coturn.awaitTcpListener(turnsPort, WAIT);
    }

    @AfterAll
    void stopEverything() {
        // each by its own PID, newest first
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        if (https != null) {
            https.shutdownNow();
        }
        TestDirs.delete(dir);
    }

    @Test
    @Order(1)
    void relayHealthAndProbeOverHttpsWithTheRenderedCertificate() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpResponse<String> health = https.send(
                    HttpRequest.newBuilder(relayUri("/health")).version(version).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(version, health.version(), "HAProxy offers h2 and http/1.1 on the relay port");
            assertTrue(health.body().matches("\\{\"ok\":true,\"ts\":\\d+}"), health.body());
        }

        HttpResponse<String> probe = https.send(
                HttpRequest.newBuilder(relayUri("/relay/probe")).timeout(WAIT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"v\":\"1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, probe.statusCode(), probe.body());
        assertTrue(probe.body().matches("\\{\"ok\":true,\"service\":\"peerlink-relay\",\"protocolVersion\":\"1\","
                                                + "\"ts\":\\d+}"), probe.body());

        // a client that does not trust the rendered certificate gets no connection at all
        try (HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThrows(SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(relayUri("/health")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    @Order(2)
    void registerAndSignalBetweenTwoPeersOverWss() throws Exception {
        URI uri = URI.create("wss://127.0.0.1:" + signalPublic);
        WsTestClient alice = WsTestClient.connect(https, uri, WSS_TIMEOUT);
        WsTestClient bob = WsTestClient.connect(https, uri, WSS_TIMEOUT);
        try {
            register(alice, "e2e-alice", 1);
            register(bob, "e2e-bob", 2);

            String payload = "{\"to\":\"e2e-bob\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\"}";
            alice.send("{\"v\":\"1\",\"id\":\"sig-1\",\"type\":\"signal\",\"payload\":" + payload + "}");
            JsObject received = bob.nextFrame();
            assertEquals("signal", received.string("type").orElseThrow(), received.toString());
            assertTrue(received.string("id").orElseThrow().startsWith("srv-signal-"), received.toString());
            assertEquals(payload, JsonWriter.stringify(received.get("payload")));
        } finally {
            alice.abort();
            bob.abort();
        }
    }

    @Test
    @Order(3)
    void turnAllocationRelaysDataOverUdpAndTcp() throws Exception {
        // both at once: each sends for a few seconds. (turnutils_uclient's own TLS client stalls in its handshake
        // now and then, also against a TURNS port that openssl s_client and the JDK reach every time, so TURNS
        // is checked with a JDK TLS client below.)
        Uclient udp = uclient(List.of("-u", TURN_USER, "-w", TURN_PASSWORD, "-p", String.valueOf(turnPort)));
        Uclient tcp = uclient(List.of("-t", "-u", TURN_USER, "-w", TURN_PASSWORD, "-p", String.valueOf(turnPort)));
        assertRelayed("TURN over UDP", udp);
        assertRelayed("TURN over TCP", tcp);
    }

    @Test
    @Order(4)
    void turnsPresentsTheRenderedCertificate() throws Exception {
        SSLContext context = Rendering.trusting(out.resolve("tls/fullchain.pem"));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", turnsPort)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the IP SAN, as a TLS client must
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            Certificate served = socket.getSession().getPeerCertificates()[0];
            Certificate rendered;
            try (InputStream in = Files.newInputStream(out.resolve("tls/fullchain.pem"))) {
                rendered = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertArrayEquals(rendered.getEncoded(), served.getEncoded());
            assertNotEquals("TLSv1.1", socket.getSession().getProtocol());
        }
    }

    @Test
    @Order(5)
    void turnRefusesWrongCredentialsAndPrivatePeers() throws Exception {
        Uclient wrongPassword = uclient(List.of("-u", TURN_USER, "-w", "not-the-password",
                                                "-p", String.valueOf(turnPort)));
        UclientResult refused = wrongPassword.result();
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("Cannot complete Allocation"), refused.output());

        // an allocation works, but relaying into a private network is forbidden (denied-peer-ip)
        Uclient privatePeer = uclientTo("10.1.2.3",
                                        List.of("-u", TURN_USER, "-w", TURN_PASSWORD, "-p", String.valueOf(turnPort)));
        UclientResult forbidden = privatePeer.result();
        assertNotEquals(0, forbidden.exitCode(), forbidden.output());
        assertTrue(forbidden.output().contains("403"), forbidden.output());
    }

    @Test
    @Order(6)
    void haproxyAnswersJsonWhileTheLauncherIsDownAndItsChecksBringItBack() throws Exception {
        WsTestClient carol = WsTestClient.connect(https, URI.create("wss://127.0.0.1:" + signalPublic), WSS_TIMEOUT);
        register(carol, "carol", 9);
        // SIGTERM drains: readiness goes 503 and HAProxy's checks take both backends out of rotation while the
        // launcher still runs (the drain delay), and only then is the signal socket closed with 1012
        launcher.sigterm();
        awaitLog(haproxy, "Server relay/launcher is DOWN");
        awaitLog(haproxy, "Server signal/launcher is DOWN");
        assertTrue(launcher.isAlive() && !carol.closed.isDone(), "HAProxy noticed within the drain delay");
        assertEquals("1012 service restart", carol.closed.get(30, TimeUnit.SECONDS));
        assertEquals(143, launcher.terminate(), launcher.describe()); // SIGTERM: JVM exit code 128 + 15
        assertTrue(launcher.log().contains(Main.STOPPED), launcher.describe());

        HttpResponse<String> down = https.send(HttpRequest.newBuilder(relayUri("/health")).timeout(WAIT).build(),
                                               HttpResponse.BodyHandlers.ofString());
        assertEquals(503, down.statusCode(), down.body());
        assertEquals("application/json", down.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"error\":\"service unavailable\"}", down.body());

        // the health checks bring both backends up again once the launcher is back (same data)
        launcher = startLauncher();
        awaitLog(haproxy, "Server relay/launcher is UP, reason: Layer7 check passed, code: 200");
        awaitLog(haproxy, "Server signal/launcher is UP, reason: Layer7 check passed, code: 101");
        awaitHealthy();
    }

    @Test
    @Order(7)
    void eachFrontendClosesAnAddressNewConnectionsPastItsCapSilentOnesToo() throws Exception {
        for (int port : List.of(relayPublic, signalPublic)) {
            List<Socket> silent = new ArrayList<>();
            try {
                int held = 0;
                boolean refused = false;
                // the test's own clients may hold a connection or two already: a few more than the cap are tried
                for (int i = 0; i < CONNECTIONS_PER_ADDRESS + 5 && !refused; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    silent.add(socket);
                    socket.setSoTimeout(300);
                    try {
                        refused = socket.getInputStream().read() < 0;
                    } catch (SocketTimeoutException stillOpen) {
                        held++;
                    } catch (IOException reset) {
                        refused = true;
                    }
                }
                assertTrue(refused, "port " + port + ": HAProxy held " + held + " silent connections of one address");
                assertTrue(held >= CONNECTIONS_PER_ADDRESS - 3 && held <= CONNECTIONS_PER_ADDRESS,
                           "port " + port + ": " + held + " silent connections held before one was closed");
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
        // their places are free again once they are closed
        awaitHealthy();
    }

    private void register(WsTestClient peer, String peerId, int seed) throws Exception {
        byte[] seedBytes = new byte[Ed25519.SEED_SIZE];
        Arrays.fill(seedBytes, (byte) seed);
        RegisterFrameSigner signer = new RegisterFrameSigner(Ed25519.fromSeed(seedBytes));
        peer.send(JsonWriter.stringify(signer.frame("reg-" + peerId, peerId, System.currentTimeMillis(),
                                                    "nonce-" + peerId + "-" + System.nanoTime(), null)));
        JsObject ack = peer.nextFrame();
        assertEquals("register_ack", ack.string("type").orElseThrow(), ack.toString());
        assertEquals(peerId, ((JsObject) ack.get("payload")).string("peerId").orElseThrow());
    }

    private URI relayUri(String path) {
        return URI.create("https://127.0.0.1:" + relayPublic + path);
    }

    private ExternalProcess startLauncher() throws Exception {
        // the launcher as the systemd unit and compose start it: no options, only the rendered peerlink.env
        ExternalProcess process = ExternalProcess.start("launcher", List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()), Rendering.envFile(out.resolve("peerlink.env")), dir);
        processes.add(process);
        awaitLog(process, "peerlink relay listening on http://127.0.0.1:" + relayBackend);
        return process;
    }

    private ExternalProcess start(String name, List<String> command) throws Exception {
        ExternalProcess process = ExternalProcess.start(name, command, Map.of(), dir);
        processes.add(process);
        return process;
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> res = https.send(HttpRequest.newBuilder(relayUri("/health"))
                                                              .timeout(Duration.ofSeconds(5)).build(),
                                                      HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    return;
                }
                last = res.statusCode() + " " + res.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("relay not healthy through HAProxy within " + WAIT + ": " + last + "\n"
                                         + haproxy.describe() + "\n" + launcher.describe());
    }

    private static void awaitLog(ExternalProcess process, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.log().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' from " + process.describe());
    }

    private Uclient uclient(List<String> options) throws Exception {
        return uclientTo("127.0.0.1", options);
    }

    // -n 5 -z 5: five messages per client, 5 ms apart; -e/-r: the peer the data is relayed to
    private Uclient uclientTo(String peer, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(uclient.toString(), "-n", "5", "-z", "5",
                                                       "-e", peer, "-r", String.valueOf(peerPort)));
        command.addAll(options);
        command.add("127.0.0.1");
        Path log = Files.createTempFile(dir, "uclient", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return new Uclient(process, log);
    }

    private static void assertRelayed(String what, Uclient run) throws Exception {
        UclientResult result = run.result();
        assertEquals(0, result.exitCode(), what + ":\n" + result.output());
        Matcher totals = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE)
                .matcher(result.output());
        assertTrue(totals.find(), what + ": no totals in\n" + result.output());
        int sent = Integer.parseInt(totals.group(1));
        int received = Integer.parseInt(totals.group(2));
        assertTrue(sent > 0 && received == sent, what + ": sent " + sent + ", received " + received + "\n"
                + result.output());
        assertTrue(result.output().contains("Total lost packets 0 "), what + ":\n" + result.output());
    }

    /** A running turnutils_uclient and the file its output goes to. */
    private record Uclient(Process process, Path log) {
        UclientResult result() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("turnutils_uclient did not finish within 60 s");
            }
            return new UclientResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** Exit code and output of one turnutils_uclient run. */
    private record UclientResult(int exitCode, String output) {
    }
}
