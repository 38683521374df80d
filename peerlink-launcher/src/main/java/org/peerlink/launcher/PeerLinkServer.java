package org.peerlink.launcher;

import io.helidon.webserver.WebServer;

import org.peerlink.launcher.admin.AdminListener;

/**
 * A started launcher: the Helidon server with its listeners and the {@link ServerResources} behind them.
 * {@link #close()} shuts down in the one safe order.
 */
public final class PeerLinkServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(PeerLinkServer.class.getName());

    private final WebServer webServer;
    private final ServerResources resources;
    private final LauncherOptions options;
    private boolean closed;

    PeerLinkServer(WebServer webServer, ServerResources resources, LauncherOptions options) {
        this.webServer = webServer;
        this.resources = resources;
        this.options = options;
    }

    /**
     * The Helidon server.
     *
     * @return the running server
     */
    public WebServer webServer() {
        return webServer;
    }

    /**
     * Actual port of a service's listener.
     *
     * @param service a service that runs
     * @return the bound port, -1 if the service does not run or the server stopped
     */
    public int port(ServiceName service) {
        return options.runs(service) ? webServer.port(Launcher.socketName(options, service)) : -1;
    }

    /**
     * Actual port of the admin listener.
     *
     * @return the bound port, -1 if the server stopped
     */
    public int adminPort() {
        return webServer.port(AdminListener.SOCKET);
    }

    /**
     * The graceful shutdown of SIGTERM: readiness answers 503 at once, so that HAProxy's health check takes this
     * server out of rotation; after {@code --drain-delay} every signal socket is closed with 1012 "service restart",
     * spread over {@code --drain-window}; then {@link #close()} lets in-flight relay requests finish, commits and
     * closes the store. Meanwhile both listeners keep serving as usual: a client HAProxy still sends here is served.
     */
    public void drain() {
        AdminSettings admin = options.admin();
        resources.readiness().startDraining();
        LOGGER.log(System.Logger.Level.INFO, "draining: not ready; signal sockets close in "
                + admin.drainDelay().toSeconds() + " s, spread over " + admin.drainWindow().toSeconds() + " s");
        try {
            Thread.sleep(admin.drainDelay());
            if (resources.signalService().isPresent()) {
                int closed = resources.signalService().get().drain(admin.drainWindow());
                LOGGER.log(System.Logger.Level.INFO, "draining: closed " + closed + " signal connections (1012)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop at once: close() below still runs
        } finally {
            close();
        }
    }

    /**
     * Stop the sweeper, then the listeners (in-flight requests get Helidon's grace period), then close the
     * database: in that order so that nothing still running touches a closed store. Idempotent; safe from a
     * shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resources.stopSweeper();
            webServer.stop();
        } finally {
            resources.close();
        }
    }
}
