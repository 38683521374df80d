package org.peerlink.signal.hub;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.signal.SignalClose;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.signal.register.RegisterVerifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many peers registering twice at once (every peer takes itself over), then everybody signalling everybody at
 * once: the outcome is exact, whatever the interleaving.
 */
class SignalHubConcurrencyTest {

    private static final int PEERS = 40;
    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));

    private final InstantSource clock = InstantSource.system();
    private final SignalHub hub = new SignalHub(new RegisterVerifier(clock,
            new InMemoryNonceWindow(RegisterVerifier.DEFAULT_NONCE_WINDOW), RegisterVerifier.DEFAULT_SKEW), clock);

    private static JsObject payload(JsObject frame) {
        return (JsObject) frame.get("payload");
    }

    @Test
    void everyPeerRegistersTwiceThenEveryoneSignalsEveryone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            RecordingConnection[][] connections = new RecordingConnection[PEERS][2];
            List<Callable<Void>> registers = new ArrayList<>();
            for (int p = 0; p < PEERS; p++) {
                for (int c = 0; c < 2; c++) {
                    RecordingConnection connection = new RecordingConnection();
                    connections[p][c] = connection;
                    String frame = JsonWriter.stringify(SIGNER.frame("r-" + p + "-" + c, "peer-" + p, clock.millis(),
                            "nonce-" + p + "-" + c + "-xxxxxxxx", null));
                    registers.add(() -> {
                        hub.onText(connection, frame);
                        return null;
                    });
                }
            }
            for (Future<Void> done : pool.invokeAll(registers)) {
                done.get();
            }

            RecordingConnection[] live = new RecordingConnection[PEERS];
            for (int p = 0; p < PEERS; p++) {
                RecordingConnection a = connections[p][0];
                RecordingConnection b = connections[p][1];
                assertEquals(1, a.frames("register_ack").size());
                assertEquals(1, b.frames("register_ack").size());
                // Exactly one of the two was replaced, with SESSION_REPLACED then close 4001.
                assertTrue(a.closeCode() == null ^ b.closeCode() == null, "peer-" + p);
                RecordingConnection replaced = a.closeCode() == null ? b : a;
                live[p] = replaced == a ? b : a;
                assertEquals(SignalClose.SESSION_REPLACED.code(), replaced.closeCode());
                assertEquals("SESSION_REPLACED",
                        payload(replaced.frames("error").getFirst()).string("code").orElseThrow());
            }
            for (RecordingConnection[] pair : connections) {
                for (RecordingConnection connection : pair) {
                    // A takeover is never announced as going offline.
                    assertEquals(0, connection.frames("presence_update").stream()
                            .filter(f -> payload(f).string("status").orElseThrow().equals("offline")).count());
                }
            }

            List<Callable<Void>> signals = new ArrayList<>();
            for (int from = 0; from < PEERS; from++) {
                for (int to = 0; to < PEERS; to++) {
                    if (from != to) {
                        RecordingConnection sender = live[from];
                        String frame = "{\"v\":\"1\",\"id\":\"s-" + from + "-" + to + "\",\"type\":\"signal\","
                                + "\"payload\":{\"type\":\"ice\",\"from\":\"peer-" + from + "\",\"to\":\"peer-" + to
                                + "\",\"n\":" + from + "}}";
                        signals.add(() -> {
                            hub.onText(sender, frame);
                            return null;
                        });
                    }
                }
            }
            for (Future<Void> done : pool.invokeAll(signals)) {
                done.get();
            }
            for (int p = 0; p < PEERS; p++) {
                List<JsObject> received = live[p].frames("signal");
                Set<String> senders = new HashSet<>();
                received.forEach(f -> senders.add(payload(f).string("from").orElseThrow()));
                assertEquals(PEERS - 1, received.size(), "peer-" + p);
                assertEquals(PEERS - 1, senders.size(), "peer-" + p);
                assertEquals(0, live[p].frames("error").size(), "peer-" + p);
            }

            RecordingConnection observer = live[0];
            hub.onText(observer, "{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\",\"payload\":{}}");
            JsArray online = (JsArray) payload(observer.frames("peers").getLast()).get("peers");
            assertEquals(PEERS, online.size());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
