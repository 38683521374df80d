package org.peerlink.relay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonArbitraries;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.testkit.RelaySigner;

/**
 * Generates what clients send the relay, from the app's own requests to garbage: correctly signed requests with
 * arbitrary contents (so that the rules past the signature are reached), the same with one field broken, bodies
 * of the real field names with values of any type, any JSON, any bytes. Names come mostly from small pools, so that
 * the requests of one sequence meet in the store (a store then its ack, chunks then their completion).
 */
final class RelayRequests {

    /** The clock of the relay under test starts at the time the requests are signed with. */
    static final long START_MS = Long.parseLong(RelaySigner.TS);

    private static final List<RelaySigner> SIGNERS = List.of(new RelaySigner(1), new RelaySigner(2));
    private static final List<String> FIELDS = List.of("to", "from", "id", "ts", "ttl", "payload", "sig",
            "signingPub", "groupId", "recipients", "memberPeerIds", "ownerPeerId", "fileName", "mimeType",
            "chunkIndex", "totalChunks", "v");

    private RelayRequests() {
    }

    /**
     * One request as a transport hands it over.
     *
     * @param advanceMs how far the clock moves before it (expiry)
     * @param sweep     whether the periodic sweep runs before it
     */
    record Request(RelayRoute route, String rawQuery, byte[] body, long advanceMs, boolean sweep) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return route + (rawQuery == null ? "" : " ?" + rawQuery) + " +" + advanceMs + "ms" + (sweep ? " sweep" : "")
                    + " " + (text.length() > 600 ? text.substring(0, 600) + "…(" + body.length + " bytes)" : text);
        }
    }

    /** Sequences of requests against one relay. */
    static Arbitrary<List<Request>> sequences() {
        return steps().list().ofMinSize(1).ofMaxSize(8).map(steps -> steps.stream().flatMap(List::stream).toList());
    }

    /** One client action: mostly one request, a chunked upload is its chunks and its completion. */
    private static Arbitrary<List<Request>> steps() {
        Arbitrary<List<JsonBody>> bodies = Arbitraries.frequencyOf(
                Tuple.of(4, signed().map(List::of)),
                Tuple.of(1, upload().map(body -> List.of(body, JsonBody.download(blobIdOf(body))))),
                Tuple.of(1, chunkedUpload().flatMap(RelayRequests::eachMutated)),
                Tuple.of(3, fieldSoup().map(o -> List.of(JsonBody.unrouted(o)))),
                Tuple.of(1, JsonArbitraries.values(3, JsonArbitraries.numbersAsReceived())
                        .map(v -> List.of(new JsonBody(null, JsonWriter.write(v, JsonWriter.Numbers.AS_RECEIVED)
                                .getBytes(StandardCharsets.UTF_8))))),
                Tuple.of(1, rawBytes().map(b -> List.of(new JsonBody(null, b)))),
                Tuple.of(1, signed().flatMap(RelayRequests::mutatedText).map(List::of)));
        Arbitrary<List<Request>> posts = Combinators.combine(bodies, routes(), Arbitraries.integers().between(0, 9),
                        queries(), advances(), Arbitraries.of(false, false, false, true))
                .as((list, otherRoute, routeChance, query, advance, sweep) -> {
                    List<Request> requests = new ArrayList<>();
                    for (JsonBody body : list) {
                        // mostly where the body belongs, so that it is read past its route
                        RelayRoute route = body.route() != null && routeChance < 8 ? body.route() : otherRoute;
                        requests.add(new Request(route, query, body.bytes(), requests.isEmpty() ? advance : 0,
                                requests.isEmpty() && sweep));
                    }
                    return requests;
                });
        return Arbitraries.frequencyOf(Tuple.of(5, posts), Tuple.of(1, reads().map(List::of)));
    }

    /** What the app reads back: its queue, a blob it was told of, the health and capabilities. */
    private static Arbitrary<Request> reads() {
        Arbitrary<RelayRoute> route = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new RelayRoute.Endpoint(RelayEndpoint.FETCH, null))),
                Tuple.of(3, blobIds().map(id -> new RelayRoute.Endpoint(RelayEndpoint.BLOB, nonEmpty(id)))),
                Tuple.of(1, Arbitraries.of(RelayEndpoint.HEALTH, RelayEndpoint.CAPABILITIES)
                        .map(endpoint -> new RelayRoute.Endpoint(endpoint, null))));
        return Combinators.combine(route, queries(), advances())
                .as((r, query, advance) -> new Request(r, query, new byte[0], advance, false));
    }

    /** A body and the route it was made for (null: none in particular). */
    private record JsonBody(RelayRoute route, byte[] bytes) {
        static JsonBody of(RelayEndpoint endpoint, JsObject body) {
            return new JsonBody(new RelayRoute.Endpoint(endpoint, null),
                    RelaySigner.json(body).getBytes(StandardCharsets.UTF_8));
        }

        static JsonBody unrouted(JsObject body) {
            return new JsonBody(null, RelaySigner.json(body).getBytes(StandardCharsets.UTF_8));
        }

        /** The download of a blob just uploaded. */
        static JsonBody download(String blobId) {
            return new JsonBody(new RelayRoute.Endpoint(RelayEndpoint.BLOB, nonEmpty(blobId)), new byte[0]);
        }
    }

    /** Every route of the table, and the two that are not. */
    static Arbitrary<RelayRoute> routes() {
        Arbitrary<RelayRoute> endpoints = Combinators.combine(Arbitraries.of(RelayEndpoint.values()), ids())
                .as((endpoint, blobId) -> new RelayRoute.Endpoint(endpoint, endpoint.hasParameter() ? nonEmpty(blobId)
                        : null));
        return Arbitraries.frequencyOf(
                Tuple.of(8, endpoints),
                Tuple.of(1, Arbitraries.just(new RelayRoute.Unknown())),
                Tuple.of(1, Arbitraries.of(RelayEndpoint.Method.values()).map(RelayRoute.WrongMethod::new)));
    }

    private static String nonEmpty(String blobId) {
        return blobId.isEmpty() ? "b1" : blobId; // the route table never makes an empty one
    }

    /**
     * A fetch's query: {@code to}, {@code cursor} and {@code limit} each given once or left out, as the app sends
     * them, then at times a parameter more (a repeated one counts as absent).
     */
    private static Arbitrary<String> queries() {
        Arbitrary<String> limits = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(-2, 600).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("", "abc", "7x", " 12", "+3", "3.9", "99999999999999999999",
                        "9".repeat(40), "-99999999999999999999", "\u00a05")),
                Tuple.of(1, JsonArbitraries.strings(6)));
        Arbitrary<String> extra = Combinators.combine(Arbitraries.of("to", "cursor", "limit", "x"), names("bob"))
                .as((name, value) -> encoded(name, value));
        return Combinators.combine(names("bob").injectNull(0.1), ids().injectNull(0.5), limits.injectNull(0.5),
                        extra.list().ofMaxSize(2))
                .as((to, cursor, limit, more) -> {
                    List<String> pairs = new ArrayList<>();
                    if (to != null) {
                        pairs.add(encoded("to", to));
                    }
                    if (cursor != null) {
                        pairs.add(encoded("cursor", cursor));
                    }
                    if (limit != null) {
                        pairs.add(encoded("limit", limit));
                    }
                    pairs.addAll(more);
                    return String.join("&", pairs);
                }).injectNull(0.05);
    }

    private static String encoded(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Arbitrary<Long> advances() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(1, 120_000)),
                Tuple.of(1, Arbitraries.of(86_400_000L, 86_400_001L, 21_600_001L, 7 * 86_400_000L + 1)));
    }

    /** Names as the app's (from the pool) or not: empty, padded, too long, any text. */
    private static Arbitrary<String> names(String... pool) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(pool)),
                Tuple.of(2, JsonArbitraries.strings(6)),
                Tuple.of(1, Arbitraries.of("", " alice ", "x".repeat(1025), "dm:alice|bob", "profile:alice")));
    }

    private static Arbitrary<String> peers() {
        return names("alice", "bob", "carol");
    }

    private static Arbitrary<String> ids() {
        return names("m1", "m2", "b1");
    }

    /** Blobs have ids of their own, so that a download often names one that was uploaded. */
    private static Arbitrary<String> blobIds() {
        return names("b1", "b2");
    }

    private static Arbitrary<String> groups() {
        return names("g1", "dm:alice|bob");
    }

    private static Arbitrary<List<String>> peerLists() {
        return peers().list().ofMaxSize(5);
    }

    /** Bytes from a seed: a blob of 60 KB costs a seed to generate and shrink, not 60 000 values. */
    private static Arbitrary<byte[]> payloads() {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(12, Arbitraries.integers().between(1, 64)),
                Tuple.of(1, Arbitraries.integers().between(48 * 1024, 72 * 1024)));
        return Combinators.combine(sizes, Arbitraries.longs()).as((size, seed) -> {
            byte[] bytes = new byte[size];
            new Random(seed).nextBytes(bytes);
            return bytes;
        });
    }

    private static Arbitrary<String> numberTexts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(RelaySigner.TS, RelaySigner.TTL)),
                Tuple.of(2, Arbitraries.of("0", "-1", "1", "60", "1.5", "-0", "1e400", "1e-400", "86400000000000000000")),
                Tuple.of(1, JsonArbitraries.numbersAsReceived().map(JsNumber::text)));
    }

    /** A request of the app, signed over whatever it holds, then maybe broken in one field. */
    private static Arbitrary<JsonBody> signed() {
        Arbitrary<RelaySigner> signer = Arbitraries.of(SIGNERS);
        Arbitrary<JsonBody> store = Combinators.combine(signer, ids(), peers(), peers(), numberTexts(), numberTexts(),
                        payloads())
                .as((s, id, from, to, ts, ttl, payload) -> JsonBody.of(RelayEndpoint.STORE,
                        s.store(id, from, to, ts, ttl, payload).build()));
        // mostly the recipient's, as the rule wants
        Arbitrary<JsonBody> ack = Combinators.combine(signer, ids(), peers(), peers().injectNull(0.7))
                .as((s, id, from, to) -> JsonBody.of(RelayEndpoint.ACK, s.ack(id, from, to == null ? from : to)));
        Arbitrary<JsonBody> groupStore = Combinators.combine(signer, ids(), peers(), groups(), peerLists(), payloads())
                .as((s, id, from, group, recipients, payload) -> JsonBody.of(RelayEndpoint.GROUP_STORE,
                        s.groupStore(id, from, group, recipients, payload)));
        // mostly as the app sends it, by the owner and naming the owner among the members
        Arbitrary<JsonBody> members = Combinators.combine(signer, ids(), peers(), groups(), peers().injectNull(0.7),
                        peerLists(), Arbitraries.of(true, true, false))
                .as((s, id, from, group, owner, list, ownerListed) -> {
                    String ownerPeerId = owner == null ? from : owner;
                    List<String> memberList = new ArrayList<>(list);
                    if (ownerListed) {
                        memberList.add(ownerPeerId);
                    }
                    return JsonBody.of(RelayEndpoint.MEMBERS_UPDATE,
                            s.membersUpdate(id, from, group, ownerPeerId, memberList));
                });
        Arbitrary<JsonBody> probe = JsonArbitraries.values(1, JsonArbitraries.numbersAsReceived())
                .injectNull(0.3).map(v -> JsonBody.of(RelayEndpoint.PROBE,
                        v == null ? JsObject.builder().put("v", "1").build() : JsObject.builder().put("v", v).build()));
        Arbitrary<JsonBody> request = Arbitraries.oneOf(store, ack, groupStore, members, upload(), probe);
        return Combinators.combine(request, mutations()).as((body, mutation) -> mutation.apply(body));
    }

    private static Arbitrary<JsonBody> upload() {
        return Combinators.combine(Arbitraries.of(SIGNERS), blobIds(), peers(), groups(), names("photo.jpg"),
                        names("image/jpeg"), numberTexts(), payloads())
                .as((s, id, from, group, file, mime, ttl, blob) -> JsonBody.of(RelayEndpoint.BLOB_UPLOAD,
                        s.blobUpload(id, from, group, file, mime, RelaySigner.number(ttl), blob)));
    }

    private static String blobIdOf(JsonBody upload) {
        try {
            return ((JsObject) JsonReader.parse(upload.bytes())).string("id").orElseThrow();
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("a generated body is JSON", e);
        }
    }

    /** Each body with a mutation of its own (mostly none); a download is left as it is. */
    private static Arbitrary<List<JsonBody>> eachMutated(List<JsonBody> bodies) {
        return mutations().list().ofSize(bodies.size()).map(mutations -> {
            List<JsonBody> mutated = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                JsonBody body = bodies.get(i);
                mutated.add(body.bytes().length == 0 ? body : mutations.get(i).apply(body));
            }
            return mutated;
        });
    }

    /** One field of a body changed, dropped or added (the signature then no longer holds, mostly). */
    @FunctionalInterface
    private interface Mutation {
        JsonBody apply(JsonBody body);
    }

    private static Arbitrary<Mutation> mutations() {
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        Arbitrary<Mutation> replace = Combinators.combine(field, fieldValues())
                .as((key, value) -> body -> changed(body, object -> RelaySigner.with(object, key, value)));
        Arbitrary<Mutation> drop = field.map(key -> body -> changed(body, object -> RelaySigner.without(object, key)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(body -> body)),
                Tuple.of(2, replace),
                Tuple.of(1, drop));
    }

    private static JsonBody changed(JsonBody body, UnaryOperator<JsObject> change) {
        try {
            JsObject object = (JsObject) JsonReader.parse(body.bytes());
            return new JsonBody(body.route(), JsonBody.unrouted(change.apply(object)).bytes());
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("a generated body is JSON", e);
        }
    }

    /** The text of a body with one character inserted, replaced or removed, or cut short. */
    private static Arbitrary<JsonBody> mutatedText(JsonBody body) {
        String text = new String(body.bytes(), StandardCharsets.UTF_8);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, Math.max(0, text.length() - 1));
        Arbitrary<Character> c = Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '\\', '0', ' ', '\u0000', '\ufeff');
        return Combinators.combine(at, c, Arbitraries.integers().between(0, 3)).as((i, ch, kind) -> {
            String mutated = switch (kind) {
                case 0 -> text.substring(0, i) + ch + text.substring(i);
                case 1 -> text.substring(0, i) + ch + text.substring(Math.min(text.length(), i + 1));
                case 2 -> text.substring(0, i) + text.substring(Math.min(text.length(), i + 1));
                default -> text.substring(0, i);
            };
            return new JsonBody(body.route(), mutated.getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * A chunked upload as the app makes it — chunks, then the completion signed over the whole blob — with at times
     * a chunk left out or sent twice, or the completion naming another count.
     */
    private static Arbitrary<List<JsonBody>> chunkedUpload() {
        return Combinators.combine(Arbitraries.of(SIGNERS), blobIds(), peers(), groups(), payloads(),
                        Arbitraries.integers().between(1, 4), Arbitraries.integers().between(-4, 4),
                        Arbitraries.integers().between(-1, 1))
                // fault: the index of a chunk left out, or -1 - the index of one sent twice; else none
                .as((signer, id, from, group, blob, chunks, fault, totalOffset) -> {
                    int total = Math.min(chunks, Math.max(1, blob.length));
                    List<JsonBody> bodies = new ArrayList<>();
                    for (int i = 0; i < total; i++) {
                        byte[] chunk = Arrays.copyOfRange(blob, blob.length * i / total,
                                blob.length * (i + 1) / total);
                        JsObject body = RelaySigner.chunk(id, from, group, "video.mp4", "video/mp4",
                                Integer.toString(i), Integer.toString(total), chunk).build();
                        if (fault != i) {
                            bodies.add(JsonBody.of(RelayEndpoint.BLOB_CHUNK, body));
                        }
                        if (fault == -i - 1) {
                            bodies.add(JsonBody.of(RelayEndpoint.BLOB_CHUNK, body));
                        }
                    }
                    String signature = signer.blobSignature(id, from, group, "video.mp4", "video/mp4", blob);
                    bodies.add(JsonBody.of(RelayEndpoint.BLOB_COMPLETE, signer.complete(id, from, group, "video.mp4",
                            "video/mp4", total + totalOffset, signature)));
                    bodies.add(JsonBody.download(id));
                    return bodies;
                });
    }

    /** Objects of the relay's field names (and others) holding values of any type. */
    private static Arbitrary<JsObject> fieldSoup() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(FIELDS)),
                Tuple.of(1, JsonArbitraries.keys()));
        return Combinators.combine(key, fieldValues()).as(Tuple::of).list().ofMaxSize(12).map(members -> {
            JsObject.Builder object = JsObject.builder();
            members.forEach(member -> object.put(member.get1(), member.get2()));
            return object.build();
        });
    }

    /** What a field may hold: names, numbers, base64 (good and bad), lists of names, anything. */
    private static Arbitrary<JsValue> fieldValues() {
        Arbitrary<JsValue> base64 = Combinators.combine(payloads(), Arbitraries.of(0, 1, 2, 3)).as((bytes, form) ->
                new JsString(switch (form) {
                    case 0 -> Base64.getEncoder().encodeToString(bytes);
                    case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    case 2 -> Base64.getEncoder().encodeToString(bytes) + "=";
                    default -> "*" + Base64.getEncoder().encodeToString(bytes);
                }));
        return Arbitraries.frequencyOf(
                Tuple.of(3, peers().map(JsString::new)),
                Tuple.of(3, numberTexts().map(JsNumber::ofJsonText)),
                Tuple.of(2, base64),
                Tuple.of(2, peerLists().map(JsArray::ofStrings)),
                Tuple.of(2, JsonArbitraries.values(2, JsonArbitraries.numbersAsReceived())));
    }

    /** Any bytes, as a client may send them: empty, a byte order mark, broken UTF-8. */
    private static Arbitrary<byte[]> rawBytes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(48)),
                Tuple.of(1, Arbitraries.of(new byte[0], new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
                        new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})));
    }
}
