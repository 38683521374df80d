package org.peerlink.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import org.peerlink.launcher.signal.SignalServer;
import org.peerlink.launcher.signal.SignalSettings;
import org.peerlink.relay.RelayService;

/**
 * Starts the listeners: the relay on a Helidon {@link WebServer}, the signal socket on its own NIO WebSocket server
 * ({@link SignalServer}, see there why), both over the {@link ServerResources} of the data directory.
 */
public final class Launcher {

    private static final System.Logger LOGGER = System.getLogger(Launcher.class.getName());

    private Launcher() {
    }

    /**
     * Configure the relay's Helidon server: socket, routes, body limit, JSON errors. Used by {@link #start} and by
     * tests ({@code @SetUpServer}).
     *
     * @param server    server builder
     * @param options   launcher options; the relay must be one of the services
     * @param resources the open database and the services over it; the caller closes them after the server
     *                  stopped
     */
    public static void setup(WebServerConfig.Builder server, LauncherOptions options, ServerResources resources) {
        RelayService relay = resources.relayService()
                .orElseThrow(() -> new IllegalArgumentException("the relay does not run with these options"));
        server.host(options.host())
                .directHandlers(JsonErrors.directHandlers())
                .port(options.relayPort())
                .maxPayloadSize(options.relay().maxBodyBytes())
                .routing(routing -> relayRouting(routing, relay));
    }

    /**
     * Relay routes: health and the relay API.
     *
     * @param routing relay socket routing
     * @param relay   the relay service
     */
    static void relayRouting(HttpRouting.Builder routing, RelayService relay) {
        routing.register(new HealthService())
                .register(new RelayHttpService(relay));
    }

    /**
     * The signal socket's settings for these options.
     *
     * @param options launcher options
     * @return limits and timeouts of the signal socket
     */
    public static SignalSettings signalSettings(LauncherOptions options) {
        return SignalSettings.defaults(options.wsIdleTimeout());
    }

    /**
     * Prepare the data directory, open the database, start the listeners and the expiry sweeper, and print one
     * line per listener to {@code out}: {@code peerlink relay listening on http://HOST:PORT},
     * {@code peerlink signal listening on ws://HOST:PORT}.
     *
     * @param options launcher options
     * @param out     where the "listening" lines go (stdout)
     * @return the running server; close it to shut down
     * @throws StartupException if the data directory or database is unusable or a listener cannot be started
     */
    public static PeerLinkServer start(LauncherOptions options, PrintStream out) throws StartupException {
        Path dataDir = DataDirectory.prepare(options.dataDir());
        ServerResources resources = ServerResources.open(options, dataDir);
        WebServer relay = null;
        SignalServer signal = null;
        try {
            if (options.runs(ServiceName.RELAY)) {
                relay = startRelay(options, resources);
            }
            if (options.runs(ServiceName.SIGNAL)) {
                signal = startSignal(options, resources);
            }
        } catch (StartupException | RuntimeException e) {
            if (relay != null) {
                relay.stop();
            }
            resources.close();
            throw e;
        }
        resources.startSweeper();

        LOGGER.log(Level.INFO, "data directory {0}", dataDir);
        PeerLinkServer running = new PeerLinkServer(relay, signal, resources, options);
        for (ServiceName service : options.services()) {
            out.println("peerlink " + service.id() + " listening on "
                                + service.scheme() + "://" + hostPort(options.host(), running.port(service)));
        }
        out.flush();
        return running;
    }

    private static SignalServer startSignal(LauncherOptions options, ServerResources resources)
            throws StartupException {
        InetAddress address;
        try {
            address = InetAddress.getByName(options.host());
        } catch (UnknownHostException e) {
            throw new StartupException("cannot listen on " + options.host() + " (unknown host)", e);
        }
        try {
            return SignalServer.start(new InetSocketAddress(address, options.signalPort()),
                    resources.signalHub().orElseThrow(), signalSettings(options));
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StartupException("cannot listen on " + hostPort(options.host(), options.signalPort()) + " ("
                    + reason.toLowerCase(Locale.ROOT) + ")", e);
        }
    }

    private static WebServer startRelay(LauncherOptions options, ServerResources resources) throws StartupException {
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
