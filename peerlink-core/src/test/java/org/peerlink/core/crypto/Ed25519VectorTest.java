package org.peerlink.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;
import org.peerlink.core.encoding.Base64Field;

class Ed25519VectorTest {

    @TestFactory
    Stream<DynamicTest> verdictMatchesNodeCrypto() {
        return Vectors.cases("ed25519.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            byte[] key = Base64Field.decode(c.getString("publicKeyBase64")).orElseThrow();
            byte[] signature = Base64Field.decode(c.getString("signatureBase64")).orElseThrow();
            byte[] message = Vectors.unhex(c.getString("messageHex"));
            assertEquals(c.getBoolean("valid"), Ed25519.verify(key, message, signature));
        }));
    }

    @TestFactory
    Stream<DynamicTest> signingFromSeedReproducesNodeSignatures() {
        return Vectors.cases("ed25519.json").stream()
                .filter(c -> c.getBoolean("valid") && !c.isNull("seedHex"))
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> sameSignature(c)));
    }

    /** Every 32-byte key of the vectors is a curve point except the ones generated off the curve. */
    @TestFactory
    Stream<DynamicTest> keysOffTheCurveAreNoPoints() {
        return Vectors.cases("ed25519.json").stream()
                .filter(c -> Base64Field.decode(c.getString("publicKeyBase64")).orElseThrow().length == 32)
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> assertEquals(
                        !c.getString("name").startsWith("public-key-not-on-curve"),
                        Ed25519.isPoint(Base64Field.decode(c.getString("publicKeyBase64")).orElseThrow()))));
    }

    private static void sameSignature(JsonObject c) {
        Ed25519.KeyPair pair = Ed25519.fromSeed(Vectors.unhex(c.getString("seedHex")));
        assertEquals(c.getString("publicKeyBase64"), Base64.getEncoder().encodeToString(pair.publicKey()));
        assertArrayEquals(Base64.getDecoder().decode(c.getString("signatureBase64")),
                pair.sign(Vectors.unhex(c.getString("messageHex"))));
    }
}
