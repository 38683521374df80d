package org.peerlink.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each rendered file says; the real programs read them in HaproxyConfigCheckTest and the end-to-end tests. */
class InfraRendererTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path out;

    private Rendering.Result render(Map<String, String> env, String... extra) {
        out = dir.resolve("etc");
        List<String> args = new ArrayList<>(List.of("--public-host", "203.0.113.7", "--out", out.toString(),
                                                    "--source-dir", REPO.toString()));
        args.addAll(List.of(extra));
        return Rendering.render(env, args.toArray(String[]::new));
    }

    private String read(String name) throws IOException {
        return Files.readString(out.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryFileWithTheRightPermissionsAndReportsIt() throws IOException {
        Rendering.Result result = render(Map.of("TURN_USER", "alice", "TURN_PASSWORD", "s3cret"));

        List<String> lines = result.out().lines().toList();
        assertEquals("peerlink infra: certificate created (there was none): " + out.resolve("tls/fullchain.pem"),
                     lines.getFirst());
        List<String> wrote = new ArrayList<>();
        for (String name : InfraRenderer.FILES) {
            wrote.add("peerlink infra: wrote " + out.resolve(name));
        }
        wrote.add("peerlink infra: wrote " + out.resolve("import-link-qr.txt"));
        wrote.add("peerlink infra: wrote " + out.resolve("import-link.png"));
        wrote.add("peerlink infra: wrote " + out.resolve("import-link.txt"));
        // then what the link holds and the link itself (InfraImportLinkTest reads them)
        assertEquals(wrote, lines.subList(1, lines.size() - 2));
        assertEquals("", result.err());

        Set<String> files = new TreeSet<>();
        try (var walk = Files.walk(out)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.add(out.relativize(f) + " "
                    + permissions(f)));
        }
        assertEquals(new TreeSet<>(List.of("docker-compose.yml rw-r--r--", "haproxy.cfg rw-r--r--",
                                           "peerlink.env rw-r--r--", "peerlink.service rw-r--r--",
                                           "prometheus.yml rw-r--r--", "grafana-dashboard.json rw-r--r--",
                                           "import-link.txt rw-------", "import-link-qr.txt rw-------",
                                           "import-link.png rw-------",
                                           "turnserver.conf rw-------", "tls/fullchain.pem rw-r--r--",
                                           "tls/privkey.pem rw-------", "tls/selfsigned.pem rw-------")), files);
        for (String name : InfraRenderer.FILES) {
            assertFalse(read(name).contains("${"), name + " has a placeholder left:\n" + read(name));
        }

        // a second run keeps the certificate and writes the same files again
        List<String> again = render(Map.of("TURN_USER", "alice", "TURN_PASSWORD", "s3cret")).out().lines().toList();
        assertTrue(again.getFirst().startsWith("peerlink infra: certificate kept (it still names IP:203.0.113.7"),
                   again.getFirst());
    }

    @Test
    void haproxyTerminatesTlsForBothServicesAndChecksThem() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--relay-public-port", "8444", "--signal-public-port", "8443",
               "--relay-backend-port", "4100", "--signal-backend-port", "3100", "--tunnel-timeout", "900");
        String cfg = read("haproxy.cfg");
        String pem = out.resolve("tls/selfsigned.pem").toString();
        assertTrue(cfg.contains("\n    bind 0.0.0.0:8443 ssl crt " + pem + " alpn http/1.1\n"), cfg);
        assertTrue(cfg.contains("\n    bind 0.0.0.0:8444 ssl crt " + pem + " alpn h2,http/1.1\n"), cfg);
        // the PROXY protocol tells the launcher each client's address (issue 13); the checks must send it too
        assertTrue(cfg.contains("\n    server launcher 127.0.0.1:3100 check send-proxy-v2 check-send-proxy\n"), cfg);
        assertTrue(cfg.contains("\n    server launcher 127.0.0.1:4100 check send-proxy-v2 check-send-proxy\n"), cfg);
        assertEquals("true", Rendering.envFile(out.resolve("peerlink.env")).get("PEERLINK_PROXY_PROTOCOL"));
        // --tunnel-timeout overrides the value derived from the idle timeout, for the signal side only
        assertEquals(List.of("timeout client 900s"), timeouts(cfg, "frontend signal"));
        assertEquals(List.of("timeout tunnel 900s"), timeouts(cfg, "backend signal"));
        assertEquals(List.of("timeout client 30s"), timeouts(cfg, "frontend relay"));
        assertTrue(cfg.contains("\n    option forwardfor\n"), cfg);
        assertTrue(cfg.contains("http-check expect status 101"), cfg);
        assertTrue(cfg.contains("\n    chroot /var/lib/haproxy\n    user haproxy\n    group haproxy\n"), cfg);
    }

    @Test
    void theChecksAskTheLaunchersReadinessOftenEnoughToNoticeADrainWithinItsDelay() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--admin-backend-port", "9500", "--drain-delay", "9");
        String cfg = read("haproxy.cfg");
        // down at most inter + fastinter after readiness went 503: 3 s + 1 s, within the 9 s delay
        assertTrue(cfg.contains("\n    default-server inter 3s fastinter 1s downinter 1s fall 2 rise 2\n"), cfg);
        String readiness = "\n    http-check connect port 9500\n"
                + "    http-check send meth GET uri /observe/health/ready ver HTTP/1.1 hdr Host localhost\n"
                + "    http-check expect status 200\n    http-check connect default\n";
        assertEquals(2, cfg.split(readiness, -1).length - 1, "both backends check readiness first:\n" + cfg);
        Map<String, String> env = Rendering.envFile(out.resolve("peerlink.env"));
        assertEquals("9500", env.get("PEERLINK_ADMIN_PORT"));
        assertEquals("127.0.0.1", env.get("PEERLINK_ADMIN_HOST"));
        assertEquals("9", env.get("PEERLINK_DRAIN_DELAY"));
        assertTrue(read("peerlink.service").contains("\nTimeoutStopSec=34\n"), read("peerlink.service"));
        assertTrue(read("docker-compose.yml").contains("stop_grace_period: 34s"), read("docker-compose.yml"));
    }

    @Test
    void theSignalTimeoutsFollowTheAppsPingAndTheLauncherClosesFirst() throws Exception {
        render(Map.of("TURN_SECRET", "x"));
        String cfg = read("haproxy.cfg");
        // the launcher closes a dead connection 60 to 75 s after its last frame (it checks every 60/4 s):
        // HAProxy's side of the signal connection lasts 15 s longer
        assertEquals(List.of("timeout client 90s"), timeouts(cfg, "frontend signal"));
        assertEquals(List.of("timeout tunnel 90s"), timeouts(cfg, "backend signal"));
        // relay: one request per connection, which the app gives up on after 20 s
        assertEquals(List.of("timeout client 30s"), timeouts(cfg, "frontend relay"));
        assertEquals(List.of(), timeouts(cfg, "backend relay"));
        // no tunnel or client timeout in "defaults" that a section could silently fall back to
        for (String line : timeouts(cfg, "defaults")) {
            assertFalse(line.startsWith("timeout tunnel ") || line.startsWith("timeout client "), line);
        }
        assertEquals("60", Rendering.envFile(out.resolve("peerlink.env")).get("PEERLINK_WS_IDLE_TIMEOUT"));

        render(Map.of("TURN_SECRET", "x"), "--ws-idle-timeout", "120");
        cfg = read("haproxy.cfg");
        // 120 s + one check period (30 s) + 15 s
        assertEquals(List.of("timeout client 165s"), timeouts(cfg, "frontend signal"));
        assertEquals(List.of("timeout tunnel 165s"), timeouts(cfg, "backend signal"));
        assertEquals(List.of("timeout client 30s"), timeouts(cfg, "frontend relay"));
        assertEquals("120", Rendering.envFile(out.resolve("peerlink.env")).get("PEERLINK_WS_IDLE_TIMEOUT"));
    }

    @Test
    void aTunnelTimeoutTheLauncherMightNotBeatIsRefusedAndNothingIsWritten() {
        out = dir.resolve("etc");
        for (String[] args : new String[][] {{"--tunnel-timeout", "60"}, {"--tunnel-timeout", "75"},
                                             {"--ws-idle-timeout", "120", "--tunnel-timeout", "100"}}) {
            List<String> all = new ArrayList<>(List.of("infra", "render", "--public-host", "203.0.113.7",
                                                       "--out", out.toString()));
            all.addAll(List.of(args));
            Rendering.Result refused = Rendering.run(Map.of("TURN_SECRET", "x"), all.toArray(String[]::new));
            assertEquals(2, refused.exitCode(), String.join(" ", args) + ": " + refused.err());
            assertTrue(refused.err().startsWith("peerlink: --tunnel-timeout " + args[args.length - 1]
                                                        + " is not above "), refused.err());
            assertFalse(Files.exists(out), "nothing is written");
        }
        render(Map.of("TURN_SECRET", "x"), "--tunnel-timeout", "76");
    }

    @Test
    void theLoopbackVariantListensOnLoopbackAndKeepsItsUser() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--loopback");
        String cfg = read("haproxy.cfg");
        assertTrue(cfg.contains("\n    bind 127.0.0.1:443 ssl crt "), cfg);
        assertFalse(cfg.contains("\n    chroot "), cfg);
        assertFalse(cfg.contains("\n    user haproxy"), cfg);
        String turn = read("turnserver.conf");
        assertTrue(turn.contains("\nlistening-ip=127.0.0.1\nrelay-ip=127.0.0.1\n"), turn);
        assertTrue(turn.contains("\nallow-loopback-peers\n"), turn);
        assertFalse(turn.contains("denied-peer-ip=127.0.0.0"), turn);
        assertTrue(turn.contains("\npidfile=" + out.resolve("turnserver.pid") + "\n"), turn);
    }

    @Test
    void ipv6ListenersAreBracketed() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--bind-address", "::");
        assertTrue(read("haproxy.cfg").contains("\n    bind [::]:443 ssl crt "), read("haproxy.cfg"));
    }

    @Test
    void turnWithLongTermCredentialsStoresOnlyTheKey() throws IOException {
        render(Map.of("TURN_USER", "alice", "TURN_PASSWORD", "s3cret"));
        Map<String, List<String>> conf = turnConf();
        // MD5("alice:203.0.113.7:s3cret"), computed with md5sum
        assertEquals(List.of("alice:0xd7a21d44b458a61abddc23a9d9d260b5"), conf.get("user"));
        assertFalse(read("turnserver.conf").contains("s3cret"));
        assertEquals(List.of(""), conf.get("lt-cred-mech"));
        assertEquals(List.of("3478"), conf.get("listening-port"));
        assertEquals(List.of("5349"), conf.get("tls-listening-port"));
        assertEquals(List.of("49152"), conf.get("min-port"));
        assertEquals(List.of("51819"), conf.get("max-port"));
        assertEquals(List.of("203.0.113.7"), conf.get("external-ip"));
        assertEquals(List.of("203.0.113.7"), conf.get("realm"));
        assertEquals(List.of(out.resolve("tls/fullchain.pem").toString()), conf.get("cert"));
        assertEquals(List.of(out.resolve("tls/privkey.pem").toString()), conf.get("pkey"));
        for (String flag : List.of("no-tlsv1", "no-tlsv1_1", "no-cli", "no-multicast-peers", "fingerprint")) {
            assertEquals(List.of(""), conf.get(flag), flag);
        }
        assertTrue(conf.get("denied-peer-ip").contains("10.0.0.0-10.255.255.255"), conf.toString());
        assertTrue(conf.get("denied-peer-ip").contains("192.168.0.0-192.168.255.255"), conf.toString());
        assertFalse(conf.containsKey("allow-loopback-peers"));
        assertTrue(conf.get("denied-peer-ip").containsAll(List.of("127.0.0.0-127.255.255.255", "::1")), conf.toString());
        assertFalse(conf.containsKey("listening-ip"));
        assertFalse(conf.containsKey("use-auth-secret"));
        for (String limit : List.of("user-quota", "total-quota", "max-bps", "bps-capacity")) {
            assertFalse(conf.containsKey(limit), limit);
        }
    }

    @Test
    void turnWithASharedSecretLimitsAndPrivatePeers() throws IOException {
        render(Map.of("TURN_SECRET", "0123456789abcdef"), "--turn-realm", "turn.example.org", "--turn-user-quota", "12",
               "--turn-total-quota", "400", "--turn-max-bps", "250000", "--turn-bps-capacity", "50000000",
               "--turn-allow-private-peers", "--turn-listen-ip", "198.51.100.4");
        Map<String, List<String>> conf = turnConf();
        assertEquals(List.of(""), conf.get("use-auth-secret"));
        assertEquals(List.of("0123456789abcdef"), conf.get("static-auth-secret"));
        assertFalse(conf.containsKey("lt-cred-mech"));
        assertFalse(conf.containsKey("user"));
        assertEquals(List.of("turn.example.org"), conf.get("realm"));
        assertEquals(List.of("12"), conf.get("user-quota"));
        assertEquals(List.of("400"), conf.get("total-quota"));
        assertEquals(List.of("250000"), conf.get("max-bps"));
        assertEquals(List.of("50000000"), conf.get("bps-capacity"));
        assertEquals(List.of("127.0.0.0-127.255.255.255", "::1"), conf.get("denied-peer-ip"));
        assertEquals(List.of("198.51.100.4"), conf.get("listening-ip"));
        assertEquals(List.of("198.51.100.4"), conf.get("relay-ip"));
    }

    @Test
    void theSystemdUnitStartsTheJarWithTheEnvironmentFile() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--java", "/usr/lib/jvm/temurin-21-jdk-amd64/bin/java",
               "--app-dir", "/opt/pl", "--data-dir", "/srv/peerlink");
        Map<String, Map<String, String>> unit = unitSections(read("peerlink.service"));
        Map<String, String> service = unit.get("Service");
        assertEquals("/usr/lib/jvm/temurin-21-jdk-amd64/bin/java @/opt/pl/jvm.options -jar /opt/pl/peerlink-launcher.jar",
                     service.get("ExecStart"));
        assertEquals(out.resolve("peerlink.env").toString(), service.get("EnvironmentFile"));
        assertEquals("/srv/peerlink", service.get("ReadWritePaths"));
        assertEquals("143", service.get("SuccessExitStatus"));
        assertEquals("peerlink", service.get("User"));
        assertEquals("strict", service.get("ProtectSystem"));
        assertEquals("multi-user.target", unit.get("Install").get("WantedBy"));
    }

    @Test
    void composeRunsTheThreeServicesOnTheHostNetworkWithTheRenderedFiles() throws IOException {
        render(Map.of("TURN_SECRET", "x"), "--image", "registry.example.org/peerlink:1.0");
        Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
        Map<String, Map<String, Object>> services = map(compose.get("services"));
        assertEquals(Set.of("launcher", "coturn", "haproxy"), services.keySet());
        for (Map<String, Object> service : services.values()) {
            assertEquals("host", service.get("network_mode"));
            assertEquals("unless-stopped", service.get("restart"));
        }

        Map<String, Object> launcher = services.get("launcher");
        assertEquals("registry.example.org/peerlink:1.0", launcher.get("image"));
        Map<String, Object> build = map(launcher.get("build"));
        assertEquals(REPO.toString(), build.get("context"));
        assertTrue(Files.isRegularFile(REPO.resolve((String) build.get("dockerfile"))), build.toString());
        assertEquals(out.resolve("peerlink.env").toString(), launcher.get("env_file"));
        assertEquals(Map.of("PEERLINK_DATA_DIR", "/data"), launcher.get("environment"));
        assertEquals(List.of("peerlink-data:/data"), launcher.get("volumes"));
        assertTrue(map(compose.get("volumes")).containsKey("peerlink-data"));

        // every host file a container mounts exists where the compose file says
        for (String name : List.of("coturn", "haproxy")) {
            for (Object volume : (List<?>) services.get(name).get("volumes")) {
                Path host = Path.of(((String) volume).split(":")[0]);
                assertTrue(Files.exists(host), name + " mounts missing " + host);
            }
        }
        assertEquals(List.of(out.resolve("turnserver.conf") + ":/etc/coturn/turnserver.conf:ro",
                             out.resolve("tls") + ":" + out.resolve("tls") + ":ro"),
                     services.get("coturn").get("volumes"));
        assertEquals(List.of(out.resolve("haproxy.cfg") + ":/usr/local/etc/haproxy/haproxy.cfg:ro",
                             out.resolve("tls") + ":" + out.resolve("tls") + ":ro"),
                     services.get("haproxy").get("volumes"));
        assertEquals(List.of("-c", "/etc/coturn/turnserver.conf"), services.get("coturn").get("command"));
        assertEquals("root", services.get("haproxy").get("user"));
    }

    /** The {@code timeout ...} lines of one haproxy.cfg section, e.g. {@code frontend signal}. */
    private static List<String> timeouts(String cfg, String section) {
        List<String> lines = new ArrayList<>();
        boolean inSection = false;
        for (String line : cfg.lines().toList()) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inSection = line.strip().equals(section);
            } else if (inSection && line.strip().startsWith("timeout ")) {
                lines.add(line.strip());
            }
        }
        assertTrue(cfg.lines().anyMatch(line -> line.equals(section)), "haproxy.cfg has no section " + section);
        return lines;
    }

    private Map<String, List<String>> turnConf() throws IOException {
        Map<String, List<String>> conf = new HashMap<>();
        for (String line : read("turnserver.conf").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            conf.computeIfAbsent(key, k -> new ArrayList<>()).add(eq < 0 ? "" : line.substring(eq + 1));
        }
        return conf;
    }

    private static Map<String, Map<String, String>> unitSections(String unit) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : unit.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1, line.length() - 1), current);
            } else {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return sections;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object yaml) {
        return (Map<String, V>) yaml;
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
