package org.peerlink.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.peerlink.launcher.infra.InfraOptionsParser;
import org.peerlink.relay.RelaySettings;

/**
 * Turns command line + environment + config file + defaults into {@link LauncherOptions}.
 * Precedence: command line &gt; environment &gt; config file &gt; defaults.
 */
public final class LauncherOptionsParser {

    private LauncherOptionsParser() {
    }

    /**
     * Parse.
     *
     * @param args command-line arguments ({@code --name value} or {@code --name=value}), or {@code infra ...}
     * @param env  environment variables (pass {@link System#getenv()}, or a fake map in tests)
     * @return {@link LauncherCommand.Help} if {@code --help} was given, {@link LauncherCommand.Infra} for
     *         {@code infra ...}, otherwise the options to run with
     * @throws UsageException on an unknown option, a missing or bad value, or a bad config file
     */
    public static LauncherCommand parse(String[] args, Map<String, String> env) throws UsageException {
        if (args.length > 0 && args[0].equals("infra")) {
            return new LauncherCommand.Infra(InfraOptionsParser.parse(Arrays.copyOfRange(args, 1, args.length), env));
        }
        Map<LauncherOption, String> cli = parseCommandLine(args);
        if (cli.containsKey(LauncherOption.HELP)) {
            return new LauncherCommand.Help();
        }

        // the config file itself: command line > environment
        Optional<Source> configSource = fromCliOrEnv(LauncherOption.CONFIG, cli, env);
        Map<LauncherOption, String> file = Map.of();
        Optional<Path> configFile = Optional.empty();
        if (configSource.isPresent()) {
            Path path = toPath(LauncherOption.CONFIG, configSource.get());
            file = ConfigFile.read(path);
            configFile = Optional.of(path);
        }

        Source relayPort = resolve(LauncherOption.RELAY_PORT, cli, env, file, configFile);
        Source signalPort = resolve(LauncherOption.SIGNAL_PORT, cli, env, file, configFile);
        Source host = resolve(LauncherOption.HOST, cli, env, file, configFile);
        Source dataDir = resolve(LauncherOption.DATA_DIR, cli, env, file, configFile);
        Source services = resolve(LauncherOption.SERVICES, cli, env, file, configFile);
        Source retention = resolve(LauncherOption.RETENTION, cli, env, file, configFile);
        Source bodyLimit = resolve(LauncherOption.BODY_LIMIT, cli, env, file, configFile);
        Source uploadSessionTtl = resolve(LauncherOption.UPLOAD_SESSION_TTL, cli, env, file, configFile);
        Source maxBlobTtl = resolve(LauncherOption.MAX_BLOB_TTL, cli, env, file, configFile);
        Source sweepInterval = resolve(LauncherOption.SWEEP_INTERVAL, cli, env, file, configFile);
        Source wsIdleTimeout = resolve(LauncherOption.WS_IDLE_TIMEOUT, cli, env, file, configFile);

        int relay = toPort(LauncherOption.RELAY_PORT, relayPort);
        int signal = toPort(LauncherOption.SIGNAL_PORT, signalPort);
        Set<ServiceName> serviceSet = toServices(services);
        String hostValue = host.value().strip();
        if (hostValue.isEmpty()) {
            throw bad(LauncherOption.HOST, host, "expected a host name or IP address");
        }
        Path dir = toPath(LauncherOption.DATA_DIR, dataDir);

        if (serviceSet.contains(ServiceName.RELAY) && serviceSet.contains(ServiceName.SIGNAL)
                && relay != 0 && relay == signal) {
            throw new UsageException("--relay-port and --signal-port are both " + relay
                                             + "; the relay and signal listeners need different ports");
        }

        Duration messageRetention = toSeconds(LauncherOption.RETENTION, retention, 1);
        RelaySettings relaySettings = new RelaySettings(messageRetention,
                                                        messageRetention.multipliedBy(2),
                                                        toSeconds(LauncherOption.UPLOAD_SESSION_TTL, uploadSessionTtl, 1),
                                                        toSeconds(LauncherOption.MAX_BLOB_TTL, maxBlobTtl, 0),
                                                        ByteSize.parse(bodyLimit.value())
                                                                .orElseThrow(() -> bad(LauncherOption.BODY_LIMIT,
                                                                                       bodyLimit, ByteSize.EXPECTED)));

        return new LauncherCommand.Run(new LauncherOptions(relay, signal, hostValue, dir, serviceSet, relaySettings,
                                                           toSeconds(LauncherOption.SWEEP_INTERVAL, sweepInterval, 1),
                                                           toSeconds(LauncherOption.WS_IDLE_TIMEOUT, wsIdleTimeout, 1),
                                                           configFile));
    }

    private static Map<LauncherOption, String> parseCommandLine(String[] args) throws UsageException {
        Map<LauncherOption, String> values = new EnumMap<>(LauncherOption.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                values.put(LauncherOption.HELP, "");
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            LauncherOption option = LauncherOption.fromKey(key)
                    .orElseThrow(() -> new UsageException("unknown option --" + key));
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw new UsageException("option " + option.flag() + " does not take a value");
                }
                values.put(option, "");
                continue;
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option " + option.flag() + " needs a value (" + option.valueName() + ")");
            }
            values.put(option, value); // last occurrence wins
        }
        return values;
    }

    private static Optional<Source> fromCliOrEnv(LauncherOption option,
                                                 Map<LauncherOption, String> cli,
                                                 Map<String, String> env) {
        String fromCli = cli.get(option);
        if (fromCli != null) {
            return Optional.of(new Source(fromCli, "command line"));
        }
        if (option.envVar().isPresent()) {
            String name = option.envVar().get();
            String fromEnv = env.get(name);
            // an empty variable counts as unset (VAR= in a shell or compose file)
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(new Source(fromEnv, "environment variable " + name));
            }
        }
        return Optional.empty();
    }

    private static Source resolve(LauncherOption option,
                                  Map<LauncherOption, String> cli,
                                  Map<String, String> env,
                                  Map<LauncherOption, String> file,
                                  Optional<Path> configFile) {
        Optional<Source> direct = fromCliOrEnv(option, cli, env);
        if (direct.isPresent()) {
            return direct.get();
        }
        String fromFile = file.get(option);
        if (fromFile != null) {
            return new Source(fromFile, "config file " + configFile.orElseThrow());
        }
        return new Source(option.defaultValue().orElseThrow(), "default");
    }

    private static int toPort(LauncherOption option, Source source) throws UsageException {
        String text = source.value().strip();
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(option, source, "expected a port number 0..65535");
        }
        if (port < 0 || port > 65535) {
            throw bad(option, source, "expected a port number 0..65535");
        }
        return port;
    }

    private static Duration toSeconds(LauncherOption option, Source source, int min) throws UsageException {
        // an int of seconds keeps every later millisecond sum (retention x 2, now + ttl) far from overflow
        String expected = "expected whole seconds " + min + ".." + Integer.MAX_VALUE;
        String text = source.value().strip();
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9') || text.isEmpty()) {
            throw bad(option, source, expected);
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(option, source, expected);
        }
        if (seconds < min) {
            throw bad(option, source, expected);
        }
        return Duration.ofSeconds(seconds);
    }

    private static Set<ServiceName> toServices(Source source) throws UsageException {
        Set<ServiceName> services = EnumSet.noneOf(ServiceName.class);
        for (String part : source.value().split(",", -1)) {
            if (part.isBlank()) {
                continue;
            }
            ServiceName service = ServiceName.fromId(part)
                    .orElseThrow(() -> bad(LauncherOption.SERVICES, source,
                                           "unknown service '" + part.strip() + "' (known: relay, signal)"));
            services.add(service);
        }
        if (services.isEmpty()) {
            throw bad(LauncherOption.SERVICES, source, "expected relay, signal or relay,signal");
        }
        return services;
    }

    private static Path toPath(LauncherOption option, Source source) throws UsageException {
        if (source.value().isBlank()) {
            throw bad(option, source, "expected a path");
        }
        try {
            return Path.of(source.value());
        } catch (InvalidPathException e) {
            throw bad(option, source, "not a valid path (" + e.getReason() + ")");
        }
    }

    private static UsageException bad(LauncherOption option, Source source, String expected) {
        return new UsageException("invalid value '" + source.value() + "' for " + option.flag()
                                          + " (from " + source.origin() + "): " + expected);
    }

    private record Source(String value, String origin) {
    }
}
