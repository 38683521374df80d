package org.peerlink.signal.register;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link NonceWindow} must do: a backend's test extends this class and says how to open a window. Whether
 * the window outlives the process is the backend's own matter; the tests that are {@code protected} are the ones a
 * backend may extend with checks of what it stored, calling them first.
 */
public abstract class NonceWindowContract {

    protected static final Duration WINDOW = Duration.ofMinutes(2);
    protected static final long NOW = 1_741_590_002_123L;

    protected static final byte[] KEY = Ed25519.fromSeed(new byte[32]).publicKey();
    protected static final byte[] OTHER_KEY = Ed25519.fromSeed(new byte[] {
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
            .publicKey();

    /** A window of {@code window} that has consumed nothing yet. */
    protected abstract NonceWindow open(Duration window);

    @Test
    void aConsumedNonceIsSeenUntilTheWindowEnds() {
        NonceWindow nonces = open(WINDOW);
        assertFalse(nonces.seen(KEY, "nonce-0001", NOW));
        assertTrue(nonces.consume(KEY, "nonce-0001", NOW));
        assertTrue(nonces.seen(KEY, "nonce-0001", NOW + 1));
        assertFalse(nonces.consume(KEY, "nonce-0001", NOW + 1));
        assertTrue(nonces.seen(KEY, "nonce-0001", NOW + WINDOW.toMillis() - 1));
        assertFalse(nonces.seen(KEY, "nonce-0001", NOW + WINDOW.toMillis()));
        assertTrue(nonces.consume(KEY, "nonce-0001", NOW + WINDOW.toMillis()), "usable again after the window");
    }

    @Test
    protected void theSameNonceWithAnotherKeyIsAnotherEntry() throws Exception {
        NonceWindow nonces = open(WINDOW);
        assertTrue(nonces.consume(KEY, "1741590002123456", NOW));
        assertFalse(nonces.seen(OTHER_KEY, "1741590002123456", NOW + 1));
        assertTrue(nonces.consume(OTHER_KEY, "1741590002123456", NOW + 1));
        assertFalse(nonces.consume(KEY, "1741590002123456", NOW + 2));
    }

    @Test
    protected void concurrentConsumesOfOneNonceLetExactlyOneThrough() throws Exception {
        NonceWindow nonces = open(WINDOW);
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> nonces.consume(KEY, "raced-nonce", NOW)));
            }
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            assertEquals(1, accepted);
        }
    }
}
