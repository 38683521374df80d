package org.peerlink.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.peerlink.limits.RateLimit;
import org.peerlink.limits.RateLimits;
import org.peerlink.options.GivenOptions;
import org.peerlink.options.OptionTable;
import org.peerlink.options.OptionValue;
import org.peerlink.options.UsageException;
import org.peerlink.relay.RelayCaps;
import org.peerlink.relay.RelayQuotas;
import org.peerlink.relay.RelaySettings;
import org.peerlink.signal.AllowedOrigins;
import org.peerlink.signal.SignalCaps;

/**
 * Turns command line + environment + config file + defaults into {@link LauncherOptions}.
 * Precedence: command line &gt; environment &gt; config file &gt; defaults.
 */
public final class LauncherOptionsParser {

    /** The launcher's options. */
    public static final OptionTable<LauncherOption> OPTIONS =
            new OptionTable<>(LauncherOption.class, LauncherOption.HELP, "", Usage.HINT);

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
            return new LauncherCommand.Infra(Arrays.asList(args).subList(1, args.length));
        }
        if (args.length > 0 && args[0].equals("admin")) {
            return admin(args, env);
        }
        GivenOptions<LauncherOption> given = OPTIONS.read(args, 0, env);
        if (given.has(LauncherOption.HELP)) {
            return new LauncherCommand.Help();
        }

        // the config file itself: command line > environment
        Optional<OptionValue> configSource = given.get(LauncherOption.CONFIG);
        Map<LauncherOption, String> file = Map.of();
        Optional<Path> configFile = Optional.empty();
        if (configSource.isPresent()) {
            Path path = toPath(LauncherOption.CONFIG, configSource.get());
            file = ConfigFile.read(path);
            configFile = Optional.of(path);
        }

        OptionValue relayPort = resolve(given, LauncherOption.RELAY_PORT, file, configFile);
        OptionValue signalPort = resolve(given, LauncherOption.SIGNAL_PORT, file, configFile);
        OptionValue host = resolve(given, LauncherOption.HOST, file, configFile);
        OptionValue dataDir = resolve(given, LauncherOption.DATA_DIR, file, configFile);
        OptionValue services = resolve(given, LauncherOption.SERVICES, file, configFile);
        OptionValue retention = resolve(given, LauncherOption.RETENTION, file, configFile);
        OptionValue bodyLimit = resolve(given, LauncherOption.BODY_LIMIT, file, configFile);
        OptionValue uploadSessionTtl = resolve(given, LauncherOption.UPLOAD_SESSION_TTL, file, configFile);
        OptionValue maxBlobTtl = resolve(given, LauncherOption.MAX_BLOB_TTL, file, configFile);
        OptionValue maxRecipients = resolve(given, LauncherOption.MAX_RECIPIENTS, file, configFile);
        OptionValue maxMembers = resolve(given, LauncherOption.MAX_MEMBERS, file, configFile);
        OptionValue envelopeLimit = resolve(given, LauncherOption.ENVELOPE_LIMIT, file, configFile);
        OptionValue fanOutLimit = resolve(given, LauncherOption.FAN_OUT_LIMIT, file, configFile);
        OptionValue fetchPageLimit = resolve(given, LauncherOption.FETCH_PAGE_LIMIT, file, configFile);
        OptionValue maxRequestsPerAddress = resolve(given, LauncherOption.MAX_REQUESTS_PER_ADDRESS, file, configFile);
        OptionValue maxQueueEnvelopes = resolve(given, LauncherOption.MAX_QUEUE_ENVELOPES, file, configFile);
        OptionValue maxQueueSize = resolve(given, LauncherOption.MAX_QUEUE_SIZE, file, configFile);
        OptionValue maxUploads = resolve(given, LauncherOption.MAX_UPLOADS_PER_SENDER, file, configFile);
        OptionValue maxUploadSize = resolve(given, LauncherOption.MAX_UPLOAD_SIZE_PER_SENDER, file, configFile);
        OptionValue minFreeDisk = resolve(given, LauncherOption.MIN_FREE_DISK, file, configFile);
        OptionValue bodyReadTimeout = resolve(given, LauncherOption.BODY_READ_TIMEOUT, file, configFile);
        OptionValue sweepInterval = resolve(given, LauncherOption.SWEEP_INTERVAL, file, configFile);
        OptionValue wsIdleTimeout = resolve(given, LauncherOption.WS_IDLE_TIMEOUT, file, configFile);
        OptionValue wsAllowedOrigins = resolve(given, LauncherOption.WS_ALLOWED_ORIGINS, file, configFile);
        OptionValue pinExpiry = resolve(given, LauncherOption.PIN_EXPIRY, file, configFile);
        OptionValue messageLimit = resolve(given, LauncherOption.MESSAGE_LIMIT, file, configFile);
        OptionValue sendQueueFrames = resolve(given, LauncherOption.SEND_QUEUE_FRAMES, file, configFile);
        OptionValue sendQueueLimit = resolve(given, LauncherOption.SEND_QUEUE_LIMIT, file, configFile);
        OptionValue maxPeerId = resolve(given, LauncherOption.MAX_PEER_ID, file, configFile);
        OptionValue maxProfile = resolve(given, LauncherOption.MAX_PROFILE, file, configFile);
        OptionValue lastSeenPeers = resolve(given, LauncherOption.LAST_SEEN_PEERS, file, configFile);
        OptionValue lastSeenMaxAge = resolve(given, LauncherOption.LAST_SEEN_MAX_AGE, file, configFile);
        OptionValue connectionsPerAddress = resolve(given, LauncherOption.MAX_CONNECTIONS_PER_ADDRESS, file, configFile);
        OptionValue registerDeadline = resolve(given, LauncherOption.REGISTER_DEADLINE, file, configFile);
        OptionValue proxyProtocol = resolve(given, LauncherOption.PROXY_PROTOCOL, file, configFile);
        OptionValue maxRelayConnections = resolve(given, LauncherOption.MAX_RELAY_CONNECTIONS, file, configFile);
        OptionValue maxSignalConnections = resolve(given, LauncherOption.MAX_SIGNAL_CONNECTIONS, file, configFile);
        OptionValue adminPort = resolve(given, LauncherOption.ADMIN_PORT, file, configFile);
        OptionValue adminHost = resolve(given, LauncherOption.ADMIN_HOST, file, configFile);
        OptionValue drainDelay = resolve(given, LauncherOption.DRAIN_DELAY, file, configFile);
        OptionValue drainWindow = resolve(given, LauncherOption.DRAIN_WINDOW, file, configFile);
        Map<LauncherOption, RateLimit> rates = new EnumMap<>(LauncherOption.class);
        for (LauncherOption rate : List.of(LauncherOption.RATE_RELAY_READ, LauncherOption.RATE_RELAY_WRITE,
                LauncherOption.RATE_RELAY_BLOB, LauncherOption.RATE_RELAY_KEY, LauncherOption.RATE_REGISTER,
                LauncherOption.RATE_REGISTER_PEER, LauncherOption.RATE_SIGNAL_MESSAGES)) {
            OptionValue value = resolve(given, rate, file, configFile);
            rates.put(rate, RateLimit.parse(value.value()).orElseThrow(() -> bad(rate, value,
                    "expected PER_MINUTE/BURST (3000/1200) or off")));
        }
        RateLimits rateLimits = new RateLimits(rates.get(LauncherOption.RATE_RELAY_READ),
                rates.get(LauncherOption.RATE_RELAY_WRITE), rates.get(LauncherOption.RATE_RELAY_BLOB),
                rates.get(LauncherOption.RATE_RELAY_KEY), rates.get(LauncherOption.RATE_REGISTER),
                rates.get(LauncherOption.RATE_REGISTER_PEER), rates.get(LauncherOption.RATE_SIGNAL_MESSAGES));

        int relay = toPort(LauncherOption.RELAY_PORT, relayPort);
        int signal = toPort(LauncherOption.SIGNAL_PORT, signalPort);
        Set<ServiceName> serviceSet = toServices(services);
        String hostValue = host.value().strip();
        if (hostValue.isEmpty()) {
            throw bad(LauncherOption.HOST, host, "expected a host name or IP address");
        }
        Path dir = toPath(LauncherOption.DATA_DIR, dataDir);
        String adminHostValue = adminHost.value().strip();
        if (adminHostValue.isEmpty()) {
            throw bad(LauncherOption.ADMIN_HOST, adminHost, "expected a host name or IP address");
        }
        AdminSettings admin = new AdminSettings(adminHostValue, toPort(LauncherOption.ADMIN_PORT, adminPort),
                toSeconds(LauncherOption.DRAIN_DELAY, drainDelay, 0), toSeconds(LauncherOption.DRAIN_WINDOW,
                drainWindow, 0));
        int adminPortValue = admin.port();
        if (adminPortValue != 0 && adminHostValue.equals(hostValue)
                && ((serviceSet.contains(ServiceName.RELAY) && adminPortValue == relay)
                    || (serviceSet.contains(ServiceName.SIGNAL) && adminPortValue == signal))) {
            throw Usage.problem("--admin-port " + adminPortValue + " is also a service's port; the admin listener"
                    + " needs a port of its own");
        }

        if (serviceSet.contains(ServiceName.RELAY) && serviceSet.contains(ServiceName.SIGNAL)
                && relay != 0 && relay == signal) {
            throw Usage.problem("--relay-port and --signal-port are both " + relay
                                             + "; the relay and signal listeners need different ports");
        }

        Duration messageRetention = toSeconds(LauncherOption.RETENTION, retention, 1);
        RelaySettings relaySettings = new RelaySettings(messageRetention,
                                                        messageRetention.multipliedBy(2),
                                                        toSeconds(LauncherOption.UPLOAD_SESSION_TTL, uploadSessionTtl, 1),
                                                        toSeconds(LauncherOption.MAX_BLOB_TTL, maxBlobTtl, 0),
                                                        ByteSize.parse(bodyLimit.value())
                                                                .orElseThrow(() -> bad(LauncherOption.BODY_LIMIT,
                                                                                       bodyLimit, ByteSize.EXPECTED)),
                                                        new RelayCaps(toCount(LauncherOption.MAX_RECIPIENTS,
                                                                              maxRecipients),
                                                                      toCount(LauncherOption.MAX_MEMBERS, maxMembers),
                                                                      toSize(LauncherOption.ENVELOPE_LIMIT,
                                                                             envelopeLimit),
                                                                      toSize(LauncherOption.FAN_OUT_LIMIT, fanOutLimit),
                                                                      toSize(LauncherOption.FETCH_PAGE_LIMIT,
                                                                             fetchPageLimit),
                                                                      toCount(LauncherOption.MAX_REQUESTS_PER_ADDRESS,
                                                                              maxRequestsPerAddress)),
                                                        toSeconds(LauncherOption.BODY_READ_TIMEOUT, bodyReadTimeout,
                                                                  1),
                                                        new RelayQuotas(toCount(LauncherOption.MAX_QUEUE_ENVELOPES,
                                                                                maxQueueEnvelopes),
                                                                        toDiskSize(LauncherOption.MAX_QUEUE_SIZE,
                                                                                   maxQueueSize, 1),
                                                                        toCount(LauncherOption.MAX_UPLOADS_PER_SENDER,
                                                                                maxUploads),
                                                                        toDiskSize(
                                                                                LauncherOption.MAX_UPLOAD_SIZE_PER_SENDER,
                                                                                maxUploadSize, 1),
                                                                        toDiskSize(LauncherOption.MIN_FREE_DISK,
                                                                                   minFreeDisk, 0)));

        return new LauncherCommand.Run(new LauncherOptions(relay, signal, hostValue, dir, serviceSet, relaySettings,
                                                           toSeconds(LauncherOption.SWEEP_INTERVAL, sweepInterval, 1),
                                                           toSeconds(LauncherOption.WS_IDLE_TIMEOUT, wsIdleTimeout, 1),
                                                           AllowedOrigins.parse(wsAllowedOrigins.value())
                                                                   .orElseThrow(() -> bad(
                                                                           LauncherOption.WS_ALLOWED_ORIGINS,
                                                                           wsAllowedOrigins, AllowedOrigins.EXPECTED)),
                                                           signalCaps(messageLimit, sendQueueFrames, sendQueueLimit,
                                                                      maxPeerId, maxProfile, lastSeenPeers,
                                                                      lastSeenMaxAge, connectionsPerAddress,
                                                                      registerDeadline),
                                                           rateLimits,
                                                           toBoolean(LauncherOption.PROXY_PROTOCOL, proxyProtocol),
                                                           toCount(LauncherOption.MAX_RELAY_CONNECTIONS,
                                                                   maxRelayConnections),
                                                           toCount(LauncherOption.MAX_SIGNAL_CONNECTIONS,
                                                                   maxSignalConnections),
                                                           toSeconds(LauncherOption.PIN_EXPIRY, pinExpiry, 0),
                                                           admin, new LogSettings(logFormat(resolve(given, LauncherOption.LOG_FORMAT, file, configFile)),
                                                           toBoolean(LauncherOption.ACCESS_LOG, resolve(given, LauncherOption.ACCESS_LOG, file, configFile))), configFile));
    }

    /**
     * {@code admin pins list|release PEER_ID}, {@code admin backup --to FILE}, {@code admin restore --from FILE},
     * {@code admin stats}, each followed by any server options (for the data directory and the admin listener).
     */
    private static LauncherCommand admin(String[] args, Map<String, String> env) throws UsageException {
        String first = args.length > 1 ? args[1] : "";
        String second = args.length > 2 ? args[2] : "";
        boolean hasArgument = args.length > 3 && !args[3].startsWith("--");
        LauncherCommand.AdminAction action;
        int optionsFrom;
        if (first.equals("pins") && second.equals("list")) {
            action = LauncherCommand.AdminAction.LIST_PINS;
            optionsFrom = 3;
        } else if (first.equals("pins") && second.equals("release") && hasArgument) {
            action = LauncherCommand.AdminAction.RELEASE_PIN;
            optionsFrom = 4;
        } else if (first.equals("backup") && second.equals("--to") && args.length > 3) {
            action = LauncherCommand.AdminAction.BACKUP;
            optionsFrom = 4;
        } else if (first.equals("restore") && second.equals("--from") && args.length > 3) {
            action = LauncherCommand.AdminAction.RESTORE;
            optionsFrom = 4;
        } else if (first.equals("stats")) {
            action = LauncherCommand.AdminAction.STATS;
            optionsFrom = 2;
        } else {
            throw Usage.problem("expected 'admin pins list', 'admin pins release PEER_ID', 'admin backup --to FILE',"
                    + " 'admin restore --from FILE' or 'admin stats', then any server options"
                    + " (--data-dir DIR, --admin-port PORT, --config FILE)");
        }
        LauncherCommand rest = parse(Arrays.copyOfRange(args, optionsFrom, args.length), env);
        if (!(rest instanceof LauncherCommand.Run run)) {
            throw Usage.problem("'admin' takes the server's options, not " + args[optionsFrom]);
        }
        return new LauncherCommand.Admin(action, optionsFrom == 4 ? args[3] : null, run.options());
    }

    private static LogSettings.Format logFormat(OptionValue value) throws UsageException {
        return switch (value.value().strip().toLowerCase(Locale.ROOT)) {
            case "text" -> LogSettings.Format.TEXT;
            case "json" -> LogSettings.Format.JSON;
            default -> throw bad(LauncherOption.LOG_FORMAT, value, "expected text or json");
        };
    }

    private static OptionValue resolve(GivenOptions<LauncherOption> given,
                                       LauncherOption option,
                                       Map<LauncherOption, String> file,
                                       Optional<Path> configFile) {
        Optional<OptionValue> direct = given.get(option);
        if (direct.isPresent()) {
            return direct.get();
        }
        String fromFile = file.get(option);
        if (fromFile != null) {
            return new OptionValue(fromFile, "config file " + configFile.orElseThrow());
        }
        return OptionValue.defaultOf(option);
    }

    private static SignalCaps signalCaps(OptionValue messageLimit, OptionValue sendQueueFrames,
                                         OptionValue sendQueueLimit, OptionValue maxPeerId, OptionValue maxProfile,
                                         OptionValue lastSeenPeers, OptionValue lastSeenMaxAge,
                                         OptionValue connectionsPerAddress, OptionValue registerDeadline)
            throws UsageException {
        int message = toCount(LauncherOption.MESSAGE_LIMIT, messageLimit, 64 * 1024 * 1024);
        long queue = toCount(LauncherOption.SEND_QUEUE_LIMIT, sendQueueLimit, Integer.MAX_VALUE);
        if (queue < message) {
            throw bad(LauncherOption.SEND_QUEUE_LIMIT, sendQueueLimit,
                    "at least --message-limit (" + message + "), so that the largest message can be forwarded");
        }
        return new SignalCaps(message, toCount(LauncherOption.SEND_QUEUE_FRAMES, sendQueueFrames, 1_000_000), queue,
                toCount(LauncherOption.MAX_PEER_ID, maxPeerId, 512), toCount(LauncherOption.MAX_PROFILE, maxProfile,
                64 * 1024 * 1024), toCount(LauncherOption.LAST_SEEN_PEERS, lastSeenPeers, 10_000_000),
                toSeconds(LauncherOption.LAST_SEEN_MAX_AGE, lastSeenMaxAge, 1),
                toCount(LauncherOption.MAX_CONNECTIONS_PER_ADDRESS, connectionsPerAddress),
                toSeconds(LauncherOption.REGISTER_DEADLINE, registerDeadline, 1));
    }

    private static boolean toBoolean(LauncherOption option, OptionValue source) throws UsageException {
        return switch (source.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(option, source, "expected true or false");
        };
    }

    /** A positive count (recipients, members), at most a million. */
    private static int toCount(LauncherOption option, OptionValue source) throws UsageException {
        return toCount(option, source, 1_000_000);
    }

    /** A whole number from 1 to {@code max}. */
    private static int toCount(LauncherOption option, OptionValue source, int max) throws UsageException {
        try {
            int count = Integer.parseInt(source.value().strip());
            if (count >= 1 && count <= max) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(option, source, "expected a whole number from 1 to " + max);
    }

    /** A size like {@code --body-limit}'s ({@code 1MiB}, {@code 65536}). */
    private static long toSize(LauncherOption option, OptionValue source) throws UsageException {
        return ByteSize.parse(source.value()).orElseThrow(() -> bad(option, source, ByteSize.EXPECTED));
    }

    /** A size on disk from {@code min} bytes ({@code 256MiB}, {@code 1TiB}). */
    private static long toDiskSize(LauncherOption option, OptionValue source, long min) throws UsageException {
        return ByteSize.parse(source.value(), min, ByteSize.MAX_DISK)
                .orElseThrow(() -> bad(option, source, ByteSize.expected(min, ByteSize.MAX_DISK)));
    }

    private static int toPort(LauncherOption option, OptionValue source) throws UsageException {
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

    private static Duration toSeconds(LauncherOption option, OptionValue source, int min) throws UsageException {
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

    private static Set<ServiceName> toServices(OptionValue source) throws UsageException {
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

    private static Path toPath(LauncherOption option, OptionValue source) throws UsageException {
        if (source.value().isBlank()) {
            throw bad(option, source, "expected a path");
        }
        try {
            return Path.of(source.value());
        } catch (InvalidPathException e) {
            throw bad(option, source, "not a valid path (" + e.getReason() + ")");
        }
    }

    private static UsageException bad(LauncherOption option, OptionValue source, String expected) {
        return OPTIONS.invalid(option, source, expected);
    }
}
