package org.peerlink.helidon.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.helidon.JsonErrors;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RawHttp;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peerlink.testkit.RelaySigner.with;
import static org.peerlink.testkit.RelaySigner.without;

/**
 * The relay API as a client sees it over HTTP (PROTOCOL.md §2): status and exact JSON body of every success and
 * error path, with properly signed requests. The rules themselves are unit-tested in peerlink-relay-api; this
 * checks the mapping to HTTP, the transport-level errors and that nothing gets lost on the way.
 */
@ServerTest
class RelayFeatureTest {

    /** Small, so that 413 is cheap to provoke; large enough for every request below. */
    private static final int BODY_LIMIT = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static InMemoryRelayStorage storage;

    private final Http1Client client;
    private final WebServer server;
    private final RelaySigner alice = new RelaySigner(1);
    private final RelaySigner mallory = new RelaySigner(2);

    RelayFeatureTest(Http1Client client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder builder) {
        RelaySettings defaults = RelaySettings.defaults();
        storage = new InMemoryRelayStorage();
        RelayService relay = new RelayService(storage, new RelaySettings(defaults.messageRetention(),
                defaults.tombstoneRetention(), defaults.uploadSessionTtl(), defaults.maxBlobTtl(), BODY_LIMIT),
                InstantSource.system());
        builder.host("127.0.0.1")
                .directHandlers(JsonErrors.directHandlers())
                .update(RelayFeature::listener)
                .addFeature(RelayFeature.create(relay));
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    /** Peer, group and message ids unique to one test, so tests sharing the server do not see each other. */
    private static String unique(String name) {
        return name + "-" + UNIQUE.incrementAndGet();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record Reply(int status, String body, String contentType) {
        JsObject json() {
            try {
                return assertInstanceOf(JsObject.class, JsonReader.parse(body));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private static Reply read(Http1ClientRequest request) {
        try (HttpClientResponse res = request.readTimeout(TIMEOUT).request()) {
            return new Reply(res.status().code(), res.as(String.class),
                             res.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        }
    }

    private Reply post(String path, String body) {
        return post(path, "application/json", body);
    }

    private Reply post(String path, JsObject body) {
        return post(path, RelaySigner.json(body));
    }

    private Reply post(String path, String contentType, String body) {
        Http1ClientRequest request = client.post(path).header(HeaderNames.CONTENT_TYPE, contentType);
        try (HttpClientResponse res = request.readTimeout(TIMEOUT).submit(bytes(body))) {
            return new Reply(res.status().code(), res.as(String.class),
                             res.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        }
    }

    private Reply get(String path) {
        return read(client.get(path));
    }

    private Reply fetch(String to, String cursor, String limit) {
        Http1ClientRequest request = client.get("/relay/fetch").queryParam("to", to);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        return read(request);
    }

    private static void assertReply(int status, String body, Reply reply) {
        assertEquals(body, reply.body(), "body");
        assertEquals(status, reply.status(), "status of " + reply.body());
        assertEquals("application/json", reply.contentType());
    }

    private static void assertOk(String body, Reply reply) {
        assertReply(200, body, reply);
    }

    private static String messages(String cursor, String... envelopes) {
        return "{\"messages\":[" + String.join(",", envelopes) + "],\"cursor\":"
                + (cursor == null ? "null" : "\"" + cursor + "\"") + "}";
    }

    private static List<String> ids(Reply fetched) {
        JsArray messages = (JsArray) fetched.json().get("messages");
        return messages.items().stream().map(m -> ((JsObject) m).string("id").orElseThrow()).toList();
    }

    // --- store, fetch, ack

    @Test
    void storeFetchAckAndDuplicates() {
        String bob = unique("bob");
        // extra fields and number texts come back exactly as posted: ttl 3.6e3 is signed as 3600
        String envelope = RelaySigner.json(alice.store("m1", "alice", bob, RelaySigner.TS, "3.6e3", bytes("hi"))
                                                   .put("extra", JsObject.builder()
                                                           .put("list", new JsArray(List.of(JsNumber.ofJsonText("1.50"),
                                                                                            JsBoolean.FALSE)))
                                                           .put("text", "\u00e9\u2028/")
                                                           .build())
                                                   .build());
        assertTrue(envelope.contains("\"ts\":1741590002123,\"ttl\":3.6e3,"), envelope);

        assertOk("{\"ok\":true,\"stored\":true,\"duplicate\":false}", post("/relay/store", envelope));
        assertOk("{\"ok\":true,\"stored\":false,\"duplicate\":true}", post("/relay/store", envelope));
        assertOk(messages("m1", envelope), fetch(bob, null, null));

        assertOk("{\"ok\":true}", post("/relay/ack", alice.ack("m1", bob, bob)));
        assertOk(messages(null), fetch(bob, null, null));

        // a late re-store of an acked envelope is a duplicate and stays gone
        assertOk("{\"ok\":true,\"stored\":false,\"duplicate\":true}", post("/relay/store", envelope));
        assertOk(messages(null), fetch(bob, null, null));
    }

    @Test
    void fetchPagesWithCursor() {
        String carol = unique("carol");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String envelope = RelaySigner.json(alice.store("e" + i, "alice", carol, bytes("#" + i)).build());
            sent.add(envelope);
            assertEquals(200, post("/relay/store", envelope).status());
        }
        assertOk(messages("e4", sent.subList(0, 5).toArray(String[]::new)), fetch(carol, null, "5"));
        assertOk(messages("e9", sent.subList(5, 10).toArray(String[]::new)), fetch(carol, "e4", "5"));
        assertOk(messages("e11", sent.subList(10, 12).toArray(String[]::new)), fetch(carol, "e9", "5"));
        // past the end: the request's cursor comes back
        assertOk(messages("e11"), fetch(carol, "e11", "5"));
        // an unknown cursor (e.g. already acked) starts from the beginning
        assertEquals(ids(fetch(carol, null, "3")), ids(fetch(carol, "no-such-id", "3")));
        assertEquals(List.of("e0", "e1", "e2"), ids(fetch(carol, "no-such-id", "3")));
        // an empty cursor counts as none
        assertOk(messages("e0", sent.getFirst()), fetch(carol, "", "1"));
    }

    @Test
    void fetchLimitIsParsedLikeParseIntAndCapped() throws Exception {
        String dave = unique("dave");
        // 501 envelopes so that the cap of 500 shows
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 501; i++) {
                String envelope = RelaySigner.json(alice.store("l" + i, "alice", dave, bytes("x")).build());
                statuses.add(pool.submit(() -> post("/relay/store", envelope).status()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(30, TimeUnit.SECONDS));
            }
        }
        Map<String, Integer> expected = Map.of("abc", 50, "-5", 50, "0", 50, "9999", 500, "7x", 7, " 12", 12,
                                               "500", 500, "1", 1);
        for (Map.Entry<String, Integer> limit : expected.entrySet()) {
            assertEquals(limit.getValue(), ids(fetch(dave, null, limit.getKey())).size(), "limit=" + limit.getKey());
        }
        assertEquals(50, ids(fetch(dave, null, null)).size(), "no limit");
    }

    @Test
    void fetchNeedsTo() {
        assertReply(400, "{\"error\":\"missing to\"}", get("/relay/fetch"));
        // "to=" is a string, as in the original: an empty queue
        assertOk("{\"messages\":[],\"cursor\":null}", read(client.get("/relay/fetch").queryParam("to", "")));
        assertReply(400, "{\"error\":\"missing to\"}",
                    read(client.get("/relay/fetch").queryParam("cursor", "x").queryParam("limit", "5")));
    }

    @Test
    void storeValidation() {
        String bob = unique("bob");
        JsObject good = alice.store("v1", "alice", bob, bytes("payload")).build();

        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", ""));
        assertReply(400, "{\"error\":\"missing id\"}", post("/relay/store", "{}"));
        assertReply(400, "{\"error\":\"missing payload\"}", post("/relay/store", without(good, "payload")));
        assertReply(400, "{\"error\":\"invalid id/from/to\"}", post("/relay/store", with(good, "to", JsNumber.of(1))));
        assertReply(400, "{\"error\":\"invalid ts/ttl\"}", post("/relay/store", with(good, "ts", new JsString("1"))));
        assertReply(400, "{\"error\":\"invalid payload encoding\"}",
                    post("/relay/store", with(good, "payload", new JsString("not base64!"))));
        assertReply(400, "{\"error\":\"invalid payload encoding\"}",
                    post("/relay/store", with(good, "payload", new JsString(""))));
        assertReply(400, "{\"error\":\"invalid sig/signingPub\"}",
                    post("/relay/store", with(good, "sig", JsNumber.of(5))));
        assertReply(400, "{\"error\":\"invalid sig/signingPub\"}",
                    post("/relay/store", with(good, "signingPub", JsBoolean.TRUE)));
        // signed by alice, but claims another id
        assertReply(401, "{\"error\":\"invalid signature\"}", post("/relay/store", with(good, "id", new JsString("v2"))));
        // a valid signature with another key is no better
        assertReply(401, "{\"error\":\"invalid signature\"}",
                    post("/relay/store", with(good, "signingPub", new JsString(mallory.publicKey()))));
        assertOk(messages(null), fetch(bob, null, null));
    }

    @Test
    void ackValidation() {
        String bob = unique("bob");
        JsObject ack = alice.ack("a1", bob, bob);
        assertReply(400, "{\"error\":\"missing sig\"}", post("/relay/ack", without(ack, "sig")));
        assertReply(401, "{\"error\":\"invalid signature\"}", post("/relay/ack", with(ack, "to", new JsString("x"))));
    }

    @Test
    void malformedBodies() {
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", "{"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", "{\"id\":\"a\"} x"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", "[1]"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", "null"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", "\"text\""));
        // 64 levels are fine (and then the fields are missing), 65 are malformed
        assertReply(400, "{\"error\":\"missing id\"}", post("/relay/store", nested(64)));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/store", nested(65)));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/group/store", nested(10_000)));
    }

    /** An object nested {@code depth} levels deep: {@code {"a":{"a":...{}}}}. */
    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    // --- groups

    @Test
    void groupStoreFansOutAndChecksMembership() {
        String group = unique("group");
        String bob = unique("bob");
        String carol = unique("carol");
        String dave = unique("dave");
        // recipients are normalised (trimmed, de-duplicated, sorted, sender dropped) before signing and fan-out
        JsObject message = alice.groupStore("g1", "alice", group, List.of(" " + carol, bob, carol, "alice", ""),
                                            bytes("to the group"));
        String expectedRecipients = "[\"" + bob + "\",\"" + carol + "\"]";
        assertOk("{\"ok\":true,\"groupId\":\"" + group + "\",\"recipients\":2,\"stored\":2,\"duplicate\":0}",
                 post("/relay/group/store", message));
        assertOk("{\"ok\":true,\"groupId\":\"" + group + "\",\"recipients\":2,\"stored\":0,\"duplicate\":2}",
                 post("/relay/group/store", message));

        String expectedEnvelope = "{\"id\":\"g1\",\"from\":\"alice\",\"to\":\"" + bob + "\",\"groupId\":\"" + group
                + "\",\"recipients\":" + expectedRecipients + ",\"ts\":1741590002123,\"ttl\":86400,\"payload\":\""
                + RelaySigner.base64(bytes("to the group")) + "\",\"sig\":\"" + message.string("sig").orElseThrow()
                + "\",\"signingPub\":\"" + alice.publicKey() + "\"}";
        assertOk(messages("g1", expectedEnvelope), fetch(bob, null, null));
        assertEquals(List.of("g1"), ids(fetch(carol, null, null)));

        // the first store made {alice, bob, carol} a provisional membership
        assertReply(403, "{\"error\":\"sender is not a group member\"}",
                    post("/relay/group/store", mallory.groupStore("g2", dave, group, List.of(bob), bytes("x"))));
        assertReply(403, "{\"error\":\"recipient is not a group member\",\"unauthorizedRecipients\":[\"" + dave
                            + "\"]}",
                    post("/relay/group/store", alice.groupStore("g3", "alice", group, List.of(bob, dave), bytes("x"))));
        assertReply(400, "{\"error\":\"empty recipients\"}",
                    post("/relay/group/store", alice.groupStore("g4", "alice", group, List.of("alice", " "),
                                                                bytes("x"))));
        assertReply(400, "{\"error\":\"invalid recipients\"}",
                    post("/relay/group/store", with(message, "recipients", new JsString(bob))));
        assertReply(401, "{\"error\":\"invalid signature\"}",
                    post("/relay/group/store", with(message, "groupId", new JsString(unique("other")))));
        assertEquals(List.of(), ids(fetch(dave, null, null)));
    }

    @Test
    void membersUpdateRules() {
        String group = unique("group");
        String bob = unique("bob");
        assertEquals(200, post("/relay/group/store",
                               alice.groupStore("s1", "alice", group, List.of(bob), bytes("x"))).status());

        assertReply(403, "{\"error\":\"only owner can update members\"}",
                    post("/relay/group/members/update", alice.membersUpdate("u1", bob, group, "alice",
                                                                            List.of("alice", bob))));
        assertReply(400, "{\"error\":\"empty memberPeerIds\"}",
                    post("/relay/group/members/update", alice.membersUpdate("u2", "alice", group, "alice",
                                                                            List.of(" ", ""))));
        assertReply(400, "{\"error\":\"owner must be in memberPeerIds\"}",
                    post("/relay/group/members/update", alice.membersUpdate("u3", "alice", group, "alice",
                                                                            List.of(bob))));
        JsObject update = alice.membersUpdate("u4", "alice", group, "alice", List.of(bob, "alice", "carol", bob));
        assertReply(401, "{\"error\":\"invalid signature\"}",
                    post("/relay/group/members/update", with(update, "ttl", JsNumber.of(1))));
        assertOk("{\"ok\":true,\"groupId\":\"" + group + "\",\"ownerPeerId\":\"alice\",\"members\":3}",
                 post("/relay/group/members/update", update));

        // no longer provisional: another owner cannot take it over
        assertReply(409, "{\"error\":\"owner mismatch\"}",
                    post("/relay/group/members/update", mallory.membersUpdate("u5", bob, group, bob,
                                                                              List.of(bob))));
        // and carol is a member now
        assertEquals(200, post("/relay/group/store",
                               alice.groupStore("s2", "alice", group, List.of("carol"), bytes("x"))).status());
    }

    // --- blobs

    @Test
    void blobUploadAndDownload() {
        String group = unique("group");
        byte[] blob = new byte[3000];
        new Random(1).nextBytes(blob);
        String blobId = unique("photo");
        JsObject upload = alice.blobUpload(blobId, "alice", group, "photo.png", " image/png ", blob);

        assertOk("{\"ok\":true,\"blobId\":\"" + blobId + "\",\"duplicate\":false}", post("/relay/blob/upload", upload));
        assertOk("{\"ok\":true,\"blobId\":\"" + blobId + "\",\"duplicate\":true}", post("/relay/blob/upload", upload));
        assertOk("{\"id\":\"" + blobId + "\",\"groupId\":\"" + group + "\",\"fileName\":\"photo.png\","
                         + "\"mimeType\":\" image/png \",\"sizeBytes\":3000,\"payload\":\"" + RelaySigner.base64(blob)
                         + "\"}",
                 get("/relay/blob/" + blobId));

        assertReply(404, "{\"error\":\"blob not found\"}", get("/relay/blob/" + unique("nothing")));
        // GET on the upload path is a blob lookup, as in the original
        assertReply(404, "{\"error\":\"blob not found\"}", get("/relay/blob/upload"));
        assertReply(401, "{\"error\":\"invalid signature\"}",
                    post("/relay/blob/upload", with(upload, "fileName", new JsString("other.png"))));
        assertReply(400, "{\"error\":\"invalid mimeType\"}",
                    post("/relay/blob/upload", with(upload, "mimeType", JsNumber.of(1))));
    }

    @Test
    void blobUploadWithoutMimeType() {
        String blobId = unique("doc");
        byte[] blob = bytes("plain");
        // absent mimeType: signed as empty, stored and returned as null
        JsObject upload = without(alice.blobUpload(blobId, "alice", "g", "a.txt", "", blob), "mimeType");
        assertOk("{\"ok\":true,\"blobId\":\"" + blobId + "\",\"duplicate\":false}", post("/relay/blob/upload", upload));
        assertOk("{\"id\":\"" + blobId + "\",\"groupId\":\"g\",\"fileName\":\"a.txt\",\"mimeType\":null,"
                         + "\"sizeBytes\":5,\"payload\":\"" + RelaySigner.base64(blob) + "\"}",
                 get("/relay/blob/" + blobId));
    }

    @Test
    void chunkedUpload() {
        String id = unique("video");
        String group = unique("group");
        byte[][] chunks = {bytes("first-"), bytes("second-"), bytes("third")};
        byte[] whole = bytes("first-second-third");
        String chunkPath = "/relay/blob/upload/chunk";
        String completePath = "/relay/blob/upload/complete";
        String signature = alice.blobSignature(id, "alice", group, "v.mp4", "video/mp4", whole);

        for (String[] range : new String[][] {{"3", "3"}, {"-1", "3"}, {"0", "0"}, {"0", "10001"}, {"0.5", "3"},
                {"0", "2.5"}, {"\"0\"", "3"}}) {
            JsObject.Builder chunk = RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "0", range[1], chunks[0]);
            JsValue index = range[0].startsWith("\"") ? new JsString("0") : JsNumber.ofJsonText(range[0]);
            boolean integers = !(range[0] + range[1]).contains(".") && !range[0].startsWith("\"");
            assertReply(400, integers ? "{\"error\":\"chunk range invalid\"}" : "{\"error\":\"invalid chunkIndex/totalChunks\"}",
                        post(chunkPath, chunk.put("chunkIndex", index).build()));
        }
        assertReply(404, "{\"error\":\"upload session not found\"}",
                    post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 3, signature)));

        assertOk("{\"ok\":true,\"id\":\"" + id + "\",\"chunkIndex\":0,\"totalChunks\":3,\"received\":1}",
                 post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "0", "3", chunks[0]).build()));
        assertReply(409, "{\"error\":\"totalChunks mismatch\"}",
                    post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "1", "4", chunks[1]).build()));
        assertReply(409, "{\"error\":\"missing chunks\",\"expected\":3,\"received\":1}",
                    post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 3, signature)));
        // re-sending a chunk replaces it
        assertOk("{\"ok\":true,\"id\":\"" + id + "\",\"chunkIndex\":2,\"totalChunks\":3,\"received\":2}",
                 post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "2", "3", bytes("junk")).build()));
        assertOk("{\"ok\":true,\"id\":\"" + id + "\",\"chunkIndex\":2,\"totalChunks\":3,\"received\":2}",
                 post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "2", "3", chunks[2]).build()));
        assertOk("{\"ok\":true,\"id\":\"" + id + "\",\"chunkIndex\":1,\"totalChunks\":3,\"received\":3}",
                 post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "1", "3", chunks[1]).build()));

        // the signature covers the reassembled bytes
        String wrong = alice.blobSignature(id, "alice", group, "v.mp4", "video/mp4", bytes("first-second-thirD"));
        assertReply(401, "{\"error\":\"invalid signature\"}",
                    post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 3, wrong)));
        assertOk("{\"ok\":true,\"blobId\":\"" + id + "\",\"duplicate\":false}",
                 post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 3, signature)));
        assertReply(404, "{\"error\":\"upload session not found\"}",
                    post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 3, signature)));

        String download = "{\"id\":\"" + id + "\",\"groupId\":\"" + group + "\",\"fileName\":\"v.mp4\","
                + "\"mimeType\":\"video/mp4\",\"sizeBytes\":18,\"payload\":\"" + RelaySigner.base64(whole) + "\"}";
        assertOk(download, get("/relay/blob/" + id));

        // a second upload of an existing blob id completes as a duplicate and keeps the first blob
        byte[] other = bytes("other");
        assertEquals(200, post(chunkPath, RelaySigner.chunk(id, "alice", group, "v.mp4", "video/mp4", "0", "1", other).build())
                .status());
        assertOk("{\"ok\":true,\"blobId\":\"" + id + "\",\"duplicate\":true}",
                 post(completePath, alice.complete(id, "alice", group, "v.mp4", "video/mp4", 1,
                                                   alice.blobSignature(id, "alice", group, "v.mp4", "video/mp4",
                                                                       other))));
        assertOk(download, get("/relay/blob/" + id));
    }

    // --- probe, capabilities

    @Test
    void probe() {
        String ok = "\\{\"ok\":true,\"service\":\"peerlink-relay\",\"protocolVersion\":\"1\",\"ts\":\\d{13}}";
        for (String body : new String[] {"{}", "{\"v\":\"1\",\"client\":\"peerlink-health-check\"}", "{\"v\":null}"}) {
            Reply reply = post("/relay/probe", body);
            assertEquals(200, reply.status(), body);
            assertTrue(reply.body().matches(ok), reply.body());
        }
        String unsupported = "{\"error\":\"unsupported protocol version\",\"supported\":[\"1\"]}";
        assertReply(400, unsupported, post("/relay/probe", "{\"v\":\"2\"}"));
        assertReply(400, unsupported, post("/relay/probe", "{\"v\":1}"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/probe", "[]"));
        assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/probe", ""));
    }

    @Test
    void capabilities() {
        long before = System.currentTimeMillis();
        Reply reply = get("/relay/capabilities");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        JsObject body = reply.json();

        assertEquals(List.of("ok", "service", "protocolVersion", "features", "auth", "query"),
                     body.members().keySet().stream().limit(6).toList());
        assertEquals(JsBoolean.TRUE, body.get("ok"));
        assertEquals(new JsString("peerlink-relay"), body.get("service"));
        assertEquals(new JsString("1"), body.get("protocolVersion"));
        // exactly the names of PROTOCOL.md §2.2: clients look features up by them
        assertEquals("{\"health\":true,\"probe\":true,\"store\":true,\"fetch\":true,\"ack\":true,\"groupStore\":true,"
                + "\"groupMembersUpdate\":true,\"blobUpload\":true,\"blobChunkUpload\":true,\"blobDownload\":true}",
                RelaySigner.json((JsObject) body.get("features")));
        assertEquals("{\"storeRequiresEd25519Signature\":true,\"ackRequiresEd25519Signature\":true,"
                + "\"groupStoreRequiresEd25519Signature\":true,\"groupMembersUpdateRequiresEd25519Signature\":true,"
                + "\"blobUploadRequiresEd25519Signature\":true,\"blobUploadCompleteRequiresEd25519Signature\":true}",
                RelaySigner.json((JsObject) body.get("auth")));
        assertEquals("{\"fetchRecipientParam\":\"to\",\"fetchCursorParam\":\"cursor\",\"fetchLimitParam\":\"limit\"}",
                     RelaySigner.json((JsObject) body.get("query")));
        long ts = (long) assertInstanceOf(JsNumber.class, body.get("ts")).value();
        assertTrue(ts >= before && ts <= System.currentTimeMillis(), "ts " + ts);
    }

    // --- transport: 404, 405, 413, content types, Connection: close

    @Test
    void unknownPathIs404() {
        assertReply(404, "{\"error\":\"not found\"}", get("/relay/nope"));
        assertReply(404, "{\"error\":\"not found\"}", post("/relay/store/extra", "{}"));
        assertReply(404, "{\"error\":\"not found\"}", post("/relay", "{}"));
    }

    /** Paths the original's router also takes: any case, one trailing slash (scripts and probes may send them). */
    @Test
    void pathsInAnotherCaseOrWithATrailingSlashReachTheirRoute() {
        String blobId = unique("Case-Blob");
        assertEquals(200, post("/relay/blob/upload",
                               alice.blobUpload(blobId, "alice", "g", "a.bin", "x/y", bytes("blob"))).status());
        assertEquals(200, get("/health/").status());
        assertEquals(200, get("/HEALTH").status());
        assertEquals(200, get("/relay/Capabilities").status());
        assertTrue(post("/relay/probe/", "{}").body().startsWith("{\"ok\":true,"));
        assertOk(messages(null), read(client.get("/RELAY/FETCH/").queryParam("to", unique("nobody"))));
        assertEquals(200, get("/RELAY/BLOB/" + blobId + "/").status(), "the blob id keeps its case");
        assertReply(404, "{\"error\":\"blob not found\"}", get("/relay/blob/" + blobId.toLowerCase(Locale.ROOT)));
        assertReply(404, "{\"error\":\"not found\"}", get("/relay/nope/"));
    }

    /** A blob id may hold a "/": sent encoded, it is still one id, as the original matches on the raw path. */
    @Test
    void aBlobIdWithAnEncodedSlashIsFound() throws Exception {
        String blobId = unique("album") + "/photo 1";
        assertEquals(200, post("/relay/blob/upload",
                               alice.blobUpload(blobId, "alice", "g", "a.bin", "x/y", bytes("blob"))).status());
        String response = RawHttp.exchange(server.port(), "GET /relay/blob/"
                + blobId.replace("/", "%2F").replace(" ", "%20") + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("\"id\":\"" + blobId + "\""), response);
        assertReply(404, "{\"error\":\"not found\"}", get("/relay/blob/" + unique("a") + "/b"));
    }

    /** A repeated query parameter counts as absent, as the original's query parser makes it an array. */
    @Test
    void repeatedFetchParametersCountAsAbsent() throws Exception {
        String missingTo = RawHttp.exchange(server.port(), "GET /relay/fetch?to=a&to=b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("{\"error\":\"missing to\"}", RawHttp.body(missingTo), missingTo);
        String bob = unique("bob");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post("/relay/store", alice.store("r" + i, "alice", bob, bytes("x")).build()).status());
        }
        for (String twice : new String[] {"&limit=1&limit=2", "&cursor=r0&cursor=r1"}) {
            String response = RawHttp.exchange(server.port(), "GET /relay/fetch?to=" + bob + twice
                    + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(RawHttp.body(response).endsWith("],\"cursor\":\"r2\"}"), twice + ": " + response);
        }
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Map<String, Method> wrong = Map.of(
                "/relay/store", Method.GET,
                "/relay/blob/upload/chunk", Method.PUT,
                "/relay/fetch", Method.POST,
                "/relay/capabilities", Method.DELETE,
                "/relay/blob/some-id", Method.POST);
        for (Map.Entry<String, Method> entry : wrong.entrySet()) {
            try (HttpClientResponse res = client.method(entry.getValue()).path(entry.getKey())
                    .readTimeout(TIMEOUT).request()) {
                assertEquals(405, res.status().code(), entry.toString());
                assertEquals("{\"error\":\"method not allowed\"}", res.as(String.class));
                String allow = entry.getKey().startsWith("/relay/fetch") || entry.getKey().startsWith("/relay/cap")
                        || entry.getKey().equals("/relay/blob/some-id") ? "GET" : "POST";
                assertEquals(allow, res.headers().first(HeaderNames.ALLOW).orElseThrow(), entry.toString());
            }
        }
    }

    @Test
    void bodyAtTheLimitIsAccepted() {
        String body = "{}" + " ".repeat(BODY_LIMIT - 2);
        assertEquals(200, post("/relay/probe", body).status());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        // Announced by Content-Length: rejected before the body is read. No body is sent, so the server's close
        // cannot turn into a reset that swallows its answer.
        String response = RawHttp.exchange(server.port(), "POST /relay/store HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (BODY_LIMIT + 1) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/json"), response);
        assertEquals("{\"error\":\"payload too large\"}", RawHttp.body(response));

        // Chunked, no Content-Length: rejected once the body read goes past the limit
        String chunk = "x".repeat(BODY_LIMIT / 4);
        String chunked = "POST /relay/store HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(4)
                + "1\r\nx\r\n0\r\n\r\n";
        response = RawHttp.exchange(server.port(), chunked);
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/json"), response);
        assertEquals("{\"error\":\"payload too large\"}", RawHttp.body(response));

        assertEquals(200, get("/relay/capabilities").status());
    }

    /** The body is JSON whatever the Content-Type says, as the original's clients expect (PROTOCOL.md §2.2). */
    /**
     * Most clients write the whole body before they read the answer: the 413 must still reach them, which takes
     * reading the rest of the body (the original does) rather than closing on it — that resets the connection.
     */
    @Test
    void aClientWritingAllOfAnOversizedBodyStillReadsThe413() throws Exception {
        // more than the kernel buffers on both ends hold, so the client is still writing when the 413 is decided
        byte[] body = new byte[24 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        for (String framing : new String[] {"Content-Length: " + body.length, "Transfer-Encoding: chunked"}) {
            boolean chunked = framing.startsWith("Transfer");
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /relay/blob/upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + framing
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (chunked) {
                    out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(body); // a reset would fail this write or the read below
                if (chunked) {
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 413 "), framing + ": " + response);
                assertEquals("{\"error\":\"payload too large\"}", RawHttp.body(response), framing);
            }
        }
    }

    @Test
    void contentTypesAreIgnored() throws Exception {
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "text/plain",
                "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/octet-stream"}) {
            assertEquals(200, post("/relay/probe", type, "{}").status(), type);
            assertReply(400, "{\"error\":\"invalid body\"}", post("/relay/probe", type, "v=1"));
        }
        // no Content-Type at all is read as JSON
        String response = RawHttp.exchange(server.port(), "POST /relay/store HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertEquals("{\"error\":\"missing id\"}", RawHttp.body(response));
    }

    /**
     * The app sends {@code Connection: close} on every relay request and waits for the end of the connection
     * (PROTOCOL.md §3.4): every kind of answer, streamed or not, error or not, is followed by the end of the stream.
     */
    @Test
    void connectionCloseEndsTheConnectionAfterEveryKindOfAnswer() throws Exception {
        String blobId = unique("close-blob");
        assertEquals(200, post("/relay/blob/upload",
                               alice.blobUpload(blobId, "alice", "g", "a.bin", "x/y", bytes("blob"))).status());
        String probe = "{\"v\":\"1\",\"client\":\"peerlink-health-check\"}";
        Map<String, String> requests = Map.of(
                "GET /health", "200",
                "POST /relay/probe " + probe, "200",
                "GET /relay/fetch?to=" + unique("nobody") + "&limit=50", "200",
                "GET /relay/blob/" + blobId, "200",
                "POST /relay/store {}", "400",
                "GET /relay/nope", "404",
                "GET /relay/store", "405");
        for (Map.Entry<String, String> entry : requests.entrySet()) {
            String[] parts = entry.getKey().split(" ", 3);
            String body = parts.length > 2 ? parts[2] : "";
            String request = parts[0] + " " + parts[1] + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                    + "\r\n" + body;
            String response = untilEndOfStream(request);
            assertTrue(response.startsWith("HTTP/1.1 " + entry.getValue() + " "), entry.getKey() + ": " + response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"),
                       entry.getKey() + ": " + response);
        }
    }

    /** Without {@code Connection: close} the connection stays open for the next request. */
    @Test
    void aKeptAliveConnectionServesTheNextRequest() throws Exception {
        String twoRequests = "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /relay/nope HTTP/1.1\r\nHost: x\r\n\r\n";
        String response = RawHttp.exchange(server.port(), twoRequests, 2);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("HTTP/1.1 404 "), response);
        assertTrue(response.endsWith("{\"error\":\"not found\"}"), response);
    }

    /** Sends {@code request} and reads until the server closes; failing if it has not within 3 s. */
    private String untilEndOfStream(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no end of stream within 3 s after: " + request, e);
            }
        }
    }

    @Test
    void concurrentStoresAllArrive() throws Exception {
        String erin = unique("erin");
        List<String> sent = IntStream.range(0, 40).mapToObj(i -> "c" + i).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reply>> replies = sent.stream()
                    .map(id -> pool.submit(() -> post("/relay/store",
                                                      alice.store(id, "alice", erin, bytes(id)).build())))
                    .toList();
            for (Future<Reply> reply : replies) {
                assertOk("{\"ok\":true,\"stored\":true,\"duplicate\":false}", reply.get(30, TimeUnit.SECONDS));
            }
        }
        assertEquals(sent.stream().sorted().collect(Collectors.toList()),
                     ids(fetch(erin, null, "100")).stream().sorted().toList());
    }
}
