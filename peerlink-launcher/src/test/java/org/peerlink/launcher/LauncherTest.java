package org.peerlink.launcher;

import java.nio.file.Path;
import java.util.EnumSet;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
