package org.peerlink.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsString;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-key limit of signed writes: asked before anything is verified, spent only by a verified, done write. */
class RelayKeyLimitTest {

    private static final byte[] PAYLOAD = "hi".getBytes(StandardCharsets.UTF_8);

    private final RelaySigner alice = new RelaySigner(1);
    private final String aliceKey = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(alice.publicKey()));
    private final List<String> spent = new CopyOnWriteArrayList<>();
    private volatile boolean exhausted;

    private final RelayService relay = RelayService.builder(new InMemoryRelayStorage())
            .limits(new RelayLimits() {
                @Override
                public Optional<Duration> admit(RelayEndpoint endpoint, String clientAddress) {
                    return Optional.empty();
                }

                @Override
                public Optional<Duration> admitKey(RelayEndpoint endpoint, String signingKey) {
                    return exhausted ? Optional.of(Duration.ofMillis(2500)) : Optional.empty();
                }

                @Override
                public void keyUsed(RelayEndpoint endpoint, String signingKey) {
                    spent.add(endpoint + " " + signingKey);
                }
            })
            .build();
    private final SigningClient client = new SigningClient(relay, 1);

    @Test
    void onlyAVerifiedDoneWriteSpendsItsKeysAllowance() {
        assertEquals(RelayStatus.OK, client.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", PAYLOAD)
                .build()).status());
        // a forged write naming alice's key: refused, and nothing of alice's allowance is spent
        SigningClient.Reply forged = client.post(RelayEndpoint.STORE, RelaySigner.with(
                alice.store("m2", "alice", "bob", PAYLOAD).build(), "sig", new JsString(
                        Base64.getEncoder().encodeToString(new byte[64]))));
        assertEquals(RelayStatus.UNAUTHORIZED, forged.status());
        assertEquals(List.of("STORE " + aliceKey), spent);
    }

    @Test
    void aKeyOverItsLimitGets429BeforeAnythingIsStored() {
        exhausted = true;
        SigningClient.Reply limited = client.post(RelayEndpoint.STORE, alice.store("m1", "alice", "bob", PAYLOAD)
                .build());
        assertEquals(RelayStatus.TOO_MANY_REQUESTS, limited.status());
        assertEquals("{\"error\":\"rate limited\",\"retryAfterSeconds\":3}", limited.text());
        exhausted = false;
        assertEquals(List.of(), ((JsArray) client.fetch("bob", null, null).body()
                .get("messages")).items());
    }
}
