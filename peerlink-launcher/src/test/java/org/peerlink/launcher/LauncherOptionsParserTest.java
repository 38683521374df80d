package org.peerlink.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.options.UsageException;
import org.peerlink.relay.RelaySettings;

import org.peerlink.signal.AllowedOrigins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherOptionsParserTest {

    @TempDir
    Path tmp;

    private static LauncherOptions parse(Map<String, String> env, String... args) throws UsageException {
        LauncherCommand command = LauncherOptionsParser.parse(args, env);
        return assertInstanceOf(LauncherCommand.Run.class, command).options();
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(UsageException.class, () -> LauncherOptionsParser.parse(args, env)).getMessage();
    }

    private Path file(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void defaults() throws Exception {
        LauncherOptions o = parse(Map.of());
        assertEquals(4000, o.relayPort());
        assertEquals(3000, o.signalPort());
        assertEquals("127.0.0.1", o.host());
        assertEquals(Path.of("./data"), o.dataDir());
        assertEquals(EnumSet.of(ServiceName.RELAY, ServiceName.SIGNAL), o.services());
        assertEquals(RelaySettings.defaults(), o.relay(), "the contract's defaults");
        assertEquals(Duration.ofSeconds(60), o.sweepInterval());
        assertEquals(Duration.ofSeconds(60), o.wsIdleTimeout(), "three of the app's 20 s pings");
        assertEquals(AllowedOrigins.ANY, o.wsAllowedOrigins());
        assertEquals(Optional.empty(), o.configFile());
        assertEquals(new AdminSettings("127.0.0.1", 9400, Duration.ofSeconds(6), Duration.ofSeconds(5)), o.admin());
        assertEquals(new LogSettings(LogSettings.Format.TEXT, false), o.log());
        LauncherOptions embedded = LauncherOptions.of(4000, 3000, Path.of("./data"));
        assertEquals(0, embedded.admin().port(), "an embedded server's admin listener takes a free port");
        assertEquals(o.withAdmin(o.admin().withPort(0)), embedded, "of() uses the same defaults otherwise");
    }

    @Test
    void logOptions() throws Exception {
        assertEquals(new LogSettings(LogSettings.Format.JSON, true),
                     parse(Map.of("PEERLINK_LOG_FORMAT", "JSON"), "--access-log", "true").log());
        assertTrue(error(Map.of(), "--log-format", "xml").contains("expected text or json"),
                   error(Map.of(), "--log-format", "xml"));
    }

    @Test
    void relayOptions() throws Exception {
        LauncherOptions o = parse(Map.of("PEERLINK_SWEEP_INTERVAL", "5"),
                                  "--retention", "3600", "--body-limit=1048576", "--upload-session-ttl", "60",
                                  "--max-blob-ttl", "604800", "--ws-idle-timeout", "90");
        assertEquals(new RelaySettings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(1),
                                       Duration.ofDays(7), 1_048_576), o.relay());
        assertEquals(Duration.ofSeconds(5), o.sweepInterval());
        assertEquals(Duration.ofSeconds(90), o.wsIdleTimeout());
    }

    @Test
    void allowedOrigins() throws Exception {
        LauncherOptions list = parse(Map.of("PEERLINK_WS_ALLOWED_ORIGINS", " https://App.example.org/ ,http://localhost:8080,"));
        assertEquals(new AllowedOrigins(false, java.util.Set.of("https://app.example.org", "http://localhost:8080")),
                     list.wsAllowedOrigins());
        assertTrue(list.wsAllowedOrigins().allows("https://app.example.org"));
        assertTrue(list.wsAllowedOrigins().allows("HTTPS://APP.EXAMPLE.ORG"));
        assertFalse(list.wsAllowedOrigins().allows("https://evil.example.org"));
        assertEquals(AllowedOrigins.ANY, parse(Map.of(), "--ws-allowed-origins", "https://a.example,*")
                .wsAllowedOrigins());
        assertTrue(parse(Map.of(), "--ws-allowed-origins=null").wsAllowedOrigins().allows("null"));
        for (String bad : new String[] {"", " , ", "app.example.org", "https://app.example.org/path"}) {
            String message = error(Map.of(), "--ws-allowed-origins", bad);
            assertTrue(message.contains("--ws-allowed-origins") && message.contains(AllowedOrigins.EXPECTED), message);
        }
    }

    @Test
    void relayOptionsInConfigFile() throws Exception {
        Path yaml = file("relay.yaml", """
                retention: 120
                body-limit: 2MiB
                max-blob-ttl: 0
                sweep-interval: 1
                """);
        LauncherOptions o = parse(Map.of(), "--config", yaml.toString());
        assertEquals(Duration.ofMinutes(2), o.relay().messageRetention());
        assertEquals(Duration.ofMinutes(4), o.relay().tombstoneRetention());
        assertEquals(2L << 20, o.relay().maxBodyBytes());
        assertEquals(Duration.ZERO, o.relay().maxBlobTtl());
        assertEquals(Duration.ofSeconds(1), o.sweepInterval());
    }

    @Test
    void bodyLimitUnits() throws Exception {
        assertEquals(20L << 20, parse(Map.of(), "--body-limit", "20MiB").relay().maxBodyBytes());
        assertEquals(512L << 10, parse(Map.of(), "--body-limit", " 512 kib ").relay().maxBodyBytes());
        assertEquals(1L << 30, parse(Map.of(), "--body-limit", "1GiB").relay().maxBodyBytes());
        assertEquals(1, parse(Map.of(), "--body-limit", "1").relay().maxBodyBytes());
        for (String bad : new String[] {"0", "-1", "2GiB", "1073741825", "20MB", "20 M", "1.5MiB", "MiB", "",
                "99999999999999999999"}) {
            assertEquals("invalid value '" + bad + "' for --body-limit (from command line): expected a byte count "
                                 + "1..1073741824, optionally with KiB, MiB, GiB or TiB (20MiB)",
                         error(Map.of(), "--body-limit=" + bad), bad);
        }
    }

    @Test
    void badSeconds() {
        assertEquals("invalid value '0' for --retention (from command line): expected whole seconds 1..2147483647",
                     error(Map.of(), "--retention", "0"));
        assertEquals("invalid value '1.5' for --sweep-interval (from environment variable PEERLINK_SWEEP_INTERVAL): "
                             + "expected whole seconds 1..2147483647",
                     error(Map.of("PEERLINK_SWEEP_INTERVAL", "1.5")));
        assertEquals("invalid value '-1' for --max-blob-ttl (from command line): expected whole seconds "
                             + "0..2147483647",
                     error(Map.of(), "--max-blob-ttl", "-1"));
        for (LauncherOption option : new LauncherOption[] {LauncherOption.RETENTION, LauncherOption.UPLOAD_SESSION_TTL,
                LauncherOption.SWEEP_INTERVAL, LauncherOption.WS_IDLE_TIMEOUT, LauncherOption.MAX_BLOB_TTL}) {
            for (String bad : new String[] {"abc", "1e3", "2147483648", "+5", "10s"}) {
                assertTrue(error(Map.of(), option.flag(), bad).startsWith("invalid value '" + bad + "' for "
                                                                                 + option.flag()), option + " " + bad);
            }
        }
    }

    @Test
    void commandLineBothForms() throws Exception {
        LauncherOptions o = parse(Map.of(),
                                  "--relay-port", "4100", "--signal-port=3100", "--host=0.0.0.0",
                                  "--data-dir", "/tmp/x", "--services=relay");
        assertEquals(4100, o.relayPort());
        assertEquals(3100, o.signalPort());
        assertEquals("0.0.0.0", o.host());
        assertEquals(Path.of("/tmp/x"), o.dataDir());
        assertEquals(EnumSet.of(ServiceName.RELAY), o.services());
    }

    @Test
    void lastOccurrenceWins() throws Exception {
        assertEquals(2, parse(Map.of(), "--relay-port", "1", "--relay-port=2").relayPort());
    }

    @Test
    void environment() throws Exception {
        LauncherOptions o = parse(Map.of("PEERLINK_RELAY_PORT", "4200",
                                         "PEERLINK_SIGNAL_PORT", "3200",
                                         "PEERLINK_HOST", "::1",
                                         "PEERLINK_DATA_DIR", "/var/lib/peerlink",
                                         "PEERLINK_SERVICES", "signal"));
        assertEquals(4200, o.relayPort());
        assertEquals(3200, o.signalPort());
        assertEquals("::1", o.host());
        assertEquals(Path.of("/var/lib/peerlink"), o.dataDir());
        assertEquals(EnumSet.of(ServiceName.SIGNAL), o.services());
    }

    @Test
    void blankEnvironmentVariableCountsAsUnset() throws Exception {
        assertEquals(4000, parse(Map.of("PEERLINK_RELAY_PORT", "")).relayPort());
    }

    @Test
    void precedenceCommandLineOverEnvironmentOverFileOverDefaults() throws Exception {
        Path yaml = file("peerlink.yaml", """
                relay-port: 4001
                signal-port: 3001
                host: 10.0.0.1
                data-dir: /from/file
                """);
        Map<String, String> env = Map.of("PEERLINK_SIGNAL_PORT", "3002",
                                         "PEERLINK_HOST", "10.0.0.2",
                                         "PEERLINK_CONFIG", yaml.toString());
        LauncherOptions o = parse(env, "--host", "10.0.0.3");

        assertEquals(4001, o.relayPort(), "file over default");
        assertEquals(3002, o.signalPort(), "environment over file");
        assertEquals("10.0.0.3", o.host(), "command line over environment");
        assertEquals(Path.of("/from/file"), o.dataDir());
        assertEquals(EnumSet.allOf(ServiceName.class), o.services(), "default");
        assertEquals(Optional.of(yaml), o.configFile());
    }

    @Test
    void configOptionOnCommandLineBeatsEnvironment() throws Exception {
        Path a = file("a.yaml", "relay-port: 4101\n");
        Path b = file("b.yml", "relay-port: 4102\n");
        LauncherOptions o = parse(Map.of("PEERLINK_CONFIG", a.toString()), "--config=" + b);
        assertEquals(4102, o.relayPort());
    }

    @Test
    void propertiesFile() throws Exception {
        Path props = file("peerlink.properties", """
                relay-port=4300
                services=relay
                """);
        LauncherOptions o = parse(Map.of(), "--config", props.toString());
        assertEquals(4300, o.relayPort());
        assertEquals(EnumSet.of(ServiceName.RELAY), o.services());
    }

    @Test
    void yamlListOfServices() throws Exception {
        Path yaml = file("list.yaml", """
                services:
                  - signal
                """);
        assertEquals(EnumSet.of(ServiceName.SIGNAL), parse(Map.of(), "--config", yaml.toString()).services());
    }

    @Test
    void emptyConfigFile() throws Exception {
        Path yaml = file("empty.yaml", "");
        assertEquals(4000, parse(Map.of(), "--config", yaml.toString()).relayPort());
    }

    @Test
    void servicesAreNormalized() throws Exception {
        assertEquals(EnumSet.allOf(ServiceName.class), parse(Map.of(), "--services", " Signal , RELAY,relay ").services());
    }

    @Test
    void portZeroIsAllowed() throws Exception {
        LauncherOptions o = parse(Map.of(), "--relay-port", "0", "--signal-port", "0");
        assertEquals(0, o.relayPort());
        assertEquals(0, o.signalPort());
    }

    @Test
    void badPorts() {
        assertEquals("invalid value '70000' for --relay-port (from command line): expected a port number 0..65535",
                     error(Map.of(), "--relay-port", "70000"));
        assertTrue(error(Map.of(), "--signal-port=-1").contains("--signal-port"));
        assertTrue(error(Map.of(), "--relay-port", "abc").contains("expected a port number 0..65535"));
        assertEquals("invalid value 'x' for --signal-port (from environment variable PEERLINK_SIGNAL_PORT): "
                             + "expected a port number 0..65535",
                     error(Map.of("PEERLINK_SIGNAL_PORT", "x")));
    }

    @Test
    void badPortInConfigFileNamesTheFile() throws Exception {
        Path yaml = file("bad.yaml", "relay-port: 99999\n");
        String message = error(Map.of(), "--config", yaml.toString());
        assertTrue(message.contains("--relay-port") && message.contains("config file " + yaml), message);
    }

    @Test
    void samePortForBothListeners() throws Exception {
        assertTrue(error(Map.of(), "--relay-port", "5000", "--signal-port", "5000").contains("different ports"));
        // fine when only one of them runs
        assertEquals(5000, parse(Map.of(), "--relay-port", "5000", "--signal-port", "5000",
                                 "--services", "relay").relayPort());
    }

    @Test
    void unknownService() {
        assertEquals("invalid value 'relay,turn' for --services (from command line): "
                             + "unknown service 'turn' (known: relay, signal)",
                     error(Map.of(), "--services", "relay,turn"));
        assertTrue(error(Map.of(), "--services", " , ").contains("--services"));
    }

    @Test
    void unknownOptionAndSyntaxErrors() {
        assertEquals("unknown option --relay", error(Map.of(), "--relay", "1"));
        assertEquals("unknown option --port", error(Map.of(), "--port=1"));
        assertEquals("option --relay-port needs a value (PORT)", error(Map.of(), "--relay-port"));
        assertEquals("unexpected argument 'relay'", error(Map.of(), "relay"));
        assertEquals("unexpected argument '-x'", error(Map.of(), "-x"));
        assertEquals("option --help does not take a value", error(Map.of(), "--help=yes"));
        assertTrue(error(Map.of(), "--host", " ").contains("--host"));
    }

    @Test
    void help() throws Exception {
        assertInstanceOf(LauncherCommand.Help.class, LauncherOptionsParser.parse(new String[] {"--help"}, Map.of()));
        assertInstanceOf(LauncherCommand.Help.class, LauncherOptionsParser.parse(new String[] {"-h"}, Map.of()));
        // values are not validated when help is asked for
        assertInstanceOf(LauncherCommand.Help.class,
                         LauncherOptionsParser.parse(new String[] {"--relay-port", "x", "--help"},
                                               Map.of("PEERLINK_SIGNAL_PORT", "bad")));
    }

    @Test
    void configFileProblems() throws Exception {
        assertTrue(error(Map.of(), "--config", tmp.resolve("missing.yaml").toString()).contains("does not exist"));
        Path txt = file("peerlink.txt", "relay-port: 1\n");
        assertTrue(error(Map.of(), "--config", txt.toString()).contains("must end with .yaml, .yml or .properties"));
        Path unknown = file("unknown.yaml", "relay-prot: 1\n");
        assertEquals("unknown key 'relay-prot' in config file " + unknown,
                     error(Map.of(), "--config", unknown.toString()));
        Path nested = file("nested.yaml", "config: other.yaml\n");
        assertTrue(error(Map.of(), "--config", nested.toString()).contains("unknown key 'config'"));
        Path broken = file("broken.yaml", "relay-port: [1, \n");
        assertTrue(error(Map.of(), "--config", broken.toString()).startsWith("cannot read config file"));
    }

    @Test
    void helpTextListsEveryOption() {
        String help = Usage.text();
        for (LauncherOption option : LauncherOption.values()) {
            assertTrue(help.contains(option.flag()), option.flag());
            option.envVar().ifPresent(env -> assertTrue(help.contains(env), env));
        }
        assertTrue(help.contains("command line > environment > config file > defaults"));
    }
}
