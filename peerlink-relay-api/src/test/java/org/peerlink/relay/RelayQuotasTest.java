package org.peerlink.relay;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.relay.quota.DiskWatermark;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.StorageSpace;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Finding 8 of issue 13: nothing bounded what one queue or one sender's unfinished uploads kept on disk, and a full
 * disk made the store close and every write fail. Quotas answer {@code 507 insufficient storage} and write nothing;
 * reads go on.
 */
class RelayQuotasTest {

    private static final long NOW = 1_741_590_002_123L;
    private static final long MIB = 1024 * 1024;

    private final RelaySigner alice = new RelaySigner(1);
    private final RelaySigner bob = new RelaySigner(2);

    private static SigningClient client(RelayQuotas quotas, StorageSpace space, int seed) {
        RelayService relay = RelayService.builder(new InMemoryRelayStorage())
                .settings(RelaySettings.defaults().withQuotas(quotas))
                .clock(InstantSource.fixed(Instant.ofEpochMilli(NOW)))
                .storageSpace(space)
                .build();
        return new SigningClient(relay, seed);
    }

    private static RelayQuotas quotas(int queueEnvelopes, long queueChars, int uploads, long uploadBytes) {
        return new RelayQuotas(queueEnvelopes, queueChars, uploads, uploadBytes, 0);
    }

    private static byte[] bytes(int n) {
        byte[] payload = new byte[n];
        payload[0] = 1;
        return payload;
    }

    @Test
    void aFullQueueRefusesTheNextEnvelopeUntilItsRecipientAcks() {
        SigningClient client = client(quotas(2, 100 * MIB, 32, 100 * MIB), StorageSpace.UNBOUNDED, 1);
        assertEquals(RelayStatus.OK, store(client, "m1", "bob", 10).status());
        assertEquals(RelayStatus.OK, store(client, "m2", "bob", 10).status());

        SigningClient.Reply full = store(client, "m3", "bob", 10);
        assertEquals(RelayStatus.INSUFFICIENT_STORAGE, full.status());
        assertEquals(507, full.status().httpStatus());
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"queueEnvelopes\",\"limit\":2}", full.text());
        assertEquals(RelayStatus.OK, store(client, "c1", "carol", 10).status(),
                "another recipient's queue has its own quota");
        assertEquals(List.of("m1", "m2"), ids(client.fetch("bob", null, null)), "reads are served, m3 was not kept");

        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.ACK, bob.ack("m1", "bob", "bob")).status());
        assertEquals(RelayStatus.OK, store(client, "m3", "bob", 10).status(),
                "the app's re-send goes through once the queue has room");
        assertEquals(List.of("m2", "m3"), ids(client.fetch("bob", null, null)));
    }

    @Test
    void aQueueHoldsNoMoreThanItsCharacters() {
        SigningClient client = client(quotas(10_000, 3000, 32, 100 * MIB), StorageSpace.UNBOUNDED, 1);
        assertEquals(RelayStatus.OK, store(client, "m1", "bob", 1000).status());
        SigningClient.Reply over = store(client, "m2", "bob", 1000);
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"queueChars\",\"limit\":3000}", over.text(),
                "two envelopes of ~1.8 K characters do not fit in 3000");
        assertEquals(List.of("m1"), ids(client.fetch("bob", null, null)));
    }

    @Test
    void aGroupStoreSkipsTheFullQueuesAndSaysHowMany() {
        SigningClient client = client(quotas(1, 100 * MIB, 32, 100 * MIB), StorageSpace.UNBOUNDED, 1);
        store(client, "m1", "bob", 10);

        SigningClient.Reply fanOut = client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "group-1", List.of("bob", "carol"), bytes(10)));
        assertEquals(RelayStatus.OK, fanOut.status());
        assertEquals("{\"ok\":true,\"groupId\":\"group-1\",\"recipients\":2,\"stored\":1,\"duplicate\":0,"
                + "\"queueFull\":1}", fanOut.text());
        assertEquals(List.of("g1"), ids(client.fetch("carol", null, null)));
        assertEquals(List.of("m1"), ids(client.fetch("bob", null, null)));

        SigningClient.Reply again = client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g2", "alice", "group-2", List.of("carol2"), bytes(10)));
        assertEquals("{\"ok\":true,\"groupId\":\"group-2\",\"recipients\":1,\"stored\":1,\"duplicate\":0}",
                again.text(), "without a full queue the answer is the contract's");
    }

    @Test
    void aSenderMayKeepOnlySoManyUnfinishedUploads() {
        SigningClient client = client(quotas(10_000, 100 * MIB, 2, 100 * MIB), StorageSpace.UNBOUNDED, 1);
        assertEquals(RelayStatus.OK, chunk(client, "u1", "mallory", 0).status());
        assertEquals(RelayStatus.OK, chunk(client, "u2", "mallory", 0).status());

        SigningClient.Reply third = chunk(client, "u3", "mallory", 0);
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"uploadSessions\",\"limit\":2}", third.text());
        assertEquals(RelayStatus.OK, chunk(client, "u1", "mallory", 1).status(), "an open session goes on");
        assertEquals(RelayStatus.OK, chunk(client, "u3", "alice", 0).status(), "another sender has its own quota");
    }

    @Test
    void aSendersUnfinishedUploadsHoldNoMoreThanItsBytes() {
        SigningClient client = client(quotas(10_000, 100 * MIB, 32, 2500), StorageSpace.UNBOUNDED, 1);
        assertEquals(RelayStatus.OK, chunk(client, "u1", "mallory", 0).status());
        assertEquals(RelayStatus.OK, chunk(client, "u1", "mallory", 1).status());
        SigningClient.Reply over = chunk(client, "u2", "mallory", 0);
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"uploadBytes\",\"limit\":2500}", over.text(),
                "two chunks of 1000 bytes are held; a third does not fit in 2500");
    }

    @Test
    void belowTheFreeDiskWatermarkWritesAre507AndReadsAndAcksGoOn() throws InterruptedException {
        AtomicLong free = new AtomicLong(100 * MIB);
        RelayQuotas quotas = new RelayQuotas(10_000, 100 * MIB, 32, 100 * MIB, 64 * MIB);
        SigningClient client = client(quotas, free::get, 1);
        assertEquals(RelayStatus.OK, store(client, "m0", "bob", 10).status());
        free.set(10 * MIB);
        Thread.sleep(DiskWatermark.READING_VALID_NANOS / 1_000_000 + 50); // the reading above it is used that long

        SigningClient.Reply refused = store(client, "m1", "bob", 10);
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"freeDisk\",\"limit\":" + 64 * MIB + "}",
                refused.text());
        for (RelayEndpoint write : List.of(RelayEndpoint.GROUP_STORE, RelayEndpoint.MEMBERS_UPDATE,
                RelayEndpoint.BLOB_UPLOAD, RelayEndpoint.BLOB_CHUNK)) {
            assertEquals(RelayStatus.INSUFFICIENT_STORAGE, client.post(write, "{}").status(), write.name());
        }
        assertEquals(List.of("m0"), ids(client.fetch("bob", null, null)));
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.ACK, bob.ack("m0", "bob", "bob")).status(),
                "an ack empties a queue, so it is let through");
        assertFalse(client.post(RelayEndpoint.PROBE, "{\"v\":\"1\"}").status() == RelayStatus.INSUFFICIENT_STORAGE);

        free.set(65 * MIB);
        assertEquals(RelayStatus.OK, store(client, "m1", "bob", 10).status());
    }

    @Test
    void aDiskThatCannotBeReadRefusesNothing() {
        RelayQuotas quotas = new RelayQuotas(10_000, 100 * MIB, 32, 100 * MIB, 64 * MIB);
        SigningClient client = client(quotas, () -> {
            throw new IOException("statvfs failed");
        }, 1);
        assertEquals(RelayStatus.OK, store(client, "m1", "bob", 10).status());
    }

    private SigningClient.Reply store(SigningClient client, String id, String to, int payloadBytes) {
        return client.post(RelayEndpoint.STORE, alice.store(id, "alice", to, bytes(payloadBytes)).build());
    }

    private static SigningClient.Reply chunk(SigningClient client, String id, String from, int index) {
        return client.post(RelayEndpoint.BLOB_CHUNK,
                RelaySigner.chunk(id, from, "dm:a|b", "f.bin", null, Integer.toString(index), "4", bytes(1000))
                        .build());
    }

    private static List<String> ids(SigningClient.Reply fetched) {
        return ((JsArray) fetched.body().get("messages")).items().stream()
                .map(m -> ((JsObject) m).string("id").orElseThrow()).toList();
    }
}
