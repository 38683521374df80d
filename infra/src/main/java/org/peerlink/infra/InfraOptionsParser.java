package org.peerlink.infra;

import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.peerlink.options.GivenOptions;
import org.peerlink.options.OptionTable;
import org.peerlink.options.OptionValue;
import org.peerlink.options.UsageException;

/**
 * Turns {@code infra render} arguments + environment + defaults into {@link InfraSettings}.
 * Precedence: command line &gt; environment (only the options with a variable) &gt; defaults.
 */
public final class InfraOptionsParser {

    /** Shown after an {@code infra} usage error. */
    public static final String HINT = "Run 'java -jar peerlink-launcher.jar infra render --help' for the list of options.";

    // Paths and names end up unquoted in haproxy.cfg, turnserver.conf, a systemd unit and a compose file; this
    // set needs no quoting in any of them (no blanks, '#', '$', quotes, ':' or '\').
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+@,=-]+");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*");
    private static final Pattern REALM = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern TURN_USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    // printable ASCII without blanks, quotes, '#', '$' and '\'
    private static final Pattern TURN_SECRET = Pattern.compile("[!%&()*+,\\-./0-9:;<=>?@A-Z\\[\\]^_a-z{|}~]{1,256}");

    /** The options of {@code infra render}. */
    public static final OptionTable<InfraOption> OPTIONS =
            new OptionTable<>(InfraOption.class, InfraOption.HELP, " for infra render", HINT);

    private InfraOptionsParser() {
    }

    /**
     * Parse the arguments that follow {@code infra}.
     *
     * @param args e.g. {@code render --public-host 203.0.113.7 --out /etc/peerlink}
     * @param env  environment variables
     * @return help or the settings to render
     * @throws UsageException on an unknown command or option, or a missing or bad value
     */
    public static InfraCommand parse(String[] args, Map<String, String> env) throws UsageException {
        if (args.length == 0) {
            throw usage("missing command after 'infra' (known: render, qr)");
        }
        if (args[0].equals("--help") || args[0].equals("-h")) {
            return new InfraCommand.Help();
        }
        if (args[0].equals("qr")) {
            if (args.length != 2 || args[1].isEmpty() || args[1].startsWith("--")) {
                throw usage("expected 'infra qr TEXT', e.g. infra qr \"$(cat /etc/peerlink/import-link.txt)\"");
            }
            return new InfraCommand.Qr(args[1]);
        }
        if (!args[0].equals("render")) {
            throw usage("unknown infra command '" + args[0] + "' (known: render, qr)");
        }
        GivenOptions<InfraOption> given = OPTIONS.read(args, 1, env);
        if (given.has(InfraOption.HELP)) {
            return new InfraCommand.Help();
        }
        return new InfraCommand.Render(new Resolver(given).settings());
    }

    private static UsageException usage(String message) {
        return OPTIONS.error(message);
    }

    /** Resolves and checks one option after the other. */
    private static final class Resolver {
        private final GivenOptions<InfraOption> given;

        Resolver(GivenOptions<InfraOption> given) {
            this.given = given;
        }

        InfraSettings settings() throws UsageException {
            boolean loopback = given.has(InfraOption.LOOPBACK);

            OptionValue hostSource = required(InfraOption.PUBLIC_HOST, "the domain or IP the apps connect to");
            String host = HostNames.bare(hostSource.value().strip());
            boolean hostIsIp = HostNames.ipLiteral(host).isPresent();
            if (!hostIsIp && !HostNames.isDnsName(host)) {
                throw bad(InfraOption.PUBLIC_HOST, hostSource, "expected a DNS name or an IP address");
            }

            String publicIp;
            Optional<OptionValue> ipSource = optional(InfraOption.PUBLIC_IP);
            if (ipSource.isPresent()) {
                publicIp = ip(InfraOption.PUBLIC_IP, ipSource.get());
            } else if (hostIsIp) {
                publicIp = host;
            } else {
                throw usage("missing " + InfraOption.PUBLIC_IP.flag() + " (or PUBLIC_IP): --public-host " + host
                                    + " is a name, and TURN must announce the host's public IP address");
            }

            Path out = path(InfraOption.OUT, required(InfraOption.OUT, "the directory to write into"), true);

            String bind = loopback && !given.has(InfraOption.BIND_ADDRESS)
                    ? "127.0.0.1" : ip(InfraOption.BIND_ADDRESS, valueOf(InfraOption.BIND_ADDRESS));
            ProxySettings proxy = new ProxySettings(bind,
                                                    port(InfraOption.SIGNAL_PUBLIC_PORT),
                                                    port(InfraOption.RELAY_PUBLIC_PORT),
                                                    port(InfraOption.SIGNAL_BACKEND_PORT),
                                                    port(InfraOption.RELAY_BACKEND_PORT),
                                                    port(InfraOption.ADMIN_BACKEND_PORT),
                                                    (int) number(InfraOption.DRAIN_DELAY,
                                                                 ProxySettings.MIN_DRAIN_DELAY_SECONDS, 300),
                                                    signalTimeouts(),
                                                    (int) number(InfraOption.CONNECTIONS_PER_ADDRESS, 1, 1_000_000));

            TurnSettings turn = turn(host, loopback);
            checkPorts(proxy, turn);

            Optional<OptionValue> javaSource = optional(InfraOption.JAVA);
            Path java = javaSource.isPresent()
                    ? path(InfraOption.JAVA, javaSource.get(), false)
                    : Path.of(System.getProperty("java.home"), "bin", "java");
            OptionValue image = valueOf(InfraOption.IMAGE);
            if (!IMAGE.matcher(image.value()).matches()) {
                throw bad(InfraOption.IMAGE, image, "expected an image name such as peerlink-launcher:local");
            }
            InstallLayout install = new InstallLayout(path(InfraOption.DATA_DIR, valueOf(InfraOption.DATA_DIR), false),
                                                      path(InfraOption.APP_DIR, valueOf(InfraOption.APP_DIR), false),
                                                      java,
                                                      path(InfraOption.SOURCE_DIR, valueOf(InfraOption.SOURCE_DIR), true),
                                                      image.value());

            return new InfraSettings(host, publicIp, out, proxy, turn, install, loopback,
                                     given.has(InfraOption.RENEW_CERTIFICATE));
        }

        private SignalTimeouts signalTimeouts() throws UsageException {
            int idle = (int) number(InfraOption.WS_IDLE_TIMEOUT, 1, SignalTimeouts.HAPROXY_MAX_SECONDS);
            String launcherCloses = BigDecimal.valueOf(SignalTimeouts.launcherCloseBy(idle).toMillis(), 3)
                    .stripTrailingZeros().toPlainString();
            if (optional(InfraOption.TUNNEL_TIMEOUT).isEmpty()) {
                long tunnel = SignalTimeouts.defaultTunnelSeconds(idle);
                if (tunnel > SignalTimeouts.HAPROXY_MAX_SECONDS) {
                    throw usage("--ws-idle-timeout " + idle + " leaves HAProxy no timeout above the launcher's"
                                        + " latest close (" + launcherCloses + " s): HAProxy's longest is "
                                        + SignalTimeouts.HAPROXY_MAX_SECONDS + " s");
                }
                return new SignalTimeouts(idle, (int) tunnel);
            }
            int tunnel = (int) number(InfraOption.TUNNEL_TIMEOUT, 1, SignalTimeouts.HAPROXY_MAX_SECONDS);
            if (!SignalTimeouts.outlastsLauncher(idle, tunnel)) {
                throw usage("--tunnel-timeout " + tunnel + " is not above " + launcherCloses + " s, the latest the"
                                    + " launcher closes a signal connection quiet for --ws-idle-timeout " + idle
                                    + " s: HAProxy must leave that close to the launcher, which announces the peer"
                                    + " offline");
            }
            return new SignalTimeouts(idle, tunnel);
        }

        private TurnSettings turn(String host, boolean loopback) throws UsageException {
            Optional<OptionValue> realmSource = optional(InfraOption.TURN_REALM);
            String realm = realmSource.map(OptionValue::value).orElse(host);
            if (realmSource.isPresent() && !REALM.matcher(realm).matches()) {
                throw bad(InfraOption.TURN_REALM, realmSource.get(), "expected letters, digits, '.', '_' or '-'");
            }

            Optional<OptionValue> listenSource = optional(InfraOption.TURN_LISTEN_IP);
            Optional<String> listenIp = listenSource.isPresent()
                    ? Optional.of(ip(InfraOption.TURN_LISTEN_IP, listenSource.get()))
                    : loopback ? Optional.of("127.0.0.1") : Optional.empty();

            TurnLimits limits = new TurnLimits(number(InfraOption.TURN_USER_QUOTA, 0, Long.MAX_VALUE),
                                               number(InfraOption.TURN_TOTAL_QUOTA, 0, Long.MAX_VALUE),
                                               number(InfraOption.TURN_MAX_BPS, 0, Long.MAX_VALUE),
                                               number(InfraOption.TURN_BPS_CAPACITY, 0, Long.MAX_VALUE));

            int min = port(InfraOption.TURN_MIN_PORT);
            int max = port(InfraOption.TURN_MAX_PORT);
            if (min > max) {
                throw usage("--turn-min-port " + min + " is above --turn-max-port " + max);
            }
            return new TurnSettings(port(InfraOption.TURN_PORT), port(InfraOption.TURNS_PORT), min, max, realm,
                                    auth(), listenIp, limits, given.has(InfraOption.TURN_ALLOW_PRIVATE_PEERS));
        }

        private TurnAuth auth() throws UsageException {
            Optional<OptionValue> user = optional(InfraOption.TURN_USER);
            Optional<OptionValue> password = optional(InfraOption.TURN_PASSWORD);
            Optional<OptionValue> secret = optional(InfraOption.TURN_SECRET);
            if (secret.isPresent()) {
                if (user.isPresent() || password.isPresent()) {
                    throw usage("TURN credentials: give either --turn-secret (TURN_SECRET) or --turn-user and "
                                        + "--turn-password (TURN_USER, TURN_PASSWORD), not both");
                }
                if (!TURN_SECRET.matcher(secret.get().value()).matches()) {
                    throw usage("invalid value for --turn-secret (from " + secret.get().origin() + "): expected up to"
                                        + " 256 printable ASCII characters without blanks, quotes, '#', '$' or '\\'");
                }
                return new TurnAuth.SharedSecret(secret.get().value());
            }
            if (user.isEmpty() && password.isEmpty()) {
                throw usage("missing TURN credentials: --turn-user and --turn-password (TURN_USER, TURN_PASSWORD),"
                                    + " or --turn-secret (TURN_SECRET)");
            }
            if (user.isEmpty()) {
                throw usage("missing --turn-user (or TURN_USER) for the TURN password");
            }
            if (password.isEmpty()) {
                throw usage("missing --turn-password (or TURN_PASSWORD) for TURN user " + user.get().value());
            }
            if (!TURN_USER.matcher(user.get().value()).matches()) {
                throw bad(InfraOption.TURN_USER, user.get(), "expected 1 to 128 letters, digits or ._@+-");
            }
            if (password.get().value().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw usage("invalid value for --turn-password (from " + password.get().origin()
                                    + "): control characters are not allowed");
            }
            return new TurnAuth.LongTermUser(user.get().value(), password.get().value());
        }

        private void checkPorts(ProxySettings proxy, TurnSettings turn) throws UsageException {
            record Listener(InfraOption option, int port) {
            }
            List<Listener> listeners = new ArrayList<>(List.of(
                    new Listener(InfraOption.SIGNAL_PUBLIC_PORT, proxy.signalPublicPort()),
                    new Listener(InfraOption.RELAY_PUBLIC_PORT, proxy.relayPublicPort()),
                    new Listener(InfraOption.SIGNAL_BACKEND_PORT, proxy.signalBackendPort()),
                    new Listener(InfraOption.RELAY_BACKEND_PORT, proxy.relayBackendPort()),
                    new Listener(InfraOption.ADMIN_BACKEND_PORT, proxy.adminBackendPort()),
                    new Listener(InfraOption.TURN_PORT, turn.port()),
                    new Listener(InfraOption.TURNS_PORT, turn.tlsPort())));
            for (int i = 0; i < listeners.size(); i++) {
                Listener a = listeners.get(i);
                for (int j = i + 1; j < listeners.size(); j++) {
                    Listener b = listeners.get(j);
                    if (a.port() == b.port()) {
                        throw usage(a.option().flag() + " and " + b.option().flag() + " are both " + a.port()
                                            + "; every listener needs its own port");
                    }
                }
                if (a.port() >= turn.minPort() && a.port() <= turn.maxPort()) {
                    throw usage(a.option().flag() + " " + a.port() + " lies in the TURN relay range "
                                        + turn.minPort() + "-" + turn.maxPort());
                }
            }
        }

        private OptionValue required(InfraOption option, String what) throws UsageException {
            return optional(option).orElseThrow(() -> usage(
                    "missing " + option.flag() + option.envVar().map(v -> " (or " + v + ")").orElse("") + ": " + what));
        }

        private Optional<OptionValue> optional(InfraOption option) {
            return given.get(option);
        }

        private OptionValue valueOf(InfraOption option) {
            return given.getOrDefault(option);
        }

        private String ip(InfraOption option, OptionValue source) throws UsageException {
            String text = source.value().strip();
            if (HostNames.ipLiteral(text).isEmpty()) {
                throw bad(option, source, "expected an IPv4 or IPv6 address");
            }
            return HostNames.bare(text);
        }

        private int port(InfraOption option) throws UsageException {
            return (int) number(option, 1, 65535);
        }

        private long number(InfraOption option, long min, long max) throws UsageException {
            OptionValue source = valueOf(option);
            String text = source.value().strip();
            String expected = "expected a whole number " + min + ".." + max;
            if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(option, source, expected);
            }
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw bad(option, source, expected);
            }
            if (value < min || value > max) {
                throw bad(option, source, expected);
            }
            return value;
        }

        private Path path(InfraOption option, OptionValue source, boolean makeAbsolute) throws UsageException {
            String text = source.value();
            if (!SAFE_PATH.matcher(text).matches()) {
                throw bad(option, source, "the generated configs cannot quote this path; use letters, digits and ._/+@,=-");
            }
            Path path;
            try {
                path = Path.of(text);
            } catch (InvalidPathException e) {
                throw bad(option, source, "not a valid path (" + e.getReason() + ")");
            }
            if (makeAbsolute) {
                return path.toAbsolutePath().normalize();
            }
            if (!path.isAbsolute()) {
                throw bad(option, source, "expected an absolute path (it is used on the target host)");
            }
            return path.normalize();
        }

        private static UsageException bad(InfraOption option, OptionValue source, String expected) {
            return OPTIONS.invalid(option, source, expected);
        }
    }
}
