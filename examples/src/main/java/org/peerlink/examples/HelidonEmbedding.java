package org.peerlink.examples;

import java.nio.file.Path;

import io.helidon.webserver.WebServer;

import org.peerlink.helidon.JsonErrors;
import org.peerlink.helidon.relay.RelayFeature;
import org.peerlink.helidon.signal.SignalFeature;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.relay.RelayService;
import org.peerlink.signal.SignalService;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

/**
 * The relay and the signal service in a plain Helidon SE server of one's own, through the two features: the relay
 * on the default socket, the signal service on a socket named {@code signal}. {@link #mount} is all it takes; the
 * rest of the class only makes the two services.
 * <p>
 * Run: {@code java -cp ... org.peerlink.examples.HelidonEmbedding ./relay-data 4000 3000}
 */
public final class HelidonEmbedding {

    private HelidonEmbedding() {
    }

    /** Starts a server with both services: the relay on {@code relayPort}, the signal on {@code signalPort}. */
    public static WebServer mount(RelayService relay, SignalService signal, int relayPort, int signalPort) {
        SignalFeature signalFeature = SignalFeature.create(signal, "signal");
        return WebServer.builder()
                .host("127.0.0.1")
                .port(relayPort)
                .directHandlers(JsonErrors.directHandlers())
                .addFeature(RelayFeature.create(relay))
                .putSocket("signal", socket -> signalFeature.listener(socket.host("127.0.0.1").port(signalPort)))
                .addFeature(signalFeature)
                .build()
                .start();
    }

    /**
     * A signal service that keeps its state in memory (a restart forgets nonces, last-seen times and pins). Its
     * registers pin peerIds into {@code pins}: give the relay the same, so that it enforces them.
     */
    public static SignalService inMemorySignal(IdentityPins pins) {
        return SignalService.builder().pins(pins).build();
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "relay-data");
        int relayPort = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int signalPort = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        H2Database database = H2Database.open(dataDir);
        IdentityPins pins = new InMemoryIdentityPins();
        RelayService relay = RelayService.builder(new H2RelayStorage(database)).pins(pins).build();
        SignalService signal = inMemorySignal(pins);
        WebServer server = mount(relay, signal, relayPort, signalPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            signal.close();
            database.close();
        }));
        System.out.println("relay on http://127.0.0.1:" + server.port() + ", signal on ws://127.0.0.1:"
                + server.port("signal"));
    }
}
