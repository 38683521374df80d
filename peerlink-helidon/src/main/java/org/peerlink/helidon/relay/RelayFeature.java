package org.peerlink.helidon.relay;

import java.util.Objects;

import io.helidon.common.Weighted;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.spi.ServerFeature;

import org.peerlink.relay.RelayService;

/**
 * The relay (PROTOCOL.md §2) as a Helidon {@link ServerFeature}: mounts every relay route, {@code /health}
 * included, on one socket of a web server.
 * <pre>{@code
 * WebServer.builder()
 *         .update(RelayFeature::listener)           // TCP_NODELAY for the relay's socket
 *         .directHandlers(JsonErrors.directHandlers())
 *         .addFeature(RelayFeature.create(relay))
 * }</pre>
 * The relay answers every request on its socket that no route of the application took: it is registered with a
 * weight below the application's routes, so a host can serve its own paths beside it, and anything else gets the
 * relay's JSON 404.
 */
public final class RelayFeature implements ServerFeature, Weighted {

    /** Below Helidon's default of 100 for the application's own routing, so those come first. */
    private static final double WEIGHT = 10;

    private final RelayService relay;
    private final String socket;
    private final boolean accessLog;

    private RelayFeature(RelayService relay, String socket, boolean accessLog) {
        this.relay = Objects.requireNonNull(relay);
        this.socket = Objects.requireNonNull(socket);
        this.accessLog = accessLog;
    }

    /**
     * The same feature, logging one line per request (logger {@code org.peerlink.relay.access}) or not.
     *
     * @param enabled whether to log requests
     * @return the feature
     */
    public RelayFeature accessLog(boolean enabled) {
        return new RelayFeature(relay, socket, enabled);
    }

    /** The relay on the server's default socket. */
    public static RelayFeature create(RelayService relay) {
        return create(relay, WebServer.DEFAULT_SOCKET_NAME);
    }

    /** The relay on a named socket (one given to {@code putSocket}). */
    public static RelayFeature create(RelayService relay, String socket) {
        return new RelayFeature(relay, socket, false);
    }

    /**
     * The listener settings the relay's socket should have (a feature cannot change them): TCP_NODELAY, which
     * Helidon leaves off. A response written in more than one piece otherwise waits for the client's delayed
     * acknowledgement, 40 ms on Linux, which is what a 45 KiB fetch response measured.
     *
     * @param listener the builder of the relay's socket, or the server's for the default socket
     */
    public static void listener(ListenerConfig.BuilderBase<?, ?> listener) {
        listener.connectionOptions(RelayFeature::socketOptions);
    }

    private static void socketOptions(SocketOptions.Builder options) {
        options.tcpNoDelay(true);
    }

    @Override
    public void setup(ServerFeatureContext features) {
        // No maxPayloadSize: the relay holds bodies to its limit itself (BoundedBody), so that a client can still
        // read the 413; Helidon's would close the connection while the client is writing.
        HttpRouting.Builder routing = features.socket(socket).httpRouting();
        if (accessLog) {
            routing.addFilter(new RelayAccessLog());
        }
        routing.addFilter(new ClientCloseFilter())
                .register(new RelayHttpService(relay));
    }

    @Override
    public String name() {
        return "relay-" + socket;
    }

    @Override
    public String type() {
        return "peerlink-relay";
    }

    @Override
    public double weight() {
        return WEIGHT;
    }
}
