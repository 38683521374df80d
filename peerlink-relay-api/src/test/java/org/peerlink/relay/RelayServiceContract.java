package org.peerlink.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.relay.SigningClient.Reply;
import org.peerlink.relay.message.FetchLimit;
import org.peerlink.relay.request.RawPayload;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.RelayStorage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay rules of PROTOCOL.md §2 as a client observes them, on a real store: each {@link RelayStorage} gets
 * a subclass, so the rules are shown to hold on every backend the relay can run on.
 */
public abstract class RelayServiceContract {

    private static final long START = 1_741_590_000_000L;

    private final AtomicLong now = new AtomicLong(START);
    private RelayStorage storage;
    private RelayService relay;
    private SigningClient alice;
    private SigningClient mallory;

    /**
     * A new, empty store for one test. The contract closes it after the test; what else it needed, an extension
     * of the subclass can release then.
     */
    protected abstract RelayStorage openStorage();

    @BeforeEach
    final void open() {
        storage = openStorage();
        relay = new RelayService(storage, RelaySettings.defaults(), () -> Instant.ofEpochMilli(now.get()));
        alice = new SigningClient(relay, 1);
        mallory = new SigningClient(relay, 2);
    }

    @AfterEach
    final void close() {
        storage.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(Reply reply, RelayStatus status, String error) {
        assertEquals(status, reply.status(), reply.text());
        assertEquals(error, reply.error(), reply.text());
    }

    // ---- store / fetch / ack

    @Test
    void storeFetchAckAndDuplicates() {
        Reply stored = alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("hi")).build());
        assertEquals("{\"ok\":true,\"stored\":true,\"duplicate\":false}", stored.text());
        Reply again = alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("hi")).build());
        assertEquals("{\"ok\":true,\"stored\":false,\"duplicate\":true}", again.text());

        Reply fetched = alice.fetch("bob", null, null);
        JsArray messages = (JsArray) fetched.body().get("messages");
        assertEquals(1, messages.size());
        assertEquals(new JsString("m1"), fetched.body().get("cursor"));

        assertEquals("{\"ok\":true}", alice.post(RelayEndpoint.ACK, alice.ack("m1", "bob", "bob")).text());
        assertEquals("{\"messages\":[],\"cursor\":null}", alice.fetch("bob", null, null).text());
        // The tombstone makes a late re-send a duplicate instead of a second delivery.
        assertEquals("{\"ok\":true,\"stored\":false,\"duplicate\":true}",
                alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("hi")).build()).text());
    }

    @Test
    void envelopeComesBackExactlyAsPosted() {
        JsObject body = alice.store("m1", "alice", "bob", bytes("x"))
                .put("extra", JsObject.builder().put("n", JsNumber.ofJsonText("1.50")).build())
                .put("big", JsNumber.ofJsonText("12345678901234567890"))
                .build();
        String posted = JsonWriter.write(body, JsonWriter.Numbers.AS_RECEIVED);
        alice.post(RelayEndpoint.STORE, posted);
        String fetched = alice.fetch("bob", null, null).text();
        assertEquals("{\"messages\":[" + posted + "],\"cursor\":\"m1\"}", fetched);
        assertTrue(fetched.contains("\"ts\":1741590002123,"), fetched);
    }

    @Test
    void fetchPagesWithCursorAndLimit() {
        for (int i = 0; i < 7; i++) {
            alice.post(RelayEndpoint.STORE, alice.store("m" + i, "alice", "bob", bytes("p" + i)).build());
        }
        Reply first = alice.fetch("bob", null, "3");
        assertEquals(List.of("m0", "m1", "m2"), ids(first));
        Reply second = alice.fetch("bob", "m2", "3x");
        assertEquals(List.of("m3", "m4", "m5"), ids(second));
        Reply last = alice.fetch("bob", "m5", "3");
        assertEquals(List.of("m6"), ids(last));
        assertEquals("{\"messages\":[],\"cursor\":\"m6\"}", alice.fetch("bob", "m6", null).text());
        // An unknown cursor (for instance one already acked) starts over.
        assertEquals(List.of("m0", "m1"), ids(alice.fetch("bob", "gone", "2")));
        assertError(alice.fetch(null, null, null), RelayStatus.BAD_REQUEST, "missing to");
        // "to=" is a string, as in the original: an empty queue; an empty cursor starts over and is echoed as sent
        assertEquals("{\"messages\":[],\"cursor\":null}", alice.fetch("", null, null).text());
        assertEquals("{\"messages\":[],\"cursor\":\"\"}", alice.fetch("nobody", "", null).text());
        assertEquals(List.of("m0"), ids(alice.fetch("bob", "", "1")));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL,50", "abc,50", "0,50", "-5,50", "9999,500", "7x,7", "' 12',12",
        "+3,3", "3.9,3", "99999999999999999999999,500", "'',50"})
    void fetchLimitParsesLikeParseInt(String limit, int expected) {
        assertEquals(expected, FetchLimit.parse(limit));
    }

    private static List<String> ids(Reply reply) {
        List<String> ids = new ArrayList<>();
        for (JsValue m : ((JsArray) reply.body().get("messages")).items()) {
            ids.add(((JsObject) m).string("id").orElseThrow());
        }
        return ids;
    }

    @Test
    void validationOrder() {
        // Anything but a JSON object is "invalid body", whatever the content type said (the transport ignores it)
        for (String notAnObject : List.of("", "{", "[1]", "[]", "null", "5", "\"x\"", "hello there")) {
            assertError(alice.post(RelayEndpoint.STORE, notAnObject), RelayStatus.BAD_REQUEST, "invalid body");
        }
        String deep = "{\"id\":" + "[".repeat(65) + "]".repeat(65) + "}";
        assertError(alice.post(RelayEndpoint.STORE, deep), RelayStatus.BAD_REQUEST, "invalid body");
        assertError(alice.post(RelayEndpoint.STORE, "{}"), RelayStatus.BAD_REQUEST, "missing id");
        assertError(alice.post(RelayEndpoint.STORE, "\uFEFF{}"), RelayStatus.BAD_REQUEST, "missing id");
        // present means "key in body", as in the original: a null is a wrong type, not a missing key
        assertError(alice.post(RelayEndpoint.STORE, "{\"id\":\"a\",\"from\":null}"), RelayStatus.BAD_REQUEST,
                "missing to");

        JsObject valid = alice.store("m1", "alice", "bob", bytes("hi")).build();
        assertEachNonStringIs(RelayEndpoint.STORE, valid, "invalid id/from/to", "id", "from", "to");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "to", new JsString("x".repeat(1025)))),
                RelayStatus.BAD_REQUEST, "invalid id/from/to");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "ts", new JsString("1"))),
                RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "ttl", JsNull.INSTANCE)),
                RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        for (JsValue payload : List.of(new JsString("a*b"), new JsString(""), JsNumber.of(5), JsNull.INSTANCE)) {
            assertError(alice.post(RelayEndpoint.STORE, with(valid, "payload", payload)),
                    RelayStatus.BAD_REQUEST, "invalid payload encoding");
        }
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "sig", JsNumber.of(5))),
                RelayStatus.BAD_REQUEST, "invalid sig/signingPub");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "signingPub", new JsString("!!"))),
                RelayStatus.BAD_REQUEST, "invalid sig/signingPub");
        // The payload is checked before the signature fields, a type error before the payload
        assertError(alice.post(RelayEndpoint.STORE, with(with(valid, "sig", JsNumber.of(5)), "payload",
                new JsString(""))), RelayStatus.BAD_REQUEST, "invalid payload encoding");
        assertError(alice.post(RelayEndpoint.STORE, with(with(valid, "ttl", JsBoolean.TRUE), "payload",
                new JsString("AAAA"))), RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "payload", new JsString("AAAA"))),
                RelayStatus.UNAUTHORIZED, "invalid signature");
        assertError(alice.post(RelayEndpoint.STORE, with(valid, "signingPub", new JsString("AAAA"))),
                RelayStatus.UNAUTHORIZED, "invalid signature");
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.STORE, valid).status());
    }

    /** Each of {@code keys} set to a number, then to null, makes {@code valid} the 400 {@code error}. */
    private void assertEachNonStringIs(RelayEndpoint endpoint, JsObject valid, String error, String... keys) {
        for (String key : keys) {
            for (JsValue notAString : List.of(JsNumber.of(5), JsNull.INSTANCE)) {
                assertError(alice.post(endpoint, with(valid, key, notAString)), RelayStatus.BAD_REQUEST, error);
            }
        }
    }

    private static JsObject with(JsObject body, String key, JsValue value) {
        JsObject.Builder copy = JsObject.builder();
        body.members().forEach(copy::put);
        return copy.put(key, value).build();
    }

    @Test
    void envelopeExpiresAfterItsTtlOrTheRetention() {
        JsNumber shortTtl = JsNumber.of(60);
        JsObject body = alice.store("short", "alice", "bob", bytes("x")).build();
        // Re-sign with ttl 60.
        body = with(with(body, "ttl", shortTtl), "sig", new JsString(alice.sign(
                RelaySignedBytes.store("short", "alice", "bob", SigningClient.TS, shortTtl,
                        bytes("x")))));
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.STORE, body).status());
        alice.post(RelayEndpoint.STORE, alice.store("long", "alice", "bob", bytes("y")).build());
        assertEquals(List.of("short", "long"), ids(alice.fetch("bob", null, null)));

        now.addAndGet(60_000);
        assertEquals(List.of("long"), ids(alice.fetch("bob", null, null)));
        now.addAndGet(RelaySettings.DEFAULT_MESSAGE_RETENTION.toMillis());
        assertEquals(List.of(), ids(alice.fetch("bob", null, null)));
        assertTrue(relay.sweep().envelopes() >= 1);
    }

    @Test
    void tombstoneOutlivesRetentionThenExpires() {
        alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("x")).build());
        alice.post(RelayEndpoint.ACK, alice.ack("m1", "bob", "bob"));
        now.addAndGet(RelaySettings.DEFAULT_MESSAGE_RETENTION.toMillis() + 1);
        assertEquals("{\"ok\":true,\"stored\":false,\"duplicate\":true}",
                alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("x")).build()).text());
        now.addAndGet(RelaySettings.DEFAULT_MESSAGE_RETENTION.toMillis());
        assertEquals("{\"ok\":true,\"stored\":true,\"duplicate\":false}",
                alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("x")).build()).text());
    }

    @Test
    void ackNeedsAValidSignature() {
        alice.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", bytes("x")).build());
        JsObject forged = with(alice.ack("m1", "bob", "bob"), "id", new JsString("m2"));
        assertError(alice.post(RelayEndpoint.ACK, forged), RelayStatus.UNAUTHORIZED, "invalid signature");
        assertError(alice.post(RelayEndpoint.ACK, "{\"id\":\"m1\",\"from\":\"b\",\"to\":\"b\",\"ts\":1}"),
                RelayStatus.BAD_REQUEST, "missing sig");
        JsObject ack = alice.ack("m1", "bob", "bob");
        assertError(alice.post(RelayEndpoint.ACK, with(ack, "from", JsBoolean.TRUE)),
                RelayStatus.BAD_REQUEST, "invalid id/from/to");
        assertError(alice.post(RelayEndpoint.ACK, with(ack, "ts", new JsString("1"))), RelayStatus.BAD_REQUEST,
                "invalid ts");
        assertEquals(List.of("m1"), ids(alice.fetch("bob", null, null)));
    }

    // ---- groups

    @Test
    void groupStoreFansOutAndLearnsAProvisionalMembership() {
        Reply reply = alice.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "team", List.of(" carol", "bob", "alice", "bob"), bytes("hey")));
        assertEquals("{\"ok\":true,\"groupId\":\"team\",\"recipients\":2,\"stored\":2,\"duplicate\":0}",
                reply.text());
        JsObject toBob = (JsObject) ((JsArray) alice.fetch("bob", null, null).body().get("messages")).get(0);
        assertEquals(List.of("id", "from", "to", "groupId", "recipients", "ts", "ttl", "payload", "sig",
                "signingPub"), List.copyOf(toBob.members().keySet()));
        assertEquals(JsArray.ofStrings(List.of("bob", "carol")), toBob.get("recipients"));
        assertEquals(new JsString("bob"), toBob.get("to"));

        assertEquals("{\"ok\":true,\"groupId\":\"team\",\"recipients\":2,\"stored\":0,\"duplicate\":2}",
                alice.post(RelayEndpoint.GROUP_STORE, alice.groupStore("g1", "alice", "team",
                        List.of("bob", "carol"), bytes("hey"))).text());

        // Membership is now {alice, bob, carol}.
        assertError(mallory.post(RelayEndpoint.GROUP_STORE,
                mallory.groupStore("g2", "mallory", "team", List.of("bob"), bytes("x"))),
                RelayStatus.FORBIDDEN, "sender is not a group member");
        Reply outsiders = alice.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g3", "alice", "team", List.of("bob", "zed", "eve"), bytes("x")));
        assertEquals("{\"error\":\"recipient is not a group member\",\"unauthorizedRecipients\":[\"eve\",\"zed\"]}",
                outsiders.text());
        assertEquals(RelayStatus.FORBIDDEN, outsiders.status());

        assertError(alice.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g4", "alice", "team", List.of("alice", " "), bytes("x"))),
                RelayStatus.BAD_REQUEST, "empty recipients");
    }

    @Test
    void groupStoreTextsAndOrder() {
        JsObject valid = alice.groupStore("g1", "alice", "team", List.of("bob"), bytes("x"));
        assertEachNonStringIs(RelayEndpoint.GROUP_STORE, valid, "invalid id/from/groupId", "id", "from", "groupId");
        assertError(alice.post(RelayEndpoint.GROUP_STORE, with(valid, "recipients", new JsString("bob"))),
                RelayStatus.BAD_REQUEST, "invalid recipients");
        // recipients are checked before ts/ttl, the empty list before the payload, as in the original
        assertError(alice.post(RelayEndpoint.GROUP_STORE, with(with(valid, "recipients", JsNull.INSTANCE), "ts",
                JsNull.INSTANCE)), RelayStatus.BAD_REQUEST, "invalid recipients");
        assertError(alice.post(RelayEndpoint.GROUP_STORE, with(valid, "ttl", new JsString("60"))),
                RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        assertError(alice.post(RelayEndpoint.GROUP_STORE, with(with(valid, "recipients",
                JsArray.ofStrings(List.of("alice"))), "payload", new JsString("*"))),
                RelayStatus.BAD_REQUEST, "empty recipients");
        assertError(alice.post(RelayEndpoint.GROUP_STORE, with(valid, "payload", new JsString(""))),
                RelayStatus.BAD_REQUEST, "invalid payload encoding");
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.GROUP_STORE, valid).status());
    }

    @Test
    void membersUpdateRules() {
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE,
                alice.membersUpdate("u1", "bob", "team", "alice", List.of("alice"))),
                RelayStatus.FORBIDDEN, "only owner can update members");
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE,
                alice.membersUpdate("u1", "alice", "team", "alice", List.of(" ", ""))),
                RelayStatus.BAD_REQUEST, "empty memberPeerIds");
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE,
                alice.membersUpdate("u1", "alice", "team", "alice", List.of("bob"))),
                RelayStatus.BAD_REQUEST, "owner must be in memberPeerIds");
        JsObject members = alice.membersUpdate("u1", "alice", "team", "alice", List.of("alice"));
        assertEachNonStringIs(RelayEndpoint.MEMBERS_UPDATE, members, "invalid id/from/groupId/ownerPeerId",
                "id", "from", "groupId", "ownerPeerId");
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE, with(members, "ts", JsNull.INSTANCE)),
                RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        // a member list that is no array normalises to nothing, as in the original
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE, with(members, "memberPeerIds", new JsString("alice"))),
                RelayStatus.BAD_REQUEST, "empty memberPeerIds");
        // the owner check and the list come before the signature, also before its fields are decoded
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE, with(with(members, "ownerPeerId", new JsString("bob")),
                "sig", JsNumber.of(1))), RelayStatus.FORBIDDEN, "only owner can update members");
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE, with(members, "sig", JsNumber.of(1))),
                RelayStatus.BAD_REQUEST, "invalid sig/signingPub");
        JsObject update = alice.membersUpdate("u1", "alice", "team", "alice", List.of("bob", "alice", "bob"));
        assertError(alice.post(RelayEndpoint.MEMBERS_UPDATE, with(update, "ttl", JsNumber.of(1))),
                RelayStatus.UNAUTHORIZED, "invalid signature");
        assertEquals("{\"ok\":true,\"groupId\":\"team\",\"ownerPeerId\":\"alice\",\"members\":2}",
                alice.post(RelayEndpoint.MEMBERS_UPDATE, update).text());

        assertError(mallory.post(RelayEndpoint.MEMBERS_UPDATE,
                mallory.membersUpdate("u2", "mallory", "team", "mallory", List.of("mallory"))),
                RelayStatus.CONFLICT, "owner mismatch");
        assertError(alice.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "team", List.of("carol"), bytes("x"))),
                RelayStatus.FORBIDDEN, "recipient is not a group member");
    }

    @Test
    void provisionalGroupCanBeClaimedByAnotherOwner() {
        alice.post(RelayEndpoint.GROUP_STORE, alice.groupStore("g1", "alice", "team", List.of("bob"), bytes("x")));
        assertEquals(RelayStatus.OK, mallory.post(RelayEndpoint.MEMBERS_UPDATE,
                mallory.membersUpdate("u1", "bob", "team", "bob", List.of("bob", "carol"))).status());
        assertError(alice.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g2", "alice", "team", List.of("bob"), bytes("x"))),
                RelayStatus.FORBIDDEN, "sender is not a group member");
    }

    // ---- blobs

    @Test
    void blobUploadAndDownload() {
        byte[] blob = new byte[70_000];
        new Random(7).nextBytes(blob);
        Reply up = alice.post(RelayEndpoint.BLOB_UPLOAD,
                alice.blobUpload("b1", "alice", "team", " image/jpeg ", SigningClient.TTL, blob));
        assertEquals("{\"ok\":true,\"blobId\":\"b1\",\"duplicate\":false}", up.text());
        assertEquals("{\"ok\":true,\"blobId\":\"b1\",\"duplicate\":true}", alice.post(RelayEndpoint.BLOB_UPLOAD,
                alice.blobUpload("b1", "alice", "team", "image/jpeg", SigningClient.TTL, blob)).text());

        Reply down = alice.blob("b1");
        assertEquals(RelayStatus.OK, down.status());
        assertEquals(List.of("id", "groupId", "fileName", "mimeType", "sizeBytes", "payload"),
                List.copyOf(down.body().members().keySet()));
        assertEquals(" image/jpeg ", down.body().string("mimeType").orElseThrow(), "stored as sent, untrimmed");
        assertEquals(blob.length, down.number("sizeBytes"));
        assertArrayEquals(blob, Base64.getDecoder().decode(down.body().string("payload").orElseThrow()));
        assertError(alice.blob("nope"), RelayStatus.NOT_FOUND, "blob not found");

        now.addAndGet(86_400_000L);
        assertError(alice.blob("b1"), RelayStatus.NOT_FOUND, "blob not found");
    }

    @Test
    void blobUploadChecks() {
        JsObject upload = alice.blobUpload("b1", "alice", "team", "text/plain", SigningClient.TTL, bytes("x"));
        assertError(alice.post(RelayEndpoint.BLOB_UPLOAD, with(upload, "mimeType", JsNumber.of(1))),
                RelayStatus.BAD_REQUEST, "invalid mimeType");
        assertError(alice.post(RelayEndpoint.BLOB_UPLOAD, with(upload, "fileName", new JsString("other"))),
                RelayStatus.UNAUTHORIZED, "invalid signature");
        assertEachNonStringIs(RelayEndpoint.BLOB_UPLOAD, upload, "invalid id/from/groupId/fileName",
                "id", "from", "groupId", "fileName");
        assertError(alice.post(RelayEndpoint.BLOB_UPLOAD, with(upload, "ttl", JsBoolean.FALSE)),
                RelayStatus.BAD_REQUEST, "invalid ts/ttl");
        assertError(alice.post(RelayEndpoint.BLOB_UPLOAD, with(upload, "payload", new JsString(""))),
                RelayStatus.BAD_REQUEST, "invalid payload encoding");
        // Membership is not checked for blobs: a group store under the app's dm:/profile: ids must not block them
        alice.post(RelayEndpoint.MEMBERS_UPDATE, alice.membersUpdate("u1", "alice", "team", "alice", List.of("alice")));
        assertEquals("{\"ok\":true,\"blobId\":\"b2\",\"duplicate\":false}", mallory.post(RelayEndpoint.BLOB_UPLOAD,
                mallory.blobUpload("b2", "mallory", "team", "", SigningClient.TTL, bytes("x"))).text());
        Reply absentMime = alice.post(RelayEndpoint.BLOB_UPLOAD, JsObject.builder()
                .put("id", "b3").put("from", "alice").put("groupId", "team").put("fileName", "f")
                .put("ts", SigningClient.TS).put("ttl", SigningClient.TTL).put("payload", "eA==")
                .put("sig", alice.sign(RelaySignedBytes.blobUpload("b3", "alice", "team",
                        "f", "", SigningClient.TS, SigningClient.TTL, bytes("x"))))
                .put("signingPub", alice.publicKey()).build());
        assertEquals(RelayStatus.OK, absentMime.status(), absentMime.text());
        assertEquals(JsNull.INSTANCE, alice.blob("b3").body().get("mimeType"), "absent comes back as null");
    }

    @Test
    void chunkedUpload() {
        byte[] whole = new byte[3 * 1000 + 17];
        new Random(3).nextBytes(whole);
        List<byte[]> chunks = List.of(Arrays.copyOfRange(whole, 0, 1000),
                Arrays.copyOfRange(whole, 1000, 2000), Arrays.copyOfRange(whole, 2000, 3000),
                Arrays.copyOfRange(whole, 3000, whole.length));

        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 4, whole)),
                RelayStatus.NOT_FOUND, "upload session not found");
        Reply first = alice.post(RelayEndpoint.BLOB_CHUNK,
                with(alice.chunk("v1", "alice", "team", 2, 4, chunks.get(2)), "mimeType", new JsString(" video/mp4")));
        assertEquals("{\"ok\":true,\"id\":\"v1\",\"chunkIndex\":2,\"totalChunks\":4,\"received\":1}", first.text());
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 0, 5, chunks.get(0))),
                RelayStatus.CONFLICT, "totalChunks mismatch");
        // Re-sending a chunk replaces it: first send garbage for chunk 0, then the real bytes.
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 0, 4, bytes("garbage")));
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 0, 4, chunks.get(0)));
        Reply missing = alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 4, whole));
        assertEquals("{\"error\":\"missing chunks\",\"expected\":4,\"received\":2}", missing.text());
        assertEquals(RelayStatus.CONFLICT, missing.status());
        // Later chunks do not change the file the first one described
        alice.post(RelayEndpoint.BLOB_CHUNK, with(with(alice.chunk("v1", "alice", "team", 1, 4, chunks.get(1)),
                "mimeType", JsNull.INSTANCE), "fileName", new JsString("renamed.bin")));
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 3, 4, chunks.get(3)));

        byte[] tampered = whole.clone();
        tampered[5] ^= 1;
        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 4, tampered)),
                RelayStatus.UNAUTHORIZED, "invalid signature");
        // a completion naming another count than the chunks held is "missing chunks", more or fewer, as in the original
        Reply fewer = alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 3, whole));
        assertEquals("{\"error\":\"missing chunks\",\"expected\":3,\"received\":4}", fewer.text());
        assertEquals(RelayStatus.CONFLICT, fewer.status());
        assertEquals("{\"ok\":true,\"blobId\":\"v1\",\"duplicate\":false}",
                alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 4, whole)).text());
        Reply down = alice.blob("v1");
        assertArrayEquals(whole, Base64.getDecoder().decode(down.body().string("payload").orElseThrow()));
        assertEquals(" video/mp4", down.body().string("mimeType").orElseThrow(), "the first chunk's, as sent");
        assertEquals("video.mp4", down.body().string("fileName").orElseThrow());
        // The session is gone once completed.
        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 4, whole)),
                RelayStatus.NOT_FOUND, "upload session not found");
        // A second upload of the same id keeps the first blob.
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 0, 1, bytes("other")));
        assertEquals("{\"ok\":true,\"blobId\":\"v1\",\"duplicate\":true}", alice.post(RelayEndpoint.BLOB_COMPLETE,
                alice.complete("v1", "alice", "team", 1, bytes("other"))).text());
        assertEquals(whole.length, alice.blob("v1").number("sizeBytes"));
    }

    /** Chunks large enough for their payload to be decoded straight from the body (RawPayload) keep every rule. */
    @Test
    void largeChunksKeepTheRules() {
        byte[] whole = new byte[2 * 60_000];
        new Random(5).nextBytes(whole);
        JsObject first = alice.chunk("big", "alice", "team", 0, 2, Arrays.copyOfRange(whole, 0, 60_000));
        assertTrue(JsonWriter.stringify(first).length() >= RawPayload.MIN_BODY_BYTES);
        String firstText = JsonWriter.stringify(first);

        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, firstText.replace("\"ttl\":", "\"ttl_\":")),
                RelayStatus.BAD_REQUEST, "missing ttl");
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, firstText.replace("\"payload\":\"", "\"payload\":\"*")),
                RelayStatus.BAD_REQUEST, "invalid payload encoding");
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, firstText.replace("\"from\":\"alice\"", "\"from\":7")),
                RelayStatus.BAD_REQUEST, "invalid id/from/groupId/fileName");
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, firstText.substring(0, firstText.length() - 1)),
                RelayStatus.BAD_REQUEST, "invalid body");
        // a large body with an empty payload (set aside like any other) is still an empty payload
        String emptyPayload = JsonWriter.stringify(with(with(first, "payload", new JsString("")), "padding",
                new JsString("p".repeat(RawPayload.MIN_BODY_BYTES))));
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, emptyPayload), RelayStatus.BAD_REQUEST,
                "invalid payload encoding");

        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.BLOB_CHUNK, first).status());
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.BLOB_CHUNK,
                alice.chunk("big", "alice", "team", 1, 2, Arrays.copyOfRange(whole, 60_000, whole.length))).status());
        assertEquals("{\"ok\":true,\"blobId\":\"big\",\"duplicate\":false}",
                alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("big", "alice", "team", 2, whole)).text());
        assertArrayEquals(whole,
                Base64.getDecoder().decode(alice.blob("big").body().string("payload").orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"-1,4", "4,4", "0,0", "0,-3", "0,10001", "1e300,4", "5,1e300"})
    void chunkRangeInvalid(String index, String total) {
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, chunkNumbered(index, total)), RelayStatus.BAD_REQUEST,
                "chunk range invalid");
    }

    @ParameterizedTest
    @CsvSource({"1.5,4", "0,4.5", "0,'\"4\"'", "'\"0\"',4", "0,true", "null,4", "0,'[4]'"})
    void chunkNumbersThatAreNoIntegers(String index, String total) {
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, chunkNumbered(index, total)), RelayStatus.BAD_REQUEST,
                "invalid chunkIndex/totalChunks");
    }

    @Test
    void chunkNumbersWithAFractionPartOfZeroAreIntegersAndAnEmptyChunkIsRefused() {
        assertEquals("{\"ok\":true,\"id\":\"v\",\"chunkIndex\":1,\"totalChunks\":2,\"received\":1}",
                alice.post(RelayEndpoint.BLOB_CHUNK, chunkNumbered("1.0", "2e0")).text());
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, with(alice.chunk("e", "alice", "g", 0, 1, bytes("x")),
                "payload", new JsString(""))), RelayStatus.BAD_REQUEST, "invalid payload encoding");
        JsObject chunk = alice.chunk("e", "alice", "g", 0, 1, bytes("x"));
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, with(chunk, "groupId", JsNull.INSTANCE)),
                RelayStatus.BAD_REQUEST, "invalid id/from/groupId/fileName");
        // chunk numbers come before the payload
        assertError(alice.post(RelayEndpoint.BLOB_CHUNK, with(with(chunk, "payload", new JsString("*")), "chunkIndex",
                JsNumber.of(7))), RelayStatus.BAD_REQUEST, "chunk range invalid");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "10001", "1.5", "'\"4\"'", "null", "1e300"})
    void completeTotalChunksMustBeAnIntegerUpToTenThousand(String total) {
        String body = JsonWriter.stringify(alice.complete("v", "alice", "g", 1, bytes("x")))
                .replace("\"totalChunks\":1", "\"totalChunks\":" + total);
        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, body), RelayStatus.BAD_REQUEST, "invalid totalChunks");
    }

    private String chunkNumbered(String index, String total) {
        return JsonWriter.stringify(alice.chunk("v", "alice", "g", 0, 1, bytes("x")))
                .replace("\"chunkIndex\":0", "\"chunkIndex\":" + index)
                .replace("\"totalChunks\":1", "\"totalChunks\":" + total);
    }

    /** Ours: as many chunks as the completion names, but of a session of more: not a blob of whichever they are. */
    @Test
    void aCompletionOfAShorterUploadThanTheSessionIsAMismatch() {
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("short", "alice", "team", 0, 3, bytes("a")));
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("short", "alice", "team", 2, 3, bytes("c")));
        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("short", "alice", "team", 2, bytes("ac"))),
                RelayStatus.CONFLICT, "totalChunks mismatch");
    }

    @Test
    void uploadSessionsExpire() {
        alice.post(RelayEndpoint.BLOB_CHUNK, alice.chunk("v1", "alice", "team", 0, 1, bytes("x")));
        now.addAndGet(RelaySettings.DEFAULT_UPLOAD_SESSION_TTL.toMillis() + 1);
        assertError(alice.post(RelayEndpoint.BLOB_COMPLETE, alice.complete("v1", "alice", "team", 1, bytes("x"))),
                RelayStatus.NOT_FOUND, "upload session not found");
        assertEquals(1, relay.sweep().uploadSessions());
    }

    // ---- probe and capabilities

    @Test
    void probeAndCapabilities() {
        assertError(alice.post(RelayEndpoint.PROBE, ""), RelayStatus.BAD_REQUEST, "invalid body");
        Reply probe = alice.post(RelayEndpoint.PROBE, "{}");
        assertEquals("{\"ok\":true,\"service\":\"peerlink-relay\",\"protocolVersion\":\"1\",\"ts\":" + START + "}",
                probe.text());
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.PROBE, "{\"v\":\"1\",\"client\":\"peerlink-health-check\"}").status());
        assertEquals(RelayStatus.OK, alice.post(RelayEndpoint.PROBE, "{\"v\":null}").status());
        assertEquals("{\"error\":\"unsupported protocol version\",\"supported\":[\"1\"]}",
                alice.post(RelayEndpoint.PROBE, "{\"v\":\"2\"}").text());
        assertEquals(RelayStatus.BAD_REQUEST, alice.post(RelayEndpoint.PROBE, "{\"v\":1}").status());
        assertError(alice.post(RelayEndpoint.PROBE, "5"), RelayStatus.BAD_REQUEST, "invalid body");

        Reply caps = SigningClient.read(relay.capabilities());
        assertEquals(List.of("ok", "service", "protocolVersion", "features", "auth", "query", "limits", "ts"),
                List.copyOf(caps.body().members().keySet()));
        assertEquals("{\"health\":true,\"probe\":true,\"store\":true,\"fetch\":true,\"ack\":true,\"groupStore\":true,"
                + "\"groupMembersUpdate\":true,\"blobUpload\":true,\"blobChunkUpload\":true,\"blobDownload\":true}",
                JsonWriter.stringify(caps.body().get("features")));
        assertEquals("{\"storeRequiresEd25519Signature\":true,\"ackRequiresEd25519Signature\":true,"
                + "\"groupStoreRequiresEd25519Signature\":true,\"groupMembersUpdateRequiresEd25519Signature\":true,"
                + "\"blobUploadRequiresEd25519Signature\":true,\"blobUploadCompleteRequiresEd25519Signature\":true}",
                JsonWriter.stringify(caps.body().get("auth")));
        assertEquals("{\"ok\":true,\"service\":\"peerlink-relay\",\"protocolVersion\":\"1\"}",
                JsonWriter.stringify(JsObject.builder().put("ok", caps.body().get("ok"))
                        .put("service", caps.body().get("service"))
                        .put("protocolVersion", caps.body().get("protocolVersion")).build()));
        assertEquals(JsNumber.of(START), caps.body().get("ts"));
        assertEquals("{\"fetchRecipientParam\":\"to\",\"fetchCursorParam\":\"cursor\",\"fetchLimitParam\":\"limit\"}",
                JsonWriter.stringify(caps.body().get("query")));
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> RelaySettings.withRetention(Duration.ZERO));
    }
}
