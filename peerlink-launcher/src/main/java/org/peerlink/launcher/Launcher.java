package org.peerlink.launcher;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import org.peerlink.helidon.JsonErrors;
import org.peerlink.helidon.relay.RelayFeature;
import org.peerlink.helidon.signal.SignalFeature;
import org.peerlink.launcher.admin.AdminListener;
import org.peerlink.launcher.admin.BackupService;
import org.peerlink.launcher.admin.StatusService;

/**
 * Wires the relay and signal listeners onto one Helidon {@link WebServer}.
 * <p>
 * Helidon always has a default socket ({@value WebServer#DEFAULT_SOCKET_NAME}). The relay uses it when enabled and
 * the signal service gets the named socket {@value #SIGNAL_SOCKET}; with {@code --services signal} alone the signal
 * service takes the default socket. Use {@link #socketName(LauncherOptions, ServiceName)} to look a service up.
 */
public final class Launcher {

    /** Name of the signal socket when the relay owns the default socket. */
    public static final String SIGNAL_SOCKET = "signal";

    private static final System.Logger LOGGER = System.getLogger(Launcher.class.getName());

    private Launcher() {
    }

    /**
     * Configure the server: sockets, routes, limits, JSON errors. Used by {@link #start} and by tests
     * ({@code @SetUpServer}).
     *
     * @param server    server builder
     * @param options   launcher options
     * @param resources the open database and the services over it; the caller closes them after the server
     *                  stopped
     */
    public static void setup(WebServerConfig.Builder server, LauncherOptions options, ServerResources resources) {
        server.host(options.host())
                .enableProxyProtocol(options.proxyProtocol())
                .directHandlers(JsonErrors.directHandlers());
        Optional<SignalFeature> signal = resources.signalService()
                .map(service -> SignalFeature.create(service, socketName(options, ServiceName.SIGNAL)));
        if (options.runs(ServiceName.RELAY)) {
            server.port(options.relayPort())
                    .maxTcpConnections(options.maxRelayConnections())
                    .update(RelayFeature::listener)
                    .addFeature(RelayFeature.create(resources.relayService().orElseThrow())
                            .accessLog(options.log().accessLog()));
            signal.ifPresent(feature -> server.putSocket(SIGNAL_SOCKET, socket -> feature.listener(socket
                    .host(options.host())
                    .port(options.signalPort())
                    .maxTcpConnections(options.maxSignalConnections())
                    .enableProxyProtocol(options.proxyProtocol()))));
        } else {
            server.port(options.signalPort())
                    .maxTcpConnections(options.maxSignalConnections());
            signal.ifPresent(feature -> feature.listener(server));
        }
        signal.ifPresent(server::addFeature);
        AdminListener.setup(server, options.admin(), resources.registry(), resources.readiness(),
                List.of(new StatusService(resources.status()), new BackupService(resources.database())));
    }

    /**
     * Helidon socket that serves a service.
     *
     * @param options options the server was set up with
     * @param service service
     * @return socket name for {@link WebServer#port(String)}
     */
    public static String socketName(LauncherOptions options, ServiceName service) {
        if (service == ServiceName.SIGNAL && options.runs(ServiceName.RELAY)) {
            return SIGNAL_SOCKET;
        }
        return WebServer.DEFAULT_SOCKET_NAME;
    }

    /**
     * Prepare the data directory, open the database, start the listeners and the expiry sweeper, and print one
     * line per listener to {@code out}: {@code peerlink relay listening on http://HOST:PORT},
     * {@code peerlink signal listening on ws://HOST:PORT}, {@code peerlink admin listening on http://HOST:PORT}.
     *
     * @param given   launcher options; connection caps above the process's open-file limit are lowered to fit
     *                ({@link OpenFileLimit})
     * @param out     where the "listening" lines go (stdout)
     * @return the running server; close it to shut down
     * @throws StartupException if the data directory or database is unusable or a listener cannot be started
     */
    public static PeerLinkServer start(LauncherOptions given, PrintStream out) throws StartupException {
        OptionalLong fileLimit = OpenFileLimit.current();
        LauncherOptions options = fileLimit.isPresent() ? OpenFileLimit.fit(given, fileLimit.getAsLong()) : given;
        Path dataDir = DataDirectory.prepare(options.dataDir());
        ServerResources resources = ServerResources.open(options, dataDir);
        WebServer server;
        try {
            server = startServer(options, resources);
        } catch (StartupException | RuntimeException e) {
            resources.close();
            throw e;
        }
        resources.startSweeper();

        LOGGER.log(Level.INFO, "data directory {0}", dataDir);
        PeerLinkServer running = new PeerLinkServer(server, resources, options);
        for (ServiceName service : options.services()) {
            out.println("peerlink " + service.id() + " listening on "
                                + service.scheme() + "://" + hostPort(options.host(), running.port(service)));
        }
        out.println("peerlink admin listening on http://" + hostPort(options.admin().host(), running.adminPort()));
        out.flush();
        return running;
    }

    private static WebServer startServer(LauncherOptions options, ServerResources resources) throws StartupException {
        WebServer server;
        try {
            WebServerConfig.Builder builder = WebServer.builder()
                    // Main's shutdown hook closes the server and then the database; Helidon's own hook
                    // could stop the listeners in parallel with it
                    .shutdownHook(false);
            setup(builder, options, resources); // host(...) resolves the address right away
            server = builder.build();
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new StartupException("cannot listen on " + options.host() + " (unknown host)", e);
            }
            throw new StartupException("invalid server configuration: " + e.getMessage(), e);
        }

        try (StartFailureCapture capture = StartFailureCapture.install()) {
            server.start();
            if (!server.isRunning()) {
                String message = capture.failure()
                        .map(f -> "cannot listen on " + hostPort(options.host(), f.port()) + " (" + f.reason() + ")")
                        .orElse("the server failed to start (see the log above)");
                throw new StartupException(message, capture.failure().map(StartFailureCapture.Failure::thrown)
                        .orElse(null));
            }
        }
        return server;
    }

    static String hostPort(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port < 0 ? h : h + ":" + port;
    }
}
