package org.peerlink.signal.hub;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.signal.register.RegisterVerifier;
import org.peerlink.testkit.RegisterFrameSigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link LastSeenLog} that keeps times must do: what one run of the hub recorded, the next run restores.
 * A backend's test extends this class and says what a run is: for a database, opening it and closing it again.
 */
public abstract class LastSeenLogContract {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
    private static final long NOW = 1_741_590_002_123L;

    private final AtomicLong now = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    /** The log for a new run; every run after the first is a restart, after {@link #stop} ended the one before. */
    protected abstract LastSeenLog start() throws Exception;

    /** Ends the run of {@code log}, as a server shutting down does. */
    protected abstract void stop(LastSeenLog log);

    /** One run: a hub on the log of {@link #start}. The nonces are not what is tested here. */
    private final class Run implements AutoCloseable {
        final LastSeenLog log;
        final SignalHub hub;

        Run() throws Exception {
            log = start();
            hub = new SignalHub(new RegisterVerifier(clock,
                    new InMemoryNonceWindow(RegisterVerifier.DEFAULT_NONCE_WINDOW), RegisterVerifier.DEFAULT_SKEW),
                    clock, log);
        }

        @Override
        public void close() {
            stop(log);
        }
    }

    @Test
    void aFirstRunRestoresNothing() throws Exception {
        try (Run first = new Run()) {
            assertEquals(Map.of(), first.log.restore());
        }
    }

    @Test
    void eachPeerStillOfflineIsRestoredWithTheLastTimeItWentOffline() throws Exception {
        try (Run first = new Run()) {
            first.log.offline("bob", NOW);
            first.log.offline("carol", NOW + 1);
            first.log.offline("bob", NOW + 2);
            first.log.online("carol");
            first.log.online("dave");
            first.log.offline("erin", NOW + 3);
            first.log.online("erin");
            first.log.offline("erin", NOW + 4);
        }
        try (Run second = new Run()) {
            assertEquals(Map.of("bob", NOW + 2, "erin", NOW + 4), second.log.restore());
        }
    }

    @Test
    void lastSeenSurvivesRestartAndClearsWhenOnline() throws Exception {
        long wentOffline;
        try (Run first = new Run()) {
            RecordingConnection bob = new RecordingConnection();
            first.hub.onText(bob, JsonWriter.stringify(SIGNER.frame("r1", "bob", now.get(), "nonce-bob-0001", null)));
            RecordingConnection carol = new RecordingConnection();
            first.hub.onText(carol,
                    JsonWriter.stringify(SIGNER.frame("r2", "carol", now.get(), "nonce-carol-0001", null)));
            now.addAndGet(5_000);
            wentOffline = now.get();
            first.hub.onClose(bob);
        }
        try (Run second = new Run()) {
            RecordingConnection dave = new RecordingConnection();
            second.hub.onText(dave,
                    JsonWriter.stringify(SIGNER.frame("r3", "dave", now.get(), "nonce-dave-0001", null)));
            second.hub.onText(dave, "{\"v\":\"1\",\"id\":\"p1\",\"type\":\"peers_request\",\"payload\":{}}");
            JsObject peers = (JsObject) dave.last().get("payload");
            assertEquals("{\"bob\":" + wentOffline + "}", JsonWriter.stringify(peers.get("lastSeenMsByPeer")));

            RecordingConnection bobAgain = new RecordingConnection();
            second.hub.onText(bobAgain,
                    JsonWriter.stringify(SIGNER.frame("r4", "bob", now.get(), "nonce-bob-0002", null)));
        }
        try (Run third = new Run()) {
            assertEquals(Map.of(), third.log.restore());
        }
    }
}
