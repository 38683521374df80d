package org.peerlink.launcher.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.infra.Rendering;

import org.peerlink.launcher.AdminSettings;
import org.peerlink.launcher.LauncherCommand;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.LauncherOptionsParser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The environment file {@code infra render} writes is what the launcher reads (systemd and compose hand it over). */
class RenderedEnvironmentTest {

    @TempDir
    Path out;

    @Test
    void theEnvironmentFileIsWhatTheLauncherReads() throws Exception {
        Rendering.render(Map.of("TURN_SECRET", "x"), "--public-host", "203.0.113.7", "--out", out.toString(),
                         "--source-dir", Path.of("..").toAbsolutePath().normalize().toString(),
                         "--relay-backend-port", "4100", "--signal-backend-port", "3100",
                         "--data-dir", "/srv/peerlink", "--ws-idle-timeout", "45",
                         "--admin-backend-port", "9500", "--drain-delay", "12");
        Map<String, String> env = Rendering.envFile(out.resolve("peerlink.env"));
        assertEquals(Map.of("PEERLINK_HOST", "127.0.0.1", "PEERLINK_RELAY_PORT", "4100",
                            "PEERLINK_SIGNAL_PORT", "3100", "PEERLINK_DATA_DIR", "/srv/peerlink",
                            "PEERLINK_WS_IDLE_TIMEOUT", "45", "PEERLINK_PROXY_PROTOCOL", "true",
                            "PEERLINK_ADMIN_HOST", "127.0.0.1", "PEERLINK_ADMIN_PORT", "9500",
                            "PEERLINK_DRAIN_DELAY", "12"), env);
        LauncherCommand command = LauncherOptionsParser.parse(new String[0], env);
        LauncherOptions options = assertInstanceOf(LauncherCommand.Run.class, command).options();
        assertEquals(4100, options.relayPort());
        assertEquals(3100, options.signalPort());
        assertEquals("127.0.0.1", options.host());
        assertEquals(Path.of("/srv/peerlink"), options.dataDir());
        assertEquals(new AdminSettings("127.0.0.1", 9500, Duration.ofSeconds(12), Duration.ofSeconds(5)),
                     options.admin());
        assertEquals(true, options.proxyProtocol(), "behind HAProxy's send-proxy-v2");
        assertEquals(Duration.ofSeconds(45), options.wsIdleTimeout());
    }
}
