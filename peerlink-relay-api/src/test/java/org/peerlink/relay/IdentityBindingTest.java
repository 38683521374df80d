package org.peerlink.relay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §3.5 on the relay: a write whose {@code from} is pinned must be signed by the pinned key, only the
 * recipient acks (and with its pinned key), and a members update naming a pinned owner needs the owner's key.
 * The pins are made here as a register would make them; relay traffic never pins.
 */
class IdentityBindingTest {

    private static final long NOW = 1_741_590_002_123L;
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.UTF_8);

    private final IdentityPins pins = new InMemoryIdentityPins();
    private final RelayService relay = RelayService.builder(new InMemoryRelayStorage())
            .clock(InstantSource.fixed(Instant.ofEpochMilli(NOW)))
            .pins(pins)
            .build();
    /** Alice's own key, pinned below; mallory's is another. */
    private final RelaySigner aliceKey = new RelaySigner(1);
    private final RelaySigner malloryKey = new RelaySigner(2);
    private final SigningClient asAlice = new SigningClient(relay, 1);
    private final SigningClient asMallory = new SigningClient(relay, 2);

    private void pinAlice() {
        pins.bind("alice", Base64.getDecoder().decode(aliceKey.publicKey()), NOW);
    }

    private SigningClient.Reply post(RelayEndpoint endpoint, JsObject body) {
        return asAlice.post(endpoint, body);
    }

    private List<String> queued(String to) {
        JsArray messages = (JsArray) asAlice.fetch(to, null, null).body().get("messages");
        return messages.items().stream().map(m -> ((JsObject) m).string("id").orElseThrow()).toList();
    }

    @Test
    void aPinnedSendersWritesNeedItsKey() {
        pinAlice();
        SigningClient.Reply forged = post(RelayEndpoint.STORE, malloryKey.store("m1", "alice", "bob", PAYLOAD).build());
        assertEquals(RelayStatus.UNAUTHORIZED, forged.status());
        assertEquals("invalid signature", forged.error());
        assertEquals(RelayStatus.OK, post(RelayEndpoint.STORE, aliceKey.store("m1", "alice", "bob", PAYLOAD).build())
                .status());

        assertEquals("invalid signature", post(RelayEndpoint.GROUP_STORE,
                malloryKey.groupStore("g1", "alice", "group-1", List.of("bob"), PAYLOAD)).error());
        assertEquals("invalid signature", post(RelayEndpoint.BLOB_UPLOAD,
                malloryKey.blobUpload("b1", "alice", "group-1", "f.bin", "application/octet-stream", PAYLOAD)).error());
        assertEquals(RelayStatus.NOT_FOUND, relay.blob("b1").status(), "nothing was stored under a forged name");
    }

    @Test
    void anUnpinnedSenderStillWritesWithAnyKey() {
        // relay traffic never pins: mallory writing as carol pins nothing, and carol's own key still works
        assertEquals(RelayStatus.OK,
                post(RelayEndpoint.STORE, malloryKey.store("m1", "carol", "bob", PAYLOAD).build()).status());
        assertEquals(RelayStatus.OK,
                post(RelayEndpoint.STORE, aliceKey.store("m2", "carol", "bob", PAYLOAD).build()).status());
        assertEquals(List.of(), pins.list());
    }

    /** Finding 2 of issue 13: an ack signed by any key deleted and tombstoned the envelope. */
    @Test
    void onlyTheRecipientAcksItsQueue() {
        post(RelayEndpoint.STORE, aliceKey.store("m1", "carol", "bob", PAYLOAD).build());
        SigningClient.Reply foreign = asMallory.post(RelayEndpoint.ACK, malloryKey.ack("m1", "mallory", "bob"));
        assertEquals(RelayStatus.FORBIDDEN, foreign.status());
        assertEquals("ack must come from the recipient", foreign.error());
        assertEquals(List.of("m1"), queued("bob"), "the envelope is still there");

        pins.bind("bob", Base64.getDecoder().decode(aliceKey.publicKey()), NOW);
        SigningClient.Reply wrongKey = asMallory.post(RelayEndpoint.ACK, malloryKey.ack("m1", "bob", "bob"));
        assertEquals(RelayStatus.UNAUTHORIZED, wrongKey.status());
        assertEquals("invalid signature", wrongKey.error());
        assertEquals(List.of("m1"), queued("bob"));

        assertEquals(RelayStatus.OK, post(RelayEndpoint.ACK, aliceKey.ack("m1", "bob", "bob")).status());
        assertEquals(List.of(), queued("bob"));
    }

    /** Finding 3 of issue 13: a members update checked only the requester's own signature. */
    @Test
    void aPinnedOwnersGroupCannotBeSeized() {
        pinAlice();
        assertEquals(RelayStatus.OK, post(RelayEndpoint.MEMBERS_UPDATE,
                aliceKey.membersUpdate("u1", "alice", "group-1", "alice", List.of("alice", "bob"))).status());
        SigningClient.Reply seized = asMallory.post(RelayEndpoint.MEMBERS_UPDATE,
                malloryKey.membersUpdate("u2", "alice", "group-1", "alice", List.of("alice", "mallory")));
        assertEquals(RelayStatus.UNAUTHORIZED, seized.status());
        assertEquals("invalid signature", seized.error());
        // the membership is alice's: mallory is still no member
        SigningClient.Reply store = asMallory.post(RelayEndpoint.GROUP_STORE,
                malloryKey.groupStore("g1", "mallory", "group-1", List.of("bob"), PAYLOAD));
        assertEquals("sender is not a group member", store.error());
    }

    @Test
    void aChunkedUploadUnderAPinnedNameNeedsItsKeyToComplete() {
        pinAlice();
        byte[] blob = "0123456789".getBytes(StandardCharsets.UTF_8);
        assertEquals(RelayStatus.OK, post(RelayEndpoint.BLOB_CHUNK,
                RelaySigner.chunk("b2", "alice", "group-1", "f.bin", "text/plain", "0", "1", blob).build()).status());
        SigningClient.Reply forged = post(RelayEndpoint.BLOB_COMPLETE, malloryKey.complete("b2", "alice", "group-1",
                "f.bin", "text/plain", 1, malloryKey.blobSignature("b2", "alice", "group-1", "f.bin", "text/plain", blob)));
        assertEquals(RelayStatus.UNAUTHORIZED, forged.status());
        SigningClient.Reply genuine = post(RelayEndpoint.BLOB_COMPLETE, aliceKey.complete("b2", "alice", "group-1",
                "f.bin", "text/plain", 1, aliceKey.blobSignature("b2", "alice", "group-1", "f.bin", "text/plain", blob)));
        assertEquals(RelayStatus.OK, genuine.status());
        assertTrue(genuine.text().contains("\"blobId\":\"b2\""), genuine.text());
    }
}
