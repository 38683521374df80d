package org.peerlink.infra;

import java.util.Objects;
import java.util.Optional;

/**
 * What turnserver.conf says.
 *
 * @param port              TURN/STUN port (UDP and TCP)
 * @param tlsPort           TURN over TLS port
 * @param minPort           first media relay port
 * @param maxPort           last media relay port
 * @param realm             TURN realm
 * @param auth              how clients authenticate
 * @param listenIp          the one address coturn listens and relays on; empty = every address
 * @param limits            quotas and bandwidth limits
 * @param allowPrivatePeers whether TURN may relay to private and link-local addresses
 */
public record TurnSettings(int port,
                           int tlsPort,
                           int minPort,
                           int maxPort,
                           String realm,
                           TurnAuth auth,
                           Optional<String> listenIp,
                           TurnLimits limits,
                           boolean allowPrivatePeers) {

    /**
     * Checks the values are present and the relay range is not empty.
     */
    public TurnSettings {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(listenIp, "listenIp");
        Objects.requireNonNull(limits, "limits");
        if (minPort > maxPort) {
            throw new IllegalArgumentException("relay port range " + minPort + "-" + maxPort + " is empty");
        }
    }
}
