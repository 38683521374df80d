package org.peerlink.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.peerlink.options.UsageException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraOptionsParserTest {

    private static final Map<String, String> CREDENTIALS = Map.of("TURN_USER", "alice", "TURN_PASSWORD", "s3cret");

    private static InfraSettings parse(Map<String, String> env, String... args) throws UsageException {
        List<String> all = new ArrayList<>(List.of("render"));
        all.addAll(List.of(args));
        InfraCommand command = InfraOptionsParser.parse(all.toArray(String[]::new), env);
        return assertInstanceOf(InfraCommand.Render.class, command).settings();
    }

    private static String error(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("render"));
        all.addAll(List.of(args));
        UsageException e = assertThrows(UsageException.class,
                                         () -> InfraOptionsParser.parse(all.toArray(String[]::new), env));
        assertEquals(InfraOptionsParser.HINT, e.hint());
        return e.getMessage();
    }

    @Test
    void anIpHostNeedsNothingElseAndGetsTheDefaults() throws UsageException {
        InfraSettings s = parse(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/etc/peerlink");

        assertEquals("203.0.113.7", s.publicHost());
        assertEquals("203.0.113.7", s.publicIp());
        assertEquals(Path.of("/etc/peerlink"), s.outDir());
        assertEquals(new ProxySettings("0.0.0.0", 443, 444, 3000, 4000, 9400, 6, new SignalTimeouts(60, 90), 1200), s.proxy());
        TurnSettings turn = s.turn();
        assertEquals(List.of(3478, 5349, 49152, 51819), List.of(turn.port(), turn.tlsPort(), turn.minPort(), turn.maxPort()));
        assertEquals("203.0.113.7", turn.realm());
        assertEquals(new TurnAuth.LongTermUser("alice", "s3cret"), turn.auth());
        assertEquals(Optional.empty(), turn.listenIp());
        assertEquals(TurnLimits.NONE, turn.limits());
        assertFalse(turn.allowPrivatePeers());
        assertEquals(Path.of("/var/lib/peerlink"), s.install().dataDir());
        assertEquals(Path.of("/opt/peerlink/app"), s.install().appDir());
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), s.install().java());
        assertEquals(Path.of("").toAbsolutePath(), s.install().sourceDir());
        assertEquals("peerlink-launcher:local", s.install().image());
        assertFalse(s.loopback());
        assertFalse(s.renewCertificate());
    }

    @Test
    void aNamedHostNeedsThePublicIp() throws UsageException {
        assertEquals("missing --public-ip (or PUBLIC_IP): --public-host turn.example.org is a name, and TURN must "
                             + "announce the host's public IP address",
                     error(CREDENTIALS, "--public-host", "turn.example.org", "--out", "/x"));

        InfraSettings s = parse(CREDENTIALS, "--public-host", "turn.example.org", "--public-ip", "198.51.100.4",
                                "--out", "/x");
        assertEquals("turn.example.org", s.publicHost());
        assertEquals("198.51.100.4", s.publicIp());
        assertEquals("turn.example.org", s.turn().realm());
    }

    @Test
    void theDeployContractsVariablesWorkAndTheCommandLineWins() throws UsageException {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PUBLIC_HOST", "peerlink.example.org");
        env.put("PUBLIC_IP", "198.51.100.4");
        InfraSettings fromEnv = parse(env, "--out", "/x");
        assertEquals("peerlink.example.org", fromEnv.publicHost());
        assertEquals("198.51.100.4", fromEnv.publicIp());

        InfraSettings overridden = parse(env, "--out", "/x", "--public-ip=198.51.100.9", "--turn-user", "bob");
        assertEquals("198.51.100.9", overridden.publicIp());
        assertEquals(new TurnAuth.LongTermUser("bob", "s3cret"), overridden.turn().auth());

        env.put("PUBLIC_IP", ""); // VAR= counts as unset
        assertTrue(error(env, "--out", "/x").startsWith("missing --public-ip"));
    }

    @Test
    void addressesAreCheckedWithoutAResolver() throws UsageException {
        assertEquals("invalid value 'not-an-ip' for --public-ip (from environment variable PUBLIC_IP): expected an "
                             + "IPv4 or IPv6 address",
                     error(Map.of("PUBLIC_IP", "not-an-ip", "TURN_SECRET", "s"), "--public-host", "a.example", "--out", "/x"));
        assertEquals("invalid value 'bad_host!' for --public-host (from command line): expected a DNS name or an IP "
                             + "address",
                     error(CREDENTIALS, "--public-host", "bad_host!", "--out", "/x"));
        // a mistyped IP is neither an IP nor a name
        assertTrue(error(CREDENTIALS, "--public-host", "203.0.113", "--out", "/x").contains("expected a DNS name or an IP"));
        assertTrue(error(CREDENTIALS, "--public-host", "256.1.1.1", "--out", "/x").contains("expected a DNS name or an IP"));

        InfraSettings v6 = parse(CREDENTIALS, "--public-host", "[2001:db8::7]", "--out", "/x", "--bind-address", "::");
        assertEquals("2001:db8::7", v6.publicHost());
        assertEquals("2001:db8::7", v6.publicIp());
        assertEquals("::", v6.proxy().bindAddress());
    }

    @Test
    void turnCredentialsAreOneOfTwoKinds() throws UsageException {
        assertEquals("missing TURN credentials: --turn-user and --turn-password (TURN_USER, TURN_PASSWORD), or "
                             + "--turn-secret (TURN_SECRET)",
                     error(Map.of(), "--public-host", "203.0.113.7", "--out", "/x"));
        assertEquals("missing --turn-password (or TURN_PASSWORD) for TURN user alice",
                     error(Map.of(), "--public-host", "203.0.113.7", "--out", "/x", "--turn-user", "alice"));
        assertEquals("missing --turn-user (or TURN_USER) for the TURN password",
                     error(Map.of("TURN_PASSWORD", "p"), "--public-host", "203.0.113.7", "--out", "/x"));
        assertTrue(error(Map.of("TURN_SECRET", "s", "TURN_USER", "a"), "--public-host", "203.0.113.7", "--out", "/x")
                           .startsWith("TURN credentials: give either --turn-secret"));

        InfraSettings secret = parse(Map.of("TURN_SECRET", "0123-abc/+="), "--public-host", "203.0.113.7", "--out", "/x");
        assertEquals(new TurnAuth.SharedSecret("0123-abc/+="), secret.turn().auth());

        // the message never repeats a secret
        String badSecret = error(Map.of("TURN_SECRET", "has space"), "--public-host", "203.0.113.7", "--out", "/x");
        assertFalse(badSecret.contains("has space"), badSecret);
        String badPassword = error(Map.of("TURN_USER", "a", "TURN_PASSWORD", "line\nbreak"),
                                   "--public-host", "203.0.113.7", "--out", "/x");
        assertFalse(badPassword.contains("break"), badPassword);
        assertTrue(error(Map.of("TURN_USER", "a:b", "TURN_PASSWORD", "p"), "--public-host", "203.0.113.7", "--out", "/x")
                           .startsWith("invalid value 'a:b' for --turn-user (from environment variable TURN_USER)"));
    }

    @Test
    void everyListenerGetsItsOwnPortOutsideTheRelayRange() {
        assertEquals("--signal-public-port and --relay-public-port are both 443; every listener needs its own port",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--relay-public-port", "443"));
        assertEquals("--turn-port 50000 lies in the TURN relay range 49152-51819",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--turn-port", "50000"));
        assertEquals("--turn-min-port 6000 is above --turn-max-port 5000",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x",
                           "--turn-min-port", "6000", "--turn-max-port", "5000"));
        assertEquals("invalid value '0' for --signal-public-port (from command line): expected a whole number 1..65535",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--signal-public-port", "0"));
    }

    @Test
    void loopbackListensOnLoopbackOnly() throws UsageException {
        InfraSettings s = parse(CREDENTIALS, "--public-host", "127.0.0.1", "--out", "/x", "--loopback");
        assertTrue(s.loopback());
        assertEquals("127.0.0.1", s.proxy().bindAddress());
        assertEquals(Optional.of("127.0.0.1"), s.turn().listenIp());
    }

    @Test
    void limitsAndFlags() throws UsageException {
        InfraSettings s = parse(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--turn-user-quota", "10",
                                "--turn-total-quota=500", "--turn-max-bps", "300000", "--turn-bps-capacity", "0",
                                "--turn-allow-private-peers", "--renew-certificate", "--tunnel-timeout", "7200");
        assertEquals(new TurnLimits(10, 500, 300000, 0), s.turn().limits());
        assertTrue(s.turn().allowPrivatePeers());
        assertTrue(s.renewCertificate());
        assertEquals(new SignalTimeouts(60, 7200), s.proxy().signalTimeouts());
        assertTrue(error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--turn-user-quota", "-1")
                           .endsWith("expected a whole number 0..9223372036854775807"));
        assertEquals("option --loopback does not take a value",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--loopback=yes"));
    }

    @Test
    void haproxysSignalTimeoutsStayAboveTheLaunchersLatestClose() throws UsageException {
        String[] host = {"--public-host", "203.0.113.7", "--out", "/x"};
        // the launcher checks every quarter of its idle timeout (1 s to 1 min): it closes by idle + that
        assertEquals(new SignalTimeouts(60, 90), parse(CREDENTIALS, host).proxy().signalTimeouts());
        assertEquals(new SignalTimeouts(61, 92), parse(CREDENTIALS, with(host, "--ws-idle-timeout", "61"))
                .proxy().signalTimeouts());
        assertEquals(new SignalTimeouts(600, 675), parse(CREDENTIALS, with(host, "--ws-idle-timeout", "600"))
                .proxy().signalTimeouts());
        assertEquals(new SignalTimeouts(2, 18), parse(CREDENTIALS, with(host, "--ws-idle-timeout", "2"))
                .proxy().signalTimeouts());
        assertEquals(new SignalTimeouts(60, 76), parse(CREDENTIALS, with(host, "--tunnel-timeout", "76"))
                .proxy().signalTimeouts());

        assertEquals("--tunnel-timeout 75 is not above 75 s, the latest the launcher closes a signal connection quiet"
                             + " for --ws-idle-timeout 60 s: HAProxy must leave that close to the launcher, which"
                             + " announces the peer offline",
                     error(CREDENTIALS, with(host, "--tunnel-timeout", "75")));
        assertTrue(error(CREDENTIALS, with(host, "--ws-idle-timeout", "61", "--tunnel-timeout", "76"))
                           .startsWith("--tunnel-timeout 76 is not above 76.25 s, "));
        assertEquals("invalid value '0' for --ws-idle-timeout (from command line): expected a whole number 1..2147483",
                     error(CREDENTIALS, with(host, "--ws-idle-timeout", "0")));
        // HAProxy's longest timeout is 2^31 - 1 ms; haproxy -c refuses a longer one
        assertEquals("invalid value '2147484' for --tunnel-timeout (from command line): expected a whole number"
                             + " 1..2147483",
                     error(CREDENTIALS, with(host, "--tunnel-timeout", "2147484")));
        assertEquals("--ws-idle-timeout 2147483 leaves HAProxy no timeout above the launcher's latest close"
                             + " (2147543 s): HAProxy's longest is 2147483 s",
                     error(CREDENTIALS, with(host, "--ws-idle-timeout", "2147483")));
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void pathsMustBeSafeToWriteUnquotedAndAbsoluteOnTheTarget() {
        assertEquals("invalid value '/tmp/with space' for --out (from command line): the generated configs cannot "
                             + "quote this path; use letters, digits and ._/+@,=-",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/tmp/with space"));
        assertEquals("invalid value 'data' for --data-dir (from command line): expected an absolute path (it is used "
                             + "on the target host)",
                     error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--data-dir", "data"));
        assertTrue(error(CREDENTIALS, "--public-host", "203.0.113.7", "--out", "/x", "--image", "Bad Image")
                           .endsWith("expected an image name such as peerlink-launcher:local"));
    }

    @Test
    void commandsAndHelp() throws UsageException {
        assertEquals("missing command after 'infra' (known: render, qr)",
                     assertThrows(UsageException.class, () -> InfraOptionsParser.parse(new String[0], Map.of()))
                             .getMessage());
        assertEquals("unknown infra command 'apply' (known: render, qr)",
                     assertThrows(UsageException.class,
                                  () -> InfraOptionsParser.parse(new String[] {"apply"}, Map.of())).getMessage());
        assertEquals("unknown option --bogus for infra render", error(Map.of(), "--bogus"));
        assertEquals("missing --public-host (or PUBLIC_HOST): the domain or IP the apps connect to",
                     error(CREDENTIALS, "--out", "/x"));
        assertEquals("missing --out: the directory to write into", error(CREDENTIALS, "--public-host", "203.0.113.7"));
        assertEquals("option --out needs a value (DIR)", error(CREDENTIALS, "--out"));

        assertInstanceOf(InfraCommand.Help.class, InfraOptionsParser.parse(new String[] {"--help"}, Map.of()));
        // help wins over everything else, even bad values
        assertInstanceOf(InfraCommand.Help.class,
                         InfraOptionsParser.parse(new String[] {"render", "--turn-port", "x", "--help"}, Map.of()));
    }
}
