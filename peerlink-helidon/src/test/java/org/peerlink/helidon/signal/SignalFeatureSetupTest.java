package org.peerlink.helidon.signal;

import java.time.InstantSource;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.peerlink.signal.SignalService;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.signal.register.InMemoryNonceWindow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A signal socket without the listener settings the service needs is refused when the server is built. */
class SignalFeatureSetupTest {

    private final SignalService service = new SignalService(SignalSettings.defaults(),
            new InMemoryNonceWindow(SignalSettings.defaults().nonceWindow()), LastSeenLog.NONE, InstantSource.system());

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void aNamedSocketWithoutTheListenerSettingsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .putSocket("signal", socket -> socket.host("127.0.0.1").port(0))
                .addFeature(SignalFeature.create(service, "signal"))
                .build());
        assertEquals("the signal socket \"signal\" lacks its settings: call SignalFeature.listener(...) on its builder",
                e.getMessage());
    }

    @Test
    void theDefaultSocketWithoutThemIsRefusedToo() {
        assertThrows(IllegalStateException.class, () -> WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addFeature(SignalFeature.create(service))
                .build());
    }

    @Test
    void anUnknownSocketIsNamedInTheError() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addFeature(SignalFeature.create(service, "nowhere"))
                .build());
        assertEquals(true, e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void withTheSettingsTheServerIsBuilt() {
        SignalFeature signal = SignalFeature.create(service, "signal");
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .putSocket("signal", socket -> signal.listener(socket.host("127.0.0.1").port(0)))
                .addFeature(signal)
                .build();
        assertEquals(false, server.isRunning());
    }
}
