package org.peerlink.relay;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerlink.core.Vectors;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.relay.SigningClient.Reply;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request of the shared relay signature vectors (signed by Node the way the app signs) posted to the
 * service: a valid signature is never answered 401, an invalid one always is.
 */
class RelaySignatureVectorsTest {

    private static final Map<String, RelayEndpoint> ENDPOINTS = Map.of(
            "store", RelayEndpoint.STORE,
            "groupStore", RelayEndpoint.GROUP_STORE,
            "membersUpdate", RelayEndpoint.MEMBERS_UPDATE,
            "ack", RelayEndpoint.ACK,
            "blobUpload", RelayEndpoint.BLOB_UPLOAD);

    // The vectors test the signature check, not the storage: the in-memory store is enough and keeps them fast.
    private static InMemoryRelayStorage storage;
    private static SigningClient client;

    @BeforeAll
    static void open() {
        storage = new InMemoryRelayStorage();
        client = new SigningClient(new RelayService(storage, RelaySettings.defaults(), InstantSource.system()), 1);
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    static Stream<Arguments> cases() {
        return Vectors.cases("relay-signatures.json").stream()
                .map(c -> Arguments.of(c.getString("name"), c));
    }

    /**
     * The 400s the contract puts before the signature check for requests that are signed correctly: an empty
     * {@code payload} (signable, but the contract refuses it), a {@code mimeType} that is neither absent, null nor a
     * string, and a members update whose owner is not among the normalised members.
     */
    private static Optional<String> checkedBeforeSignature(RelayEndpoint endpoint, JsObject body) {
        if (body.get("payload") instanceof JsString payload && payload.value().isEmpty()) {
            return Optional.of("{\"error\":\"invalid payload encoding\"}");
        }
        JsValue mimeType = body.get("mimeType");
        if (endpoint == RelayEndpoint.BLOB_UPLOAD && mimeType != null && !(mimeType instanceof JsNull)
                && !(mimeType instanceof JsString)) {
            return Optional.of("{\"error\":\"invalid mimeType\"}");
        }
        if (endpoint == RelayEndpoint.MEMBERS_UPDATE) {
            String owner = body.string("ownerPeerId").orElseThrow();
            if (!body.string("from").orElseThrow().equals(owner)) {
                return Optional.of("{\"error\":\"only owner can update members\"}");
            }
            if (!PeerIdList.normalise((JsArray) body.get("memberPeerIds")).contains(owner)) {
                return Optional.of("{\"error\":\"owner must be in memberPeerIds\"}");
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signatureDecidesBetween401AndTheRest(String name, JsonObject vector) throws Exception {
        RelayEndpoint endpoint = ENDPOINTS.get(vector.getString("op"));
        Reply reply = client.post(endpoint, vector.getString("body"));
        JsObject posted = (JsObject) JsonReader.parse(vector.getString("body"));
        Optional<String> checkedFirst = checkedBeforeSignature(endpoint, posted);
        if (checkedFirst.isPresent()) {
            assertEquals(checkedFirst.get(), reply.text());
        } else if (vector.getBoolean("signatureValid")) {
            // Membership (403) and owner (409) checks come after the signature, so they prove it passed.
            assertTrue(Set.of(RelayStatus.OK, RelayStatus.FORBIDDEN, RelayStatus.CONFLICT).contains(reply.status()),
                    reply.text());
        } else {
            assertEquals(RelayStatus.UNAUTHORIZED, reply.status(), reply.text());
            assertEquals("{\"error\":\"invalid signature\"}", reply.text());
        }
        if (endpoint == RelayEndpoint.STORE && reply.status() == RelayStatus.OK) {
            String to = posted.string("to").orElseThrow();
            String id = posted.string("id").orElseThrow();
            String fetched = client.fetch(to, null, "500").text();
            assertTrue(fetched.contains(JsonWriter.write(posted,
                    JsonWriter.Numbers.AS_RECEIVED)), id + " not returned as posted: " + fetched);
        }
    }
}
