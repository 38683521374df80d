package org.peerlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports the rendered configs can name: free on 127.0.0.1 for TCP and UDP when asked for. Another process could
 * take one before the program under test binds it; the window is short and the failure would be a clear "address
 * in use" in that program's log.
 */
public final class FreePorts {

    private final Set<Integer> handedOut = new HashSet<>();

    /**
     * A port free for TCP and UDP on 127.0.0.1 (TURN listens on both).
     *
     * @return port number
     */
    public int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = tcp.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (handedOut.contains(port) || !udpFree(port)) {
                continue;
            }
            handedOut.add(port);
            return port;
        }
        throw new IllegalStateException("no free port found");
    }

    /**
     * First port of {@code size} consecutive ports, none handed out yet, for coturn's relay range. They are taken
     * from below the kernel's ephemeral range (32768+), so the other ports of the test do not fall inside.
     *
     * @param size number of ports
     * @return first port
     */
    public int range(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 32000 - size);
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                free = !handedOut.contains(p) && udpFree(p);
            }
            if (free) {
                for (int p = first; p < first + size; p++) {
                    handedOut.add(p);
                }
                return first;
            }
        }
        throw new IllegalStateException("no free port range of " + size + " found");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return udp.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
