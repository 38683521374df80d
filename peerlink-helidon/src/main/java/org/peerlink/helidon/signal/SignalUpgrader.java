package org.peerlink.helidon.signal;

import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

import org.peerlink.helidon.ClientAddress;
import org.peerlink.signal.AllowedOrigins;

/**
 * The signal socket's WebSocket upgrade: Helidon's, with two differences.
 * <ul>
 *     <li>Origins: Helidon refuses an {@code Origin} that does not match {@code Host} unless it is on an explicit
 *     list, and has no "any"; browsers always send one, so a web build of the app or a test page on another origin
 *     could not connect. {@link AllowedOrigins} decides instead (any by default).</li>
 *     <li>The upgraded connection is a {@link SignalConnection}, which tells the listener when the transport ends
 *     however it ends: Helidon calls no listener method when the client's TCP connection just drops.</li>
 * </ul>
 */
final class SignalUpgrader extends WsUpgrader {

    private final AllowedOrigins origins;

    SignalUpgrader(WsConfig config, AllowedOrigins origins) {
        super(config);
        this.origins = origins;
    }

    @Override
    protected void validateOrigin(Headers headers, String origin) {
        if (!origins.allows(origin)) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.FORBIDDEN)
                    .message("Origin not allowed")
                    .build();
        }
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        ServerConnection connection = super.upgrade(ctx, prologue, headers);
        return connection == null ? null : new SignalConnection(connection, ctx.dataReader(),
                ClientAddress.of(ctx.proxyProtocolData(), ctx.remotePeer()));
    }
}
