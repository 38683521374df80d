package org.peerlink.helidon.relay;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection after the response to a request that carried {@code Connection: close}, as HTTP/1.1 asks.
 * The app sends it on every relay request (PROTOCOL.md §3.4) and waits for the end of the connection; Helidon 4
 * answers with {@code Connection: close} but then keeps reading the socket, so the client waits until it gives up.
 * Throwing {@link CloseConnectionException} once the response is out makes Helidon flush it and close the socket.
 * <p>
 * A request whose handler failed before anything was sent is left to Helidon's error handling (its response still
 * says {@code Connection: close}); every relay route answers itself, including unknown paths and wrong methods, so
 * that only a failure to read the request body takes that path.
 */
final class ClientCloseFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        boolean closeRequested = req.headers().containsToken(HeaderValues.CONNECTION_CLOSE);
        try {
            chain.proceed();
        } finally {
            if (closeRequested && res.isSent()) {
                throw new CloseConnectionException("the client asked to close the connection after the response");
            }
        }
    }
}
