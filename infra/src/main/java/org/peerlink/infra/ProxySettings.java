package org.peerlink.infra;

import java.util.Objects;

/**
 * What haproxy.cfg says, and where it finds the launcher.
 *
 * @param bindAddress       address HAProxy's TLS frontends listen on
 * @param signalPublicPort  wss:// port
 * @param relayPublicPort   https:// port
 * @param signalBackendPort launcher signal port on 127.0.0.1
 * @param relayBackendPort  launcher relay port on 127.0.0.1
 * @param signalTimeouts    the launcher's idle limit for a signal connection and HAProxy's above it
 * @param connectionsPerAddress connections one client address may hold on each frontend: HAProxy holds a connection
 *                          from its accept, before any request reaches the launcher, whose own per-address caps are
 *                          below this one
 */
public record ProxySettings(String bindAddress,
                            int signalPublicPort,
                            int relayPublicPort,
                            int signalBackendPort,
                            int relayBackendPort,
                            SignalTimeouts signalTimeouts,
                            int connectionsPerAddress) {

    /**
     * Checks the values are present.
     */
    public ProxySettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(signalTimeouts, "signalTimeouts");
    }
}
