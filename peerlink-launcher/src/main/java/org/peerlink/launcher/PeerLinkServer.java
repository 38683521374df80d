package org.peerlink.launcher;

import io.helidon.webserver.WebServer;

import org.peerlink.launcher.signal.SignalServer;

/**
 * A started launcher: the relay's Helidon server and the signal server, whichever run, and the
 * {@link ServerResources} behind them. {@link #close()} shuts down in the one safe order.
 */
public final class PeerLinkServer implements AutoCloseable {

    private final WebServer relay;
    private final SignalServer signal;
    private final ServerResources resources;
    private final LauncherOptions options;
    private boolean closed;

    /**
     * @param relay  the relay's server, null when the relay does not run
     * @param signal the signal server, null when the signal service does not run
     */
    PeerLinkServer(WebServer relay, SignalServer signal, ServerResources resources, LauncherOptions options) {
        this.relay = relay;
        this.signal = signal;
        this.resources = resources;
        this.options = options;
    }

    /**
     * The relay's Helidon server.
     *
     * @return the running server
     * @throws IllegalStateException when the relay does not run
     */
    public WebServer webServer() {
        if (relay == null) {
            throw new IllegalStateException("the relay does not run");
        }
        return relay;
    }

    /**
     * Actual port of a service's listener.
     *
     * @param service a service that runs
     * @return the bound port, -1 if the service does not run or the server stopped
     */
    public int port(ServiceName service) {
        if (!options.runs(service)) {
            return -1;
        }
        return service == ServiceName.RELAY ? relay.port() : signal.port();
    }

    /**
     * Stop the sweeper, then the listeners (in-flight relay requests get Helidon's grace period, signal connections
     * are dropped), then close the database: in that order so that nothing still running touches a closed store.
     * Idempotent; safe from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resources.stopSweeper();
            if (relay != null) {
                relay.stop();
            }
            if (signal != null) {
                signal.close();
            }
        } finally {
            resources.close();
        }
    }
}
