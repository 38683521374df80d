package org.peerlink.launcher;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

import org.peerlink.relay.RelayService;
import org.peerlink.signal.IdleTimeout;
import org.peerlink.signal.SignalService;

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
                .connectionOptions(Launcher::socketOptions)
                .directHandlers(JsonErrors.directHandlers());

        if (options.runs(ServiceName.RELAY)) {
            RelayService relay = resources.relayService().orElseThrow();
            // No maxPayloadSize: the relay holds bodies to its limit itself (BoundedBody), so that a client can
            // still read the 413; Helidon's would close the connection while the client is writing.
            server.port(options.relayPort())
                    .routing(routing -> relayRouting(routing, relay));
            if (options.runs(ServiceName.SIGNAL)) {
                server.putSocket(SIGNAL_SOCKET, socket -> {
                    socket.host(options.host())
                            .port(options.signalPort());
                    signalListener(socket, options, resources.signalService().orElseThrow());
                });
            }
        } else {
            server.port(options.signalPort());
            signalListener(server, options, resources.signalService().orElseThrow());
        }
    }

    /**
     * Options of accepted relay connections. TCP_NODELAY (Helidon's default is off): a response written in more than
     * one piece otherwise waits for the client's delayed acknowledgement, 40 ms on Linux, which is what a 45 KiB
     * fetch response measured. The signal socket keeps Nagle's algorithm: the presence updates written to a peer
     * one after the other then share TCP segments, which measured half the CPU per update on both ends.
     */
    private static void socketOptions(SocketOptions.Builder options) {
        options.tcpNoDelay(true);
    }

    /**
     * Relay routes: health and the relay API.
     *
     * @param routing relay socket routing
     * @param relay   the relay service
     */
    static void relayRouting(HttpRouting.Builder routing, RelayService relay) {
        RelayHttpService relayService = new RelayHttpService(relay);
        routing.addFilter(new ClientCloseFilter())
                .register(new HealthService())
                .register(relayService)
                .any(relayService::notFound);
    }

    /**
     * Signal socket settings. Helidon closes a connection after the listener's idle timeout, and on a WebSocket only
     * inbound frames reset it. The app pings every 20 s, so the default of 60 s drops a dead client after three
     * missed pings and keeps every live one; the check runs often enough that a connection is closed within a
     * quarter of the timeout after it expired.
     */
    private static void signalListener(ListenerConfig.BuilderBase<?, ?> socket, LauncherOptions options,
                                       SignalService service) {
        Duration timeout = options.wsIdleTimeout();
        socket.addRouting(signalRouting(service));
        // A message over the service's limit must be answered with an error frame, not a closed connection, so a
        // single frame must be able to hold the largest such message (1 Mi chars, 3 bytes each in UTF-8).
        WsConfig ws = WsConfig.builder().maxFrameLength(service.settings().maxMessageBytes() + 1024).build();
        // Helidon's WebSocket connection looks its settings up among the socket's protocols.
        socket.addProtocol(ws);
        // Our upgrader (origins, the end of a connection) in a selector of its own: selectors given explicitly are
        // asked before the ones Helidon builds from the protocols, so every handshake on this socket goes through it.
        socket.addConnectionSelector(Http1ConnectionSelector.builder()
                .config(Http1Config.create())
                .addUpgrader(new SignalUpgrader(ws, options.wsAllowedOrigins()))
                .build());
        // Most signal connections sit idle for hours. Helidon's default NIO socket keeps an 8 KiB read and an 8 KiB
        // write buffer per connection; the plain socket only the read buffer, which measured 7 KiB less heap per
        // idle connection at the same CPU cost (docs/PERFORMANCE.md).
        socket.useNio(false)
                .idleConnectionTimeout(timeout)
                .idleConnectionPeriod(new IdleTimeout(timeout).checkPeriod());
    }

    /**
     * Signal routes: the WebSocket endpoint on {@code /} (clients connect to {@code ws://HOST:PORT}), one
     * listener per connection, all bound to the one service.
     *
     * @param service the signal service
     * @return signal socket WebSocket routing
     */
    static WsRouting.Builder signalRouting(SignalService service) {
        return WsRouting.builder().endpoint("/", () -> new SignalWsListener(service));
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
