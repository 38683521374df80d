package org.peerlink.loadgen;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.peerlink.loadgen.proc.ProcessProbe;

/**
 * {@code --name value} / {@code --name=value} options after the workload name. Each workload reads the options
 * it knows with their defaults; {@link #rejectUnused()} then refuses anything it did not read, so a typo never
 * silently runs with a default.
 */
public final class Options {

    private static final Set<String> COMMON = Set.of("relay", "signal", "server-pid");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    private Options() {
    }

    /**
     * @throws IllegalArgumentException on a stray argument or an option without a value
     */
    public static Options parse(String[] args, int from) {
        Options options = new Options();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                name = arg.substring(2);
                value = args[++i];
            } else {
                name = arg.substring(2);
                value = "true"; // a flag
            }
            options.values.put(name, value);
        }
        return options;
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public Optional<String> optional(String name) {
        used.add(name);
        return Optional.ofNullable(values.get(name));
    }

    public int integer(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + value);
        }
    }

    public Duration duration(String name, String fallback) {
        return Units.duration(string(name, fallback));
    }

    public long bytes(String name, String fallback) {
        return Units.bytes(string(name, fallback));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    public Endpoint endpoint(String name, String fallback) {
        return Endpoint.parse(string(name, fallback));
    }

    /** The server process named by {@code --server-pid}, whose CPU time and RSS are reported. */
    public Optional<ProcessProbe> server() {
        return optional("server-pid").map(pid -> {
            ProcessProbe probe = ProcessProbe.of(Long.parseLong(pid));
            if (!probe.readable()) {
                throw new IllegalArgumentException("cannot read /proc/" + pid + " (--server-pid)");
            }
            return probe;
        });
    }

    /**
     * @throws IllegalArgumentException naming the first option no workload read; the server addresses and PID are
     *                                  accepted by every workload, so one command line can serve them all
     */
    public void rejectUnused() {
        for (String name : values.keySet()) {
            if (!used.contains(name) && !COMMON.contains(name)) {
                throw new IllegalArgumentException("unknown option for this workload: --" + name);
            }
        }
    }
}
