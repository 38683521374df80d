package org.peerlink.launcher;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The operator's side of the launcher: where the admin listener (metrics, health, status page, online backup)
 * listens, and how a SIGTERM drains the server.
 *
 * @param host        address the admin listener binds to; loopback by default, never the public address unless asked
 * @param port        its port, 0 = any free port
 * @param drainDelay  how long readiness answers 503 before the first signal socket is closed, so that a load
 *                    balancer's health check takes the server out of rotation first
 * @param drainWindow over how long the signal sockets are then closed with 1012, so that their reconnects arrive
 *                    spread out instead of all at once
 */
public record AdminSettings(String host, int port, Duration drainDelay, Duration drainWindow) {

    /** Validates. */
    public AdminSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException(LauncherOption.ADMIN_HOST.key() + " must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(LauncherOption.ADMIN_PORT.key() + " must be 0..65535, got " + port);
        }
        if (drainDelay.isNegative() || drainWindow.isNegative()) {
            throw new IllegalArgumentException("the drain delay and window must not be negative");
        }
    }

    /**
     * Copy on another port.
     *
     * @param newPort port, 0 = any free port
     * @return new settings
     */
    public AdminSettings withPort(int newPort) {
        return new AdminSettings(host, newPort, drainDelay, drainWindow);
    }

    /**
     * Copy with another drain.
     *
     * @param delay  readiness 503 before the sockets are closed
     * @param window over how long they are closed
     * @return new settings
     */
    public AdminSettings withDrain(Duration delay, Duration window) {
        return new AdminSettings(host, port, delay, window);
    }

    /**
     * An admin path on this listener, as a client on the same machine reaches it: a wildcard bind on loopback.
     *
     * @param path e.g. {@code /status.json}
     * @return the URI
     */
    public URI uri(String path) {
        String reach = switch (host) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return URI.create("http://" + reach + ":" + port + path);
    }
}
