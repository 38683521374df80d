package org.peerlink.core.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;

class RegisterCanonicalPayloadVectorTest {

    @TestFactory
    Stream<DynamicTest> canonicalBytesAndVerdictMatchTheOriginalSignal() {
        return Vectors.cases("register.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private static void check(JsonObject c) throws Exception {
        JsObject auth = (JsObject) JsonReader.parse(c.getString("authJson").getBytes(StandardCharsets.UTF_8));
        RegisterProof proof = new RegisterProof(auth.string("peerId").orElseThrow(), (JsNumber) auth.get("timestampMs"),
                auth.string("nonce").orElseThrow(), auth.string("signingPublicKey").orElseThrow(),
                auth.get("legacyPeerId"), auth.get("identityProfile"));
        byte[] v1 = RegisterCanonicalPayload.v1(proof);
        byte[] v2 = RegisterCanonicalPayload.v2(proof);
        assertEquals(c.getString("v1Hex"), Vectors.hex(v1), "v1 canonical bytes");
        assertEquals(c.getString("v2Hex"), Vectors.hex(v2), "v2 canonical bytes");
        assertEquals(c.getString("verdict"), verdict(proof.signingPublicKey(), auth.string("signature").orElseThrow(), v1, v2));
    }

    private static String verdict(String keyText, String signatureText, byte[] v1, byte[] v2) {
        Optional<byte[]> key = Base64Field.decode(keyText);
        Optional<byte[]> signature = Base64Field.decode(signatureText);
        if (key.isEmpty() || signature.isEmpty()) {
            return "invalid";
        }
        if (Ed25519.verify(key.get(), v2, signature.get())) {
            return "v2";
        }
        return Ed25519.verify(key.get(), v1, signature.get()) ? "v1" : "invalid";
    }
}
