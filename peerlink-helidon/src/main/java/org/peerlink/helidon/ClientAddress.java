package org.peerlink.helidon;

import java.util.Optional;

import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ProxyProtocolData;

/**
 * The address a client's limits are kept under: the PROXY protocol's source address when the listener takes the
 * protocol (behind HAProxy every client would otherwise be 127.0.0.1), else the connection's own peer. Never a
 * header a client can set.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(Optional<ProxyProtocolData> proxied, PeerInfo peer) {
        return proxied.map(ProxyProtocolData::sourceAddress)
                .filter(address -> !address.isBlank())
                .orElseGet(peer::host);
    }
}
