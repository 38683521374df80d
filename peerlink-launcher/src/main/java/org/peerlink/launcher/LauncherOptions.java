package org.peerlink.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.peerlink.options.UsageException;
import org.peerlink.relay.RelaySettings;

import org.peerlink.limits.RateLimits;
import org.peerlink.signal.AllowedOrigins;
import org.peerlink.signal.SignalCaps;

/**
 * Launcher settings, read once (command line, environment, config file, defaults) and then immutable.
 *
 * @param relayPort     relay HTTP port, 0 = any free port
 * @param signalPort    signal WebSocket port, 0 = any free port
 * @param host          address the listeners bind to
 * @param dataDir       data directory (as given; may be relative)
 * @param services      services to start, never empty
 * @param relay         the relay's retention and size limits ({@code maxBodyBytes} holds every request body the
 *                      relay reads)
 * @param sweepInterval pause between two deletions of expired relay data
 * @param wsIdleTimeout a signal connection without an inbound frame for this long is closed
 * @param wsAllowedOrigins web origins that may open the signal socket
 * @param signalCaps    what one signal client may ask of the service
 * @param rateLimits    the rate limits of both services
 * @param proxyProtocol whether both listeners expect the PROXY protocol (behind HAProxy's {@code send-proxy-v2})
 * @param maxRelayConnections  open relay connections at once
 * @param maxSignalConnections open signal connections at once
 * @param pinExpiry     a peerId's key pin is released when it has not registered for this long; zero: never
 * @param admin         the admin listener and the drain on SIGTERM
 * @param log           the log's format and whether the relay writes an access log
 * @param configFile    the config file that was read, if any
 */
public record LauncherOptions(int relayPort,
                              int signalPort,
                              String host,
                              Path dataDir,
                              Set<ServiceName> services,
                              RelaySettings relay,
                              Duration sweepInterval,
                              Duration wsIdleTimeout,
                              AllowedOrigins wsAllowedOrigins,
                              SignalCaps signalCaps,
                              RateLimits rateLimits,
                              boolean proxyProtocol,
                              int maxRelayConnections,
                              int maxSignalConnections,
                              Duration pinExpiry,
                              AdminSettings admin,
                              LogSettings log,
                              Optional<Path> configFile) {

    /**
     * Validates and freezes the values.
     */
    public LauncherOptions {
        checkPort(relayPort, LauncherOption.RELAY_PORT);
        checkPort(signalPort, LauncherOption.SIGNAL_PORT);
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(services, "services");
        if (services.isEmpty()) {
            throw new IllegalArgumentException("at least one service is required");
        }
        services = Collections.unmodifiableSet(EnumSet.copyOf(services));
        Objects.requireNonNull(relay, "relay");
        checkPositive(sweepInterval, LauncherOption.SWEEP_INTERVAL);
        checkPositive(wsIdleTimeout, LauncherOption.WS_IDLE_TIMEOUT);
        Objects.requireNonNull(wsAllowedOrigins, "wsAllowedOrigins");
        Objects.requireNonNull(signalCaps, "signalCaps");
        Objects.requireNonNull(rateLimits, "rateLimits");
        if (maxRelayConnections < 1 || maxSignalConnections < 1) {
            throw new IllegalArgumentException("the connection caps must be positive");
        }
        Objects.requireNonNull(pinExpiry, LauncherOption.PIN_EXPIRY.key());
        if (pinExpiry.isNegative()) {
            throw new IllegalArgumentException(LauncherOption.PIN_EXPIRY.key() + " must not be negative");
        }
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(configFile, "configFile");
    }

    /**
     * Defaults with the given ports and data directory: handy for tests and embedding.
     *
     * @param relayPort  relay port
     * @param signalPort signal port
     * @param dataDir    data directory
     * @return options with both services on 127.0.0.1 and the defaults of {@code --help}, except that the admin
     *         listener takes a free port (so that several servers in one JVM, or tests, do not collide on 9400)
     */
    public static LauncherOptions of(int relayPort, int signalPort, Path dataDir) {
        LauncherOptions d = Defaults.OPTIONS;
        return new LauncherOptions(relayPort, signalPort, d.host, dataDir, d.services, d.relay, d.sweepInterval,
                                   d.wsIdleTimeout, d.wsAllowedOrigins, d.signalCaps, d.rateLimits, d.proxyProtocol,
                                   d.maxRelayConnections, d.maxSignalConnections, d.pinExpiry,
                                   d.admin.withPort(0), d.log, Optional.empty());
    }

    /**
     * Copy with other services.
     *
     * @param newServices services to start
     * @return new options
     */
    public LauncherOptions withServices(Collection<ServiceName> newServices) {
        return new LauncherOptions(relayPort, signalPort, host, dataDir, EnumSet.copyOf(newServices), relay,
                                   sweepInterval, wsIdleTimeout, wsAllowedOrigins, signalCaps, rateLimits, proxyProtocol, maxRelayConnections, maxSignalConnections,
                                   pinExpiry, admin, log, configFile);
    }

    /**
     * Copy with other relay limits.
     *
     * @param newRelay retention and size limits
     * @return new options
     */
    public LauncherOptions withRelay(RelaySettings newRelay) {
        return new LauncherOptions(relayPort, signalPort, host, dataDir, services, newRelay, sweepInterval,
                                   wsIdleTimeout, wsAllowedOrigins, signalCaps, rateLimits, proxyProtocol, maxRelayConnections, maxSignalConnections,
                                   pinExpiry, admin, log, configFile);
    }

    /**
     * Copy with another sweep interval.
     *
     * @param newSweepInterval pause between two sweeps
     * @return new options
     */
    public LauncherOptions withSweepInterval(Duration newSweepInterval) {
        return new LauncherOptions(relayPort, signalPort, host, dataDir, services, relay, newSweepInterval,
                                   wsIdleTimeout, wsAllowedOrigins, signalCaps, rateLimits, proxyProtocol, maxRelayConnections, maxSignalConnections,
                                   pinExpiry, admin, log, configFile);
    }

    /**
     * Copy with other connection caps.
     *
     * @param relayConnections  open relay connections at once
     * @param signalConnections open signal connections at once
     * @return new options
     */
    public LauncherOptions withConnectionCaps(int relayConnections, int signalConnections) {
        return new LauncherOptions(relayPort, signalPort, host, dataDir, services, relay, sweepInterval,
                                   wsIdleTimeout, wsAllowedOrigins, signalCaps, rateLimits, proxyProtocol,
                                   relayConnections, signalConnections, pinExpiry, admin, log, configFile);
    }

    /**
     * Copy with other admin settings.
     *
     * @param newAdmin admin listener and drain
     * @return new options
     */
    public LauncherOptions withAdmin(AdminSettings newAdmin) {
        return new LauncherOptions(relayPort, signalPort, host, dataDir, services, relay, sweepInterval,
                                   wsIdleTimeout, wsAllowedOrigins, signalCaps, rateLimits, proxyProtocol,
                                   maxRelayConnections, maxSignalConnections, pinExpiry, newAdmin, log, configFile);
    }

    /**
     * Whether a service is enabled.
     *
     * @param service service
     * @return true if it is to be started
     */
    public boolean runs(ServiceName service) {
        return services.contains(service);
    }

    /**
     * Configured port of a service.
     *
     * @param service service
     * @return configured port (0 = any)
     */
    public int port(ServiceName service) {
        return service == ServiceName.RELAY ? relayPort : signalPort;
    }

    private static void checkPort(int port, LauncherOption option) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option.key() + " must be 0..65535, got " + port);
        }
    }

    private static void checkPositive(Duration value, LauncherOption option) {
        Objects.requireNonNull(value, option.key());
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option.key() + " must be positive, got " + value);
        }
    }

    /** The defaults come from the option table, so {@code --help} and {@link #of} cannot drift apart. */
    private static final class Defaults {
        static final LauncherOptions OPTIONS = parseDefaults();

        private static LauncherOptions parseDefaults() {
            try {
                return ((LauncherCommand.Run) LauncherOptionsParser.parse(new String[0], Map.of())).options();
            } catch (UsageException e) {
                throw new IllegalStateException("the defaults in LauncherOption are invalid: " + e.getMessage(), e);
            }
        }
    }
}
