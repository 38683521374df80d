package org.peerlink.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.relay.RelaySettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @Test
    void socketNames() {
        LauncherOptions both = LauncherOptions.of(0, 0, Path.of("data"));
        assertEquals(WebServer.DEFAULT_SOCKET_NAME, Launcher.socketName(both, ServiceName.RELAY));
        assertEquals(Launcher.SIGNAL_SOCKET, Launcher.socketName(both, ServiceName.SIGNAL));

        LauncherOptions signalOnly = both.withServices(EnumSet.of(ServiceName.SIGNAL));
        assertEquals(WebServer.DEFAULT_SOCKET_NAME, Launcher.socketName(signalOnly, ServiceName.SIGNAL));
    }

    @Test
    void setupAppliesBodyLimitAndSignalIdleTimeout(@TempDir Path dataDir) throws StartupException {
        LauncherOptions options = LauncherOptions.of(0, 0, dataDir)
                .withRelay(new RelaySettings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6),
                                             Duration.ZERO, 12_345));
        try (ServerResources resources = ServerResources.open(options, dataDir)) {
            WebServerConfig.Builder builder = WebServer.builder();
            Launcher.setup(builder, options, resources);
            WebServerConfig config = builder.buildPrototype();
            assertEquals(-1, config.maxPayloadSize(), "no Helidon limit: the relay holds bodies to its own");
            ListenerConfig signal = config.sockets().get(Launcher.SIGNAL_SOCKET);
            assertEquals(Duration.ofSeconds(60), signal.idleConnectionTimeout());
            assertEquals(Duration.ofSeconds(15), signal.idleConnectionPeriod());
            assertFalse(signal.useNio(), "plain sockets: no write buffer per idle connection");
            assertEquals(1, signal.connectionSelectors().size(), "the signal upgrader's selector comes first");
            assertTrue(config.connectionOptions().tcpNoDelay(), "relay: no delayed-ACK stalls");
            assertFalse(signal.connectionOptions().tcpNoDelay(), "signal: presence updates share segments");
        }

        LauncherOptions signalOnly = options.withServices(EnumSet.of(ServiceName.SIGNAL));
        try (ServerResources resources = ServerResources.open(signalOnly, dataDir)) {
            assertTrue(resources.relayService().isEmpty());
            WebServerConfig.Builder builder = WebServer.builder();
            Launcher.setup(builder, signalOnly, resources);
            assertEquals(Duration.ofSeconds(60), builder.buildPrototype().idleConnectionTimeout());
        }
    }

    @Test
    void hostPortBracketsIpv6() {
        assertEquals("127.0.0.1:4000", Launcher.hostPort("127.0.0.1", 4000));
        assertEquals("[::1]:4000", Launcher.hostPort("::1", 4000));
        assertEquals("[::1]:4000", Launcher.hostPort("[::1]", 4000));
        assertEquals("example.org", Launcher.hostPort("example.org", -1));
    }

    @Test
    void optionsRecordValidates() {
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.of(65536, 0, Path.of("d")));
        assertThrows(IllegalArgumentException.class,
                     () -> LauncherOptions.of(0, 0, Path.of("d")).withServices(EnumSet.noneOf(ServiceName.class)));
    }
}
