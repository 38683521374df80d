package org.peerlink.helidon.signal;

import java.util.Objects;

import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerFeature;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

import org.peerlink.signal.IdleTimeout;
import org.peerlink.signal.SignalService;
import org.peerlink.signal.SignalSettings;

/**
 * The signal service (PROTOCOL.md §3) as a Helidon {@link ServerFeature}: the WebSocket endpoint on {@code /} of
 * one socket (clients connect to {@code ws://HOST:PORT}), one {@link SignalWsListener} per connection, all bound to
 * the one {@link SignalService}.
 * <p>
 * A feature cannot change a listener's settings, and the signal socket needs some (frame size, idle timeout, the
 * origin check): {@link #listener} applies them and must be called on the socket's builder.
 * <pre>{@code
 * SignalFeature signal = SignalFeature.create(service, "signal");
 * WebServer.builder()
 *         .putSocket("signal", socket -> signal.listener(socket.port(3000)))
 *         .addFeature(signal)
 * }</pre>
 */
public final class SignalFeature implements ServerFeature {

    /** The name of the WebSocket settings {@link #listener} gives a socket, by which {@link #setup} finds them. */
    private static final String PROTOCOL_NAME = "peerlink-signal";

    private final SignalService service;
    private final String socket;

    private SignalFeature(SignalService service, String socket) {
        this.service = Objects.requireNonNull(service);
        this.socket = Objects.requireNonNull(socket);
    }

    /** The signal service on the server's default socket. */
    public static SignalFeature create(SignalService service) {
        return create(service, WebServer.DEFAULT_SOCKET_NAME);
    }

    /** The signal service on a named socket (one given to {@code putSocket}). */
    public static SignalFeature create(SignalService service, String socket) {
        return new SignalFeature(service, socket);
    }

    /**
     * Gives the signal socket what the service needs of it.
     * <ul>
     *     <li>Frames as large as the largest message: one over the service's limit must be answered with an error
     *     frame, not a closed connection (1 Mi chars, 3 bytes each in UTF-8).</li>
     *     <li>{@link SignalUpgrader} for every handshake: the service's origin rule and the end of a connection.</li>
     *     <li>The idle timeout. Helidon closes a connection after the listener's idle timeout, and on a WebSocket only
     *     inbound frames reset it; the check runs often enough that a connection is closed within a quarter of the
     *     timeout after it expired ({@link IdleTimeout}).</li>
     *     <li>The plain socket rather than NIO: most signal connections sit idle for hours, and Helidon's NIO socket
     *     keeps an 8 KiB read and an 8 KiB write buffer per connection, the plain one only the read buffer, which
     *     measured 7 KiB less heap per idle connection at the same CPU cost (docs/PERFORMANCE.md). The socket keeps
     *     Nagle's algorithm: the presence updates written to a peer one after the other then share TCP segments,
     *     which measured half the CPU per update on both ends.</li>
     * </ul>
     *
     * @param listener the builder of the signal's socket, or the server's for the default socket
     */
    public void listener(ListenerConfig.BuilderBase<?, ?> listener) {
        SignalSettings settings = service.settings();
        WsConfig ws = WsConfig.builder()
                .name(PROTOCOL_NAME)
                .maxFrameLength(settings.caps().maxMessageBytes() + 1024)
                .build();
        // Helidon's WebSocket connection looks its settings up among the socket's protocols.
        listener.addProtocol(ws);
        // Our upgrader in a selector of its own: selectors given explicitly are asked before the ones Helidon builds
        // from the protocols, so every handshake on this socket goes through it.
        listener.addConnectionSelector(Http1ConnectionSelector.builder()
                .config(Http1Config.create())
                .addUpgrader(new SignalUpgrader(ws, settings.allowedOrigins()))
                .build());
        listener.useNio(false)
                .idleConnectionTimeout(settings.idleTimeout().timeout())
                .idleConnectionPeriod(settings.idleTimeout().checkPeriod());
    }

    @Override
    public void setup(ServerFeatureContext features) {
        SocketBuilders builders = features.socket(socket);
        // Not builders.listener(): for a named socket, Helidon 4.5 hands out the default socket's settings there.
        ListenerConfig listener = WebServer.DEFAULT_SOCKET_NAME.equals(socket)
                ? features.serverConfig() : features.serverConfig().sockets().get(socket);
        boolean prepared = listener.protocols().stream()
                .map(ProtocolConfig::name)
                .anyMatch(PROTOCOL_NAME::equals);
        if (!prepared) {
            throw new IllegalStateException("the signal socket \"" + socket
                    + "\" lacks its settings: call SignalFeature.listener(...) on its builder");
        }
        builders.routingBuilders()
                .routingBuilder(WsRouting.Builder.class, WsRouting::builder)
                .endpoint("/", () -> new SignalWsListener(service));
    }

    @Override
    public String name() {
        return "signal-" + socket;
    }

    @Override
    public String type() {
        return "peerlink-signal";
    }
}
