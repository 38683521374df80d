package org.peerlink.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the deployment files for one host into one directory:
 * <pre>
 * haproxy.cfg          TLS termination: signal and relay frontends, health-checked backends
 * turnserver.conf      coturn (secret: holds the TURN key or shared secret)
 * docker-compose.yml   launcher + coturn + HAProxy on the host network (Docker deployment)
 * peerlink.service     systemd unit of the launcher (native deployment)
 * peerlink.env         the launcher's PEERLINK_* settings, read by both
 * prometheus.yml       a Prometheus scrape job for the launcher's admin listener
 * grafana-dashboard.json  a Grafana dashboard of the launcher's meters (import it; pick the Prometheus source)
 * tls/fullchain.pem    certificate          tls/privkey.pem  its key
 * tls/selfsigned.pem   certificate + key for HAProxy
 * import-link.txt      the peerlink://config link that adds these servers to the app (secret: TURN password)
 * import-link-qr.txt   that link as a QR code for a terminal    import-link.png  the same as a picture
 * </pre>
 * The files refer to each other by absolute paths under the output directory.
 */
public final class InfraRenderer {

    /** The import link's QR code as terminal text and as a picture, beside {@code import-link.txt}. */
    public static final String QR_TEXT_FILE = "import-link-qr.txt";
    /** See {@link #QR_TEXT_FILE}. */
    public static final String QR_PNG_FILE = "import-link.png";

    /** The rendered files, in the order they are written (after the certificate). */
    public static final List<String> FILES = List.of("haproxy.cfg", "turnserver.conf", "docker-compose.yml",
                                                     "peerlink.service", "peerlink.env", "prometheus.yml",
                                                     "grafana-dashboard.json");

    // Reserved, private and link-local IPv4 and IPv6 ranges a TURN relay on a public server must not reach:
    // otherwise any TURN user can talk to services on the server's own network. Loopback is denied separately
    // (except in the --loopback test variant), multicast by no-multicast-peers.
    private static final List<String> PRIVATE_PEER_RANGES = List.of(
            "0.0.0.0-0.255.255.255",
            "10.0.0.0-10.255.255.255",
            "100.64.0.0-100.127.255.255",
            "169.254.0.0-169.254.255.255",
            "172.16.0.0-172.31.255.255",
            "192.0.0.0-192.0.0.255",
            "192.168.0.0-192.168.255.255",
            "198.18.0.0-198.19.255.255",
            "240.0.0.0-255.255.255.255",
            "::ffff:0.0.0.0-::ffff:255.255.255.255",
            "64:ff9b::-64:ff9b::ffff:ffff",
            "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    private InfraRenderer() {
    }

    /**
     * Render everything for {@code settings} and print one line per step to {@code out}.
     *
     * @param settings validated settings
     * @param out      progress lines
     * @return the files written, certificate files first, the import link last
     * @throws IOException if a file cannot be written (or an existing certificate cannot be read)
     */
    public static List<Path> render(InfraSettings settings, PrintStream out) throws IOException {
        Path dir = settings.outDir();
        TlsFiles tls = settings.tls();
        Files.createDirectories(tls.dir());

        SelfSignedCertificate.Outcome certificate = SelfSignedCertificate.ensure(
                tls, settings.publicHost(), settings.publicIp(), settings.renewCertificate(), Instant.now());
        out.println("peerlink infra: certificate " + (certificate.created() ? "created" : "kept") + " ("
                            + certificate.reason() + "): " + tls.certificate());
        List<Path> written = new ArrayList<>(List.of(tls.certificate(), tls.privateKey(), tls.combined()));

        Map<String, String> values = values(settings);
        for (String name : FILES) {
            Path target = dir.resolve(name);
            String text = Template.load(name).render(values);
            if (name.equals("turnserver.conf")) {
                SecureFiles.writePrivate(target, text);
            } else {
                SecureFiles.writePublic(target, text);
            }
            written.add(target);
            out.println("peerlink infra: wrote " + target);
        }

        ImportLink link = ImportLink.of(settings);
        // the same link as a QR code for the app's scanner; owner-only like the link below: it holds the TURN password
        QrCode qr = QrCode.of(link.uri());
        Path qrText = dir.resolve(QR_TEXT_FILE);
        Path qrPng = dir.resolve(QR_PNG_FILE);
        SecureFiles.writePrivate(qrText, qr.terminal());
        SecureFiles.writePrivate(qrPng, qr.png());
        written.add(qrText);
        written.add(qrPng);
        out.println("peerlink infra: wrote " + qrText);
        out.println("peerlink infra: wrote " + qrPng);
        Path linkFile = dir.resolve(ImportLink.FILE);
        // owner-only like turnserver.conf: the link carries the TURN password in the clear
        SecureFiles.writePrivate(linkFile, link.uri() + "\n");
        written.add(linkFile);
        out.println("peerlink infra: wrote " + linkFile);
        String holds = link.turn().isEmpty()
                ? "; it has no TURN entries: with --turn-secret TURN takes only time-limited credentials, which the"
                        + " app cannot renew"
                : "; it holds the TURN password";
        out.println("peerlink infra: import link for the PeerLink app (open it on the device that runs the app"
                            + holds + "):");
        // on a line of its own, last, so it can be copied, or cut off with tail -n 1
        out.println(link.uri());
        out.flush();
        return written;
    }

    /**
     * The placeholder values shared by all templates.
     *
     * @param s settings
     * @return placeholder name to value
     */
    static Map<String, String> values(InfraSettings s) {
        ProxySettings proxy = s.proxy();
        TurnSettings turn = s.turn();
        TlsFiles tls = s.tls();
        Map<String, String> v = new HashMap<>();
        v.put("PUBLIC_HOST", s.publicHost());
        v.put("PUBLIC_IP", s.publicIp());
        v.put("TLS_DIR", tls.dir().toString());
        v.put("TLS_CERT", tls.certificate().toString());
        v.put("TLS_KEY", tls.privateKey().toString());
        v.put("TLS_COMBINED", tls.combined().toString());

        v.put("SIGNAL_PUBLIC_PORT", String.valueOf(proxy.signalPublicPort()));
        v.put("RELAY_PUBLIC_PORT", String.valueOf(proxy.relayPublicPort()));
        v.put("SIGNAL_BACKEND_PORT", String.valueOf(proxy.signalBackendPort()));
        v.put("ADMIN_BACKEND_PORT", String.valueOf(proxy.adminBackendPort()));
        v.put("DRAIN_DELAY", String.valueOf(proxy.drainDelaySeconds()));
        v.put("CHECK_INTER", String.valueOf(proxy.checkIntervalSeconds()));
        v.put("STOP_TIMEOUT", String.valueOf(proxy.stopTimeoutSeconds()));
        v.put("RELAY_BACKEND_PORT", String.valueOf(proxy.relayBackendPort()));
        v.put("BIND_SIGNAL", HostNames.hostPort(proxy.bindAddress(), proxy.signalPublicPort()));
        v.put("BIND_RELAY", HostNames.hostPort(proxy.bindAddress(), proxy.relayPublicPort()));
        v.put("WS_IDLE_TIMEOUT", String.valueOf(proxy.signalTimeouts().idleSeconds()));
        v.put("SIGNAL_TIMEOUT", String.valueOf(proxy.signalTimeouts().tunnelSeconds()));
        v.put("CONNECTIONS_PER_ADDRESS", String.valueOf(proxy.connectionsPerAddress()));
        v.put("HAPROXY_PROCESS", s.loopback()
                ? "    # --loopback: keeps the user that started it, so a test can run it without root"
                : String.join("\n",
                              "    # started as root to bind the ports and read the key, then confined",
                              "    chroot /var/lib/haproxy",
                              "    user haproxy",
                              "    group haproxy"));

        v.put("TURN_PORT", String.valueOf(turn.port()));
        v.put("TURNS_PORT", String.valueOf(turn.tlsPort()));
        v.put("TURN_MIN_PORT", String.valueOf(turn.minPort()));
        v.put("TURN_MAX_PORT", String.valueOf(turn.maxPort()));
        v.put("TURN_REALM", turn.realm());
        v.put("TURN_LISTENING", turn.listenIp()
                .map(ip -> "listening-ip=" + ip + "\nrelay-ip=" + ip)
                .orElse("# listens on every address of the host"));
        v.put("TURN_AUTH", switch (turn.auth()) {
            case TurnAuth.LongTermUser user -> "# long-term credentials; the key is MD5(user:realm:password), so the"
                    + " password itself is not stored here\nlt-cred-mech\nuser=" + user.user() + ":0x"
                    + user.key(turn.realm());
            case TurnAuth.SharedSecret secret -> "# time-limited credentials: user = expiry:name,"
                    + " password = base64(HMAC-SHA1(secret, user))\nuse-auth-secret\nstatic-auth-secret="
                    + secret.secret();
        });
        v.put("TURN_PEERS", turnPeers(s));
        v.put("TURN_LIMITS", turnLimits(turn.limits()));
        v.put("TURN_FILES", s.loopback()
                ? "# --loopback: pid file and user database next to this file, not the system's\npidfile="
                        + s.outDir().resolve("turnserver.pid") + "\nuserdb=" + s.outDir().resolve("turndb")
                : "# pid file and user database: coturn's defaults (Debian's unit passes --pidfile=)");

        Path envFile = s.outDir().resolve("peerlink.env");
        v.put("ENV_FILE", envFile.toString());
        v.put("DATA_DIR", s.install().dataDir().toString());
        v.put("APP_DIR", s.install().appDir().toString());
        v.put("JAVA", s.install().java().toString());
        v.put("IMAGE", s.install().image());
        v.put("SOURCE_DIR", s.install().sourceDir().toString());
        v.put("COMPOSE_FILE", s.outDir().resolve("docker-compose.yml").toString());
        v.put("TURN_CONF", s.outDir().resolve("turnserver.conf").toString());
        v.put("HAPROXY_CONF", s.outDir().resolve("haproxy.cfg").toString());
        return v;
    }

    private static String turnPeers(InfraSettings s) {
        StringBuilder lines = new StringBuilder();
        if (s.loopback()) {
            lines.append("# --loopback: the test's peer runs on 127.0.0.1\nallow-loopback-peers\n");
        } else {
            // coturn refuses loopback peers by default since 4.5; said here too, so no default change opens it
            lines.append("# no relaying to the server itself\ndenied-peer-ip=127.0.0.0-127.255.255.255\n"
                                 + "denied-peer-ip=::1\n");
        }
        if (s.turn().allowPrivatePeers()) {
            lines.append("# --turn-allow-private-peers: relaying into private networks is allowed");
        } else {
            lines.append("# no relaying into private, link-local or reserved networks (--turn-allow-private-peers"
                                 + " allows it)");
            for (String range : PRIVATE_PEER_RANGES) {
                lines.append("\ndenied-peer-ip=").append(range);
            }
        }
        return lines.toString();
    }

    private static String turnLimits(TurnLimits limits) {
        List<String> lines = new ArrayList<>();
        if (limits.userQuota() > 0) {
            lines.add("user-quota=" + limits.userQuota());
        }
        if (limits.totalQuota() > 0) {
            lines.add("total-quota=" + limits.totalQuota());
        }
        if (limits.maxBps() > 0) {
            lines.add("max-bps=" + limits.maxBps());
        }
        if (limits.bpsCapacity() > 0) {
            lines.add("bps-capacity=" + limits.bpsCapacity());
        }
        if (lines.isEmpty()) {
            return "# no quotas or bandwidth limits (--turn-user-quota, --turn-total-quota, --turn-max-bps,"
                    + " --turn-bps-capacity)";
        }
        return "# quotas and bandwidth limits (bytes per second)\n" + String.join("\n", lines);
    }
}
