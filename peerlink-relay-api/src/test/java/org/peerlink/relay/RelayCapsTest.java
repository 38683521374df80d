package org.peerlink.relay;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What one request may ask of the relay (RelayCaps), and the findings of issue 13 they answer. */
class RelayCapsTest {

    private static final long NOW = 1_741_590_002_123L;

    private final RelaySigner alice = new RelaySigner(1);

    private static RelayService relay(RelayCaps caps) {
        RelaySettings defaults = RelaySettings.defaults();
        return RelayService.builder(new InMemoryRelayStorage())
                .settings(defaults.withCaps(caps))
                .clock(InstantSource.fixed(Instant.ofEpochMilli(NOW)))
                .build();
    }

    private static List<String> peers(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("peer-%06d", i)).toList();
    }

    private static byte[] bytes(int n) {
        byte[] payload = new byte[n];
        payload[0] = 1;
        return payload;
    }

    /**
     * Finding 4 of issue 13: a group store with 50 000 recipients in about 1 MiB of body made 50 000 copies, each
     * with the payload and the whole recipient list (tens of GB). With the default caps it is a 400 at once.
     */
    @Test
    void aGroupStoreWithFiftyThousandRecipientsIsRefusedBeforeAnyCopyIsMade() {
        SigningClient client = new SigningClient(relay(RelayCaps.defaults()), 1);
        SigningClient.Reply reply = client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "group-1", peers(50_000), bytes(16)));
        assertEquals(RelayStatus.BAD_REQUEST, reply.status());
        assertEquals("{\"error\":\"too many recipients\",\"limit\":1000}", reply.text());
    }

    @Test
    void theRecipientAndMemberCapsAreInclusive() {
        RelayCaps caps = new RelayCaps(3, 2, RelayCaps.DEFAULT_MAX_ENVELOPE_CHARS, RelayCaps.DEFAULT_MAX_FAN_OUT_CHARS,
                RelayCaps.DEFAULT_MAX_FETCH_PAGE_CHARS, RelayCaps.DEFAULT_MAX_REQUESTS_PER_ADDRESS);
        SigningClient client = new SigningClient(relay(caps), 1);
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "group-1", peers(3), bytes(16))).status());
        assertEquals("{\"error\":\"too many recipients\",\"limit\":3}", client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g2", "alice", "group-1", peers(4), bytes(16))).text());

        List<String> two = List.of("alice", "bob");
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.MEMBERS_UPDATE,
                alice.membersUpdate("u1", "alice", "group-2", "alice", two)).status());
        SigningClient.Reply three = client.post(RelayEndpoint.MEMBERS_UPDATE,
                alice.membersUpdate("u2", "alice", "group-2", "alice", List.of("alice", "bob", "carol")));
        assertEquals(RelayStatus.BAD_REQUEST, three.status());
        assertEquals("{\"error\":\"too many memberPeerIds\",\"limit\":2}", three.text());
    }

    @Test
    void anEnvelopeOverItsCapIs413AndNothingIsQueued() {
        RelayCaps caps = new RelayCaps(1000, 1000, 2000, RelayCaps.DEFAULT_MAX_FAN_OUT_CHARS,
                RelayCaps.DEFAULT_MAX_FETCH_PAGE_CHARS, RelayCaps.DEFAULT_MAX_REQUESTS_PER_ADDRESS);
        SigningClient client = new SigningClient(relay(caps), 1);
        SigningClient.Reply big = client.post(RelayEndpoint.STORE,
                alice.store("m1", "alice", "bob", bytes(2000)).build());
        assertEquals(RelayStatus.PAYLOAD_TOO_LARGE, big.status());
        assertEquals("{\"error\":\"envelope too large\",\"limit\":2000}", big.text());
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.STORE,
                alice.store("m2", "alice", "bob", bytes(1000)).build()).status());
        assertEquals(List.of("m2"), ids(client.fetch("bob", null, null)));
    }

    @Test
    void aGroupStoreWhoseCopiesTogetherGoOverTheFanOutCapIs413AndQueuesNone() {
        // each copy carries ~1.4 KB of payload and the 10-name recipient list: ten copies are ~16 K characters
        RelayCaps caps = new RelayCaps(1000, 1000, RelayCaps.DEFAULT_MAX_ENVELOPE_CHARS, 10_000,
                RelayCaps.DEFAULT_MAX_FETCH_PAGE_CHARS, RelayCaps.DEFAULT_MAX_REQUESTS_PER_ADDRESS);
        SigningClient client = new SigningClient(relay(caps), 1);
        SigningClient.Reply reply = client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g1", "alice", "group-1", peers(10), bytes(1000)));
        assertEquals(RelayStatus.PAYLOAD_TOO_LARGE, reply.status());
        assertEquals("{\"error\":\"fan-out too large\",\"limit\":10000}", reply.text());
        assertEquals(List.of(), ids(client.fetch("peer-000000", null, null)));
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.GROUP_STORE,
                alice.groupStore("g2", "alice", "group-1", peers(3), bytes(1000))).status());
    }

    /** Finding 5 of issue 13: a fetch page had no size bound; now it stops at the cap and the cursor goes on. */
    @Test
    void aFetchPageIsBoundedInSizeAndTheCursorReachesEverything() {
        RelayCaps caps = new RelayCaps(1000, 1000, RelayCaps.DEFAULT_MAX_ENVELOPE_CHARS,
                RelayCaps.DEFAULT_MAX_FAN_OUT_CHARS, 5000, RelayCaps.DEFAULT_MAX_REQUESTS_PER_ADDRESS);
        SigningClient client = new SigningClient(relay(caps), 1);
        for (int i = 0; i < 5; i++) {
            client.post(RelayEndpoint.STORE, alice.store("m" + i, "alice", "bob", bytes(1500)).build());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Integer> pageSizes = new ArrayList<>();
        while (true) {
            SigningClient.Reply page = client.fetch("bob", cursor, "50");
            List<String> ids = ids(page);
            if (ids.isEmpty()) {
                break;
            }
            pageSizes.add(ids.size());
            seen.addAll(ids);
            cursor = page.body().string("cursor").orElseThrow();
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), seen);
        assertEquals(List.of(2, 2, 1), pageSizes, "two ~2.4 K-character envelopes fit in 5000");
    }

    private static List<String> ids(SigningClient.Reply fetched) {
        return ((JsArray) fetched.body().get("messages")).items().stream()
                .map(m -> ((JsObject) m).string("id").orElseThrow()).toList();
    }

    @Test
    void theCapsMustBePositiveAndTheSettingsCarryTheDefaults() {
        assertThrows(IllegalArgumentException.class, () -> new RelayCaps(0, 1, 1, 1, 1, 1));
        assertEquals(RelayCaps.defaults(), RelaySettings.defaults().caps());
    }
}
