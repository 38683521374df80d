package org.peerlink.launcher.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherCommand;
import org.peerlink.launcher.LauncherOptionsParser;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.testkit.RawWebSocket;
import org.peerlink.testkit.TestDirs;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --ws-allowed-origins}: an operator's list of web origins that may open the signal socket. */
class SignalOriginTest {

    private static final Path DATA_DIR = TestDirs.create("signal-origin-test");
    private static PeerLinkServer server;

    @BeforeAll
    static void start() throws Exception {
        LauncherCommand command = LauncherOptionsParser.parse(new String[] {"--signal-port", "0", "--services", "signal",
                "--data-dir", DATA_DIR.toString(), "--ws-allowed-origins", "https://app.example.org,null"}, Map.of());
        server = Launcher.start(assertInstanceOf(LauncherCommand.Run.class, command).options(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterAll
    static void stop() {
        server.close();
        TestDirs.delete(DATA_DIR);
    }

    @Test
    void listedOriginsAndClientsWithoutOneAreAccepted() throws Exception {
        int port = server.port(ServiceName.SIGNAL);
        for (String origin : new String[] {"https://app.example.org", "HTTPS://APP.EXAMPLE.ORG", "null", null}) {
            String answer = RawWebSocket.handshakeAnswer(port, origin);
            assertTrue(answer.startsWith("HTTP/1.1 101 "), origin + ": " + answer);
        }
    }

    @Test
    void otherOriginsAreRefusedWith403() throws Exception {
        int port = server.port(ServiceName.SIGNAL);
        for (String origin : new String[] {"https://evil.example.org", "http://app.example.org",
                "https://app.example.org:8443"}) {
            String answer = RawWebSocket.handshakeAnswer(port, origin);
            assertTrue(answer.startsWith("HTTP/1.1 403 "), origin + ": " + answer);
        }
    }
}
