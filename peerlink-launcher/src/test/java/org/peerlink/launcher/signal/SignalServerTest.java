package org.peerlink.launcher.signal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.register.RegisterFrameSigner;
import org.peerlink.signal.hub.SignalHub;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.signal.register.RegisterVerifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signal socket's own WebSocket handling, over real sockets; the protocol flows are in SignalWebSocketTest. */
class SignalServerTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));

    private SignalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(SignalSettings settings) throws IOException {
        InstantSource clock = InstantSource.system();
        SignalHub hub = new SignalHub(new RegisterVerifier(clock,
                new InMemoryNonceWindow(RegisterVerifier.DEFAULT_NONCE_WINDOW), RegisterVerifier.DEFAULT_SKEW), clock);
        server = SignalServer.start(new InetSocketAddress("127.0.0.1", 0), hub, settings);
        return server.port();
    }

    private int start() throws IOException {
        return start(SignalSettings.defaults(Duration.ofMinutes(10)));
    }

    private static RawClient registered(int port, String peerId) throws IOException {
        RawClient client = RawClient.open(port);
        client.sendText(JsonWriter.stringify(SIGNER.frame("r", peerId, System.currentTimeMillis(),
                "nonce-" + peerId + "-" + System.nanoTime(), null)));
        client.readText("register_ack");
        return client;
    }

    @Test
    void plainHttpGetsAJsonErrorAndTheConnectionCloses() throws IOException {
        int port = start();
        try (RawClient client = new RawClient(port)) {
            client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = client.readToEnd();
            assertTrue(response.startsWith("HTTP/1.1 404 Not Found\r\n"), response);
            assertTrue(response.endsWith("{\"error\":\"not found\"}"), response);
        }
    }

    @Test
    void aHeadSentByteByByteAndFramesSplitAcrossReadsAreReassembled() throws Exception {
        int port = start();
        try (RawClient client = new RawClient(port)) {
            for (byte b : RawClient.UPGRADE.getBytes(StandardCharsets.US_ASCII)) {
                client.write(new byte[] {b});
            }
            assertTrue(client.readHead().startsWith("HTTP/1.1 101 "));
            byte[] ping = FrameDecoderTest.clientFrame(0x81, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}"
                    .getBytes(StandardCharsets.UTF_8));
            for (byte b : ping) {
                client.write(new byte[] {b});
                Thread.sleep(1);
            }
            assertTrue(client.readText("error").contains("NOT_REGISTERED"));
        }
    }

    @Test
    void pingsAreAnsweredWithTheirPayload() throws IOException {
        int port = start();
        try (RawClient client = RawClient.open(port)) {
            client.write(FrameDecoderTest.clientFrame(0x89, new byte[] {1, 2, 3}));
            RawClient.Frame pong = client.readFrame();
            assertEquals(0x8A, pong.b0());
            assertEquals(3, pong.payload().length);
            assertEquals(3, pong.payload()[2]);
        }
    }

    @Test
    void aProtocolViolationClosesWith1002AndAnOversizedFrameWith1009() throws IOException {
        int port = start(new SignalSettings(Duration.ofMinutes(10), 1000, 2000, 1024, 1 << 20,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 1, Duration.ofMillis(20)));
        try (RawClient client = RawClient.open(port)) {
            client.write(new byte[] {(byte) 0x81, 0x01, 'a'}); // not masked
            RawClient.Frame close = client.readFrame();
            assertEquals(0x88, close.b0());
            assertEquals(1002, close.closeCode());
            assertTrue(client.closedByServer());
        }
        try (RawClient client = RawClient.open(port)) {
            client.write(FrameDecoderTest.clientFrame(0x81, new byte[2001]));
            RawClient.Frame close = client.readFrame();
            assertEquals(1009, close.closeCode());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void theClientsCloseIsAnsweredAndTheConnectionEnds() throws IOException {
        int port = start();
        try (RawClient client = RawClient.open(port)) {
            client.write(FrameDecoderTest.clientFrame(0x88, new byte[] {0x03, (byte) 0xe8}));
            RawClient.Frame close = client.readFrame();
            assertEquals(0x88, close.b0());
            assertEquals(1000, close.closeCode());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsHandshakeIsDropped() throws IOException {
        int port = start(new SignalSettings(Duration.ofMinutes(10), 1000, 2000, 1024, 1 << 20,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300), 1, Duration.ofMillis(20)));
        try (RawClient client = new RawClient(port)) {
            client.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aStalledReceiverNeverBlocksTheSenderAndIsDropped() throws Exception {
        int port = start(new SignalSettings(Duration.ofMinutes(10), 1 << 20, 3 << 20, 16, 1 << 20,
                Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10), 1, Duration.ofMillis(20)));
        try (RawClient stalled = registered(port, "stalled"); RawClient sender = registered(port, "sender")) {
            stalled.socket.setReceiveBufferSize(4096); // and it never reads again
            String signal = "{\"v\":\"1\",\"id\":\"s\",\"type\":\"signal\",\"payload\":{\"to\":\"stalled\",\"sdp\":\""
                    + "x".repeat(8000) + "\"}}";
            byte[] frame = FrameDecoderTest.clientFrame(0x81, signal.getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            // far more than the socket buffers hold: the sender must keep being served
            for (int i = 0; i < 4000; i++) {
                sender.write(frame);
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the sender was held up");
            // the stalled peer was dropped and announced offline
            String offline = sender.readText("presence_update");
            while (!offline.contains("\"offline\"")) {
                offline = sender.readText("presence_update");
            }
            assertTrue(offline.contains("\"peerId\":\"stalled\""), offline);
        }
    }

    @Test
    void aClosedServerRefusesConnections() throws IOException {
        int port = start();
        server.close();
        server.close(); // idempotent
        assertThrows(IOException.class, () -> {
            try (RawClient client = RawClient.open(port)) {
                client.readFrame();
            }
        });
    }

    @Test
    void aSilentClientIsNotHeldUpByTheReadTimeoutOfOthers() throws IOException {
        int port = start();
        try (RawClient quiet = RawClient.open(port); RawClient active = registered(port, "active")) {
            quiet.socket.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, quiet::readFrame, "nothing is sent unasked");
            active.sendText("{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
            assertTrue(active.readText("pong").contains("\"peerId\":\"active\""));
        }
    }
}
