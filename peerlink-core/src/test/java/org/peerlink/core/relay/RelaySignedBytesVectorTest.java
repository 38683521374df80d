package org.peerlink.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;

class RelaySignedBytesVectorTest {

    @TestFactory
    Stream<DynamicTest> signedBytesAndVerdictMatchTheOriginalRelay() {
        return Vectors.cases("relay-signatures.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private static void check(JsonObject c) throws Exception {
        JsObject body = (JsObject) JsonReader.parse(c.getString("body"));
        String id = text(body, "id");
        String from = text(body, "from");
        JsNumber ts = (JsNumber) body.get("ts");
        byte[] signed = switch (c.getString("op")) {
            case "store" -> RelaySignedBytes.store(id, from, text(body, "to"), ts, ttl(body), payload(body));
            case "groupStore" -> {
                List<String> recipients = PeerIdList.normaliseWithout((JsArray) body.get("recipients"), from);
                assertEquals(expectedIds(c), recipients, "normalised recipients");
                yield RelaySignedBytes.groupStore(id, from, text(body, "groupId"), recipients, ts, ttl(body), payload(body));
            }
            case "membersUpdate" -> {
                List<String> members = PeerIdList.normalise((JsArray) body.get("memberPeerIds"));
                assertEquals(expectedIds(c), members, "normalised members");
                yield RelaySignedBytes.membersUpdate(id, from, text(body, "groupId"), text(body, "ownerPeerId"),
                        members, ts, ttl(body));
            }
            case "ack" -> RelaySignedBytes.ack(id, from, text(body, "to"), ts);
            case "blobUpload" -> RelaySignedBytes.blobUpload(id, from, text(body, "groupId"), text(body, "fileName"),
                    RelaySignedBytes.signedMimeType(body.get("mimeType")), ts, ttl(body), payload(body));
            default -> throw new IllegalArgumentException("unknown op " + c.getString("op"));
        };
        assertEquals(c.getString("signedHex"), Vectors.hex(signed), "signed bytes");
        byte[] key = Base64Field.decode(text(body, "signingPub")).orElseThrow();
        byte[] sig = Base64Field.decode(text(body, "sig")).orElseThrow();
        assertEquals(c.getBoolean("signatureValid"), Ed25519.verify(key, signed, sig), "signature verdict");
    }

    private static List<String> expectedIds(JsonObject c) {
        return c.getJsonArray("normalisedPeerIds").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static String text(JsObject body, String key) {
        return body.string(key).orElseThrow(() -> new AssertionError("vector body lacks string " + key));
    }

    private static JsNumber ttl(JsObject body) {
        return (JsNumber) body.get("ttl");
    }

    private static byte[] payload(JsObject body) {
        return Base64Field.decode(text(body, "payload")).orElseThrow();
    }
}
