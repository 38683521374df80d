package org.peerlink.launcher;

import java.util.Locale;
import java.util.Optional;

/**
 * The services the launcher can start, as named in {@code --services}.
 */
public enum ServiceName {
    /** The relay: plain HTTP. */
    RELAY("relay", "http"),
    /** The signal server: WebSocket. */
    SIGNAL("signal", "ws");

    private final String id;
    private final String scheme;

    ServiceName(String id, String scheme) {
        this.id = id;
        this.scheme = scheme;
    }

    /**
     * Name as used in {@code --services} and in log/console output.
     *
     * @return lower-case name
     */
    public String id() {
        return id;
    }

    /**
     * URL scheme clients use to reach this service.
     *
     * @return {@code http} or {@code ws}
     */
    public String scheme() {
        return scheme;
    }

    /**
     * Look up a service by its {@link #id()} (case-insensitive, surrounding blanks ignored).
     *
     * @param id name from the command line, environment or config file
     * @return the service, or empty if unknown
     */
    public static Optional<ServiceName> fromId(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (ServiceName service : values()) {
            if (service.id.equals(wanted)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
