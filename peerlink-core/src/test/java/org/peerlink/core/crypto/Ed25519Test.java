package org.peerlink.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.peerlink.core.Vectors;
import org.peerlink.core.encoding.Base64Field;

class Ed25519Test {

    private static final byte[] MESSAGE = "m1|peer-alice|peer-bob|1741590002123|86400|".getBytes(StandardCharsets.UTF_8);

    @Test
    void wrongLengthsAndNullsAreInvalidNotExceptions() {
        Ed25519.KeyPair pair = Ed25519.generate(new SecureRandom());
        byte[] sig = pair.sign(MESSAGE);
        assertTrue(Ed25519.verify(pair.publicKey(), MESSAGE, sig));
        assertFalse(Ed25519.verify(Arrays.copyOf(pair.publicKey(), 31), MESSAGE, sig));
        assertFalse(Ed25519.verify(Arrays.copyOf(pair.publicKey(), 33), MESSAGE, sig));
        assertFalse(Ed25519.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(sig, 63)));
        assertFalse(Ed25519.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(sig, 65)));
        assertFalse(Ed25519.verify(null, MESSAGE, sig));
        assertFalse(Ed25519.verify(pair.publicKey(), MESSAGE, null));
    }

    /**
     * Node accepts a signature by the identity point (a small-order key) over any message. BouncyCastle
     * rejects small-order keys; the difference cannot affect a real client, whose keys are real keys,
     * and rejecting them closes a forgery path, so we keep the stricter verdict.
     */
    @Test
    void smallOrderKeysThatNodeAcceptsAreRejected() {
        for (JsonObject quirk : Vectors.cases("ed25519.json", "nodeQuirks")) {
            byte[] key = Base64Field.decode(quirk.getString("publicKeyBase64")).orElseThrow();
            byte[] sig = Base64Field.decode(quirk.getString("signatureBase64")).orElseThrow();
            assertFalse(Ed25519.verify(key, Vectors.unhex(quirk.getString("messageHex")), sig), quirk.getString("name"));
        }
    }

    @Test
    void verificationIsThreadSafe() throws Exception {
        List<Ed25519.KeyPair> pairs = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 16; i++) {
            pairs.add(Ed25519.generate(random));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        Ed25519.KeyPair pair = pairs.get(i % pairs.size());
                        Ed25519.KeyPair other = pairs.get((i + 1) % pairs.size());
                        byte[] sig = pair.sign(MESSAGE);
                        ok += Ed25519.verify(pair.publicKey(), MESSAGE, sig) ? 1 : 0;
                        ok += Ed25519.verify(other.publicKey(), MESSAGE, sig) ? 1000 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
