package org.peerlink.launcher.infra;

import java.util.Objects;

/**
 * What haproxy.cfg says, and where it finds the launcher.
 *
 * @param bindAddress          address HAProxy's TLS frontends listen on
 * @param signalPublicPort     wss:// port
 * @param relayPublicPort      https:// port
 * @param signalBackendPort    launcher signal port on 127.0.0.1
 * @param relayBackendPort     launcher relay port on 127.0.0.1
 * @param tunnelTimeoutSeconds idle limit for an upgraded WebSocket
 */
public record ProxySettings(String bindAddress,
                            int signalPublicPort,
                            int relayPublicPort,
                            int signalBackendPort,
                            int relayBackendPort,
                            int tunnelTimeoutSeconds) {

    /**
     * Checks the values are present.
     */
    public ProxySettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (tunnelTimeoutSeconds < 1) {
            throw new IllegalArgumentException("tunnel timeout must be positive");
        }
    }
}
