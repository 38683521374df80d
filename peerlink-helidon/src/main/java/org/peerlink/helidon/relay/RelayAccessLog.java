package org.peerlink.helidon.relay;

import java.lang.System.Logger.Level;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.peerlink.helidon.ClientAddress;

/**
 * One log line per relay request, on logger {@code org.peerlink.relay.access}: method, path, status, milliseconds,
 * response bytes, client address (from the PROXY protocol behind HAProxy). The query is left out: a fetch names the
 * peerId it polls for there, and a log must not hold peerIds.
 */
final class RelayAccessLog implements Filter {

    private static final System.Logger LOGGER = System.getLogger("org.peerlink.relay.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (LOGGER.isLoggable(Level.INFO)) {
                LOGGER.log(Level.INFO, req.prologue().method().text() + " " + req.path().path() + " "
                        + res.status().code() + " " + (System.nanoTime() - started) / 1_000_000 + "ms "
                        + res.bytesWritten() + "B " + ClientAddress.of(req.proxyProtocolData(), req.remotePeer()));
            }
        }
    }
}
