package org.peerlink.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;

import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;

class RegisterFrameSignerTest {

    /** What a server does with the frame text: parse, rebuild the canonical payloads, verify. */
    @Test
    void frameSentOverTheWireVerifiesAgainstV2NotV1() throws Exception {
        Ed25519.KeyPair keys = Ed25519.generate(new SecureRandom());
        JsObject profile = JsObject.builder().put("stableUserId", "peer-a").put("10", "x").put("2", "y").build();
        String wire = JsonWriter.stringify(new RegisterFrameSigner(keys).frame("f1", "peer-a", 1741590002123L, "nonce-123", profile));

        JsObject frame = (JsObject) JsonReader.parse(wire);
        JsObject auth = (JsObject) ((JsObject) frame.get("payload")).get("auth");
        assertEquals("register", frame.string("type").orElseThrow());
        RegisterProof proof = new RegisterProof(auth.string("peerId").orElseThrow(), (JsNumber) auth.get("timestampMs"),
                auth.string("nonce").orElseThrow(), auth.string("signingPublicKey").orElseThrow(),
                auth.get("legacyPeerId"), auth.get("identityProfile"));
        byte[] key = Base64Field.decode(proof.signingPublicKey()).orElseThrow();
        byte[] signature = Base64Field.decode(auth.string("signature").orElseThrow()).orElseThrow();

        assertTrue(Ed25519.verify(key, RegisterCanonicalPayload.v2(proof), signature));
        assertFalse(Ed25519.verify(key, RegisterCanonicalPayload.v1(proof), signature));
        assertTrue(wire.contains("\"identityProfile\":{\"2\":\"y\",\"10\":\"x\",\"stableUserId\":\"peer-a\"}"), wire);
    }
}
