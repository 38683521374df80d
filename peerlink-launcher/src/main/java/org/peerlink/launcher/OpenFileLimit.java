package org.peerlink.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's open-file limit against the connection caps (finding 11 of issue 13). Helidon stops a listener for
 * good when an accept fails, and an accept fails when the process is out of file descriptors; so the caps must
 * leave room for the database, the jars and the JVM below the limit. Caps that do not fit are lowered to fit, in
 * proportion, and the launcher says so at start-up.
 */
final class OpenFileLimit {

    /** Descriptors kept for everything but connections: the database's files, the class path, the JVM's own. */
    static final int RESERVE = 512;

    private static final System.Logger LOGGER = System.getLogger(OpenFileLimit.class.getName());

    private OpenFileLimit() {
    }

    /** The soft limit of this process, from /proc; empty where there is no /proc (not Linux). */
    static OptionalLong current() {
        return parse(Path.of("/proc/self/limits"));
    }

    static OptionalLong parse(Path limits) {
        try {
            List<String> lines = Files.readAllLines(limits);
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE)
                            : OptionalLong.of(Long.parseLong(fields[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or a format we do not know: nothing to check against
        }
        return OptionalLong.empty();
    }

    /**
     * The options with connection caps that fit under {@code limit}: as given when they fit, else lowered in
     * proportion (at least 1 each), with a warning that says how to raise the limit.
     */
    static LauncherOptions fit(LauncherOptions options, long limit) {
        long relay = options.runs(ServiceName.RELAY) ? options.maxRelayConnections() : 0;
        long signal = options.runs(ServiceName.SIGNAL) ? options.maxSignalConnections() : 0;
        long needed = relay + signal + RESERVE;
        if (needed <= limit) {
            return options;
        }
        long available = Math.max(2, limit - RESERVE);
        int fittedRelay = (int) Math.max(1, relay * available / (relay + signal));
        int fittedSignal = (int) Math.max(1, signal * available / (relay + signal));
        LOGGER.log(System.Logger.Level.WARNING, "the open-file limit is " + limit + ", but the connection caps need "
                + needed + " (relay " + relay + " + signal " + signal + " + " + RESERVE + " for the database and the "
                + "JVM); the caps are lowered to relay " + fittedRelay + " and signal " + fittedSignal + ". Raise the "
                + "limit (systemd LimitNOFILE, compose ulimits, ulimit -n) or lower --max-relay-connections and "
                + "--max-signal-connections");
        return options.withConnectionCaps(options.runs(ServiceName.RELAY) ? fittedRelay : options.maxRelayConnections(),
                options.runs(ServiceName.SIGNAL) ? fittedSignal : options.maxSignalConnections());
    }
}
