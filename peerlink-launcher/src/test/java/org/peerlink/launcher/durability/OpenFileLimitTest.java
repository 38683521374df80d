package org.peerlink.launcher.durability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.RawHttp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding 11 of issue 13: with more connections than the process had file descriptors, an accept failed, Helidon
 * stopped the listener for good, and the still-running process never accepted again. The launcher now fits its
 * connection caps under the limit, says so at start-up, and keeps serving.
 */
class OpenFileLimitTest {

    /** Low enough that the default caps do not fit, high enough for the JVM and the database. */
    private static final int FILE_LIMIT = 700;
    private static final int CONNECTIONS = 900;

    @TempDir
    Path dataDir;
    @TempDir
    Path tmp;

    @Test
    void moreConnectionsThanFileDescriptorsLeaveTheListenerServing() throws Exception {
        List<String> prlimit = List.of("prlimit", "--nofile=" + FILE_LIMIT + ":" + FILE_LIMIT);
        try (ChildLauncher child = ChildLauncher.start(prlimit, dataDir, tmp.resolve("child.log"), List.of(),
                List.of())) {
            int port = child.port();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    sockets.add(socket);
                }
            } catch (IOException e) {
                // the kernel's backlog may fill up: what was opened is enough
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            assertTrue(sockets.size() > FILE_LIMIT, "only " + sockets.size() + " connections were opened");
            String health = RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(health.startsWith("HTTP/1.1 200 "), health + "\n" + child.log());
            assertTrue(!child.log().contains("terminating now"), child.log());
            assertTrue(child.log().contains("the open-file limit is " + FILE_LIMIT), child.log());
        }
    }
}
