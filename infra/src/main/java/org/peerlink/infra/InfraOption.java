package org.peerlink.infra;

import org.peerlink.options.CommandLineOption;

/**
 * The single table of {@code infra render} options: name, environment variable, default and description.
 * {@code infra render --help} and the table in {@code infra/README.md} come from here.
 * <p>
 * Only the deploy contract's inputs (PROTOCOL.md section 4) and the TURN secret have an environment variable:
 * secrets are better not passed on a command line, which other users of the host can read.
 */
public enum InfraOption implements CommandLineOption {
    PUBLIC_HOST("public-host", "HOST", null, "PUBLIC_HOST",
                "Domain or IP the apps connect to (required): certificate SAN, default TURN realm"),
    PUBLIC_IP("public-ip", "IP", null, "PUBLIC_IP",
              "Public IP announced by TURN (external-ip); default: --public-host when that is an IP"),
    OUT("out", "DIR", null, null,
        "Directory to write into (required); the files name each other by its absolute path"),
    BIND_ADDRESS("bind-address", "IP", "0.0.0.0", null,
                 "Address HAProxy's TLS frontends listen on"),
    SIGNAL_PUBLIC_PORT("signal-public-port", "PORT", "443", null,
                       "HAProxy port for wss:// (signal)"),
    RELAY_PUBLIC_PORT("relay-public-port", "PORT", "444", null,
                      "HAProxy port for https:// (relay)"),
    SIGNAL_BACKEND_PORT("signal-backend-port", "PORT", "3000", null,
                        "Launcher signal port on 127.0.0.1 (peerlink.env, HAProxy backend)"),
    RELAY_BACKEND_PORT("relay-backend-port", "PORT", "4000", null,
                       "Launcher relay port on 127.0.0.1 (peerlink.env, HAProxy backend)"),
    ADMIN_BACKEND_PORT("admin-backend-port", "PORT", "9400", null,
                       "Launcher admin port on 127.0.0.1 (peerlink.env); HAProxy checks its readiness"),
    DRAIN_DELAY("drain-delay", "SECONDS", "6", null,
                "Launcher: readiness 503 this long before closing signal sockets; HAProxy's check interval is a third"),
    WS_IDLE_TIMEOUT("ws-idle-timeout", "SECONDS", "60", null,
                    "Launcher closes a signal connection quiet this long (peerlink.env); the app pings every 20 s"),
    CONNECTIONS_PER_ADDRESS("connections-per-address", "COUNT", "1200", null,
                            "HAProxy: connections one client address may hold on each frontend, silent ones too"),
    TUNNEL_TIMEOUT("tunnel-timeout", "SECONDS", null, null,
                   "HAProxy's signal timeouts; default: the launcher's latest close + 15 s (90 for 60)"),
    DATA_DIR("data-dir", "DIR", "/var/lib/peerlink", null,
             "Launcher data directory for the systemd unit (peerlink.env)"),
    APP_DIR("app-dir", "DIR", "/opt/peerlink/app", null,
            "Directory holding peerlink-launcher.jar and libs/ for the systemd unit"),
    JAVA("java", "FILE", null, null,
         "Java 21+ binary for the systemd unit; default: the java running this command"),
    SOURCE_DIR("source-dir", "DIR", ".", null,
               "Source checkout docker compose builds the launcher image from"),
    IMAGE("image", "NAME", "peerlink-launcher:local", null,
          "Launcher image name in docker-compose.yml"),
    TURN_PORT("turn-port", "PORT", "3478", null,
              "coturn TURN/STUN port (UDP and TCP)"),
    TURNS_PORT("turns-port", "PORT", "5349", null,
               "coturn TURN over TLS port"),
    TURN_MIN_PORT("turn-min-port", "PORT", "49152", null,
                  "First media relay port"),
    TURN_MAX_PORT("turn-max-port", "PORT", "51819", null,
                  "Last media relay port"),
    TURN_REALM("turn-realm", "REALM", null, null,
               "TURN realm; default: --public-host"),
    TURN_USER("turn-user", "USER", null, "TURN_USER",
              "TURN long-term credential user (with --turn-password)"),
    TURN_PASSWORD("turn-password", "PASSWORD", null, "TURN_PASSWORD",
                  "Its password; turnserver.conf stores only MD5(user:realm:password)"),
    TURN_SECRET("turn-secret", "SECRET", null, "TURN_SECRET",
                "Instead of user/password: shared secret for time-limited credentials (use-auth-secret)"),
    TURN_LISTEN_IP("turn-listen-ip", "IP", null, null,
                   "Address coturn listens and relays on; default: every address"),
    TURN_USER_QUOTA("turn-user-quota", "N", "0", null,
                    "Concurrent allocations per user (0 = no limit)"),
    TURN_TOTAL_QUOTA("turn-total-quota", "N", "0", null,
                     "Concurrent allocations in total (0 = no limit)"),
    TURN_MAX_BPS("turn-max-bps", "BYTES", "0", null,
                 "Bandwidth per TURN session in bytes per second (0 = no limit)"),
    TURN_BPS_CAPACITY("turn-bps-capacity", "BYTES", "0", null,
                      "Bandwidth of the whole TURN server in bytes per second (0 = no limit)"),
    TURN_ALLOW_PRIVATE_PEERS("turn-allow-private-peers", null, null, null,
                             "Let TURN relay to private and link-local addresses (a LAN-only deployment)"),
    LOOPBACK("loopback", null, null, null,
             "Test variant for one machine: 127.0.0.1 only, loopback TURN peers, HAProxy keeps its user"),
    RENEW_CERTIFICATE("renew-certificate", null, null, null,
                      "Create a new certificate even if the existing one still fits"),
    HELP("help", null, null, null,
         "Print this help and exit");

    private final Spec spec;

    InfraOption(String key, String valueName, String defaultValue, String envVar, String description) {
        this.spec = new Spec(key, valueName, defaultValue, envVar, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
