package org.peerlink.limits;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.signal.SignalLimits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets behind the relay's and the signal service's limits (issue 13, finding 10). */
class TokenBucketLimitsTest {

    /** Three at once, then one a minute: a client that keeps asking is refused with the time to wait. */
    private static final RateLimit SMALL = RateLimit.perMinute(3, 1);

    private static RateLimits small() {
        return new RateLimits(SMALL, SMALL, SMALL, SMALL, SMALL, SMALL, SMALL);
    }

    private static void admitsThreeThenRefuses(java.util.function.Supplier<Optional<Duration>> ask) {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), ask.get(), "request " + (i + 1) + " of the burst");
        }
        Optional<Duration> wait = ask.get();
        assertTrue(wait.isPresent(), "the fourth is refused");
        assertTrue(wait.get().compareTo(Duration.ZERO) > 0 && wait.get().compareTo(Duration.ofMinutes(1)) <= 0,
                wait.get().toString());
    }

    @Test
    void eachClientAddressHasItsOwnBucketPerClassOfRequest() {
        TokenBucketRelayLimits limits = new TokenBucketRelayLimits(small());
        admitsThreeThenRefuses(() -> limits.admit(RelayEndpoint.FETCH, "192.0.2.1"));
        assertEquals(Optional.empty(), limits.admit(RelayEndpoint.FETCH, "192.0.2.2"), "another address");
        assertEquals(Optional.empty(), limits.admit(RelayEndpoint.STORE, "192.0.2.1"), "writes have their own");
        assertTrue(limits.admit(RelayEndpoint.HEALTH, "192.0.2.1").isPresent(), "health and fetch share one");
        admitsThreeThenRefuses(() -> limits.admit(RelayEndpoint.BLOB_CHUNK, "192.0.2.3"));
    }

    @Test
    void anUnknownAddressIsNotLimitedByAddress() {
        TokenBucketRelayLimits limits = new TokenBucketRelayLimits(small());
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limits.admit(RelayEndpoint.FETCH, ""));
        }
    }

    @Test
    void aKeysAllowanceIsSpentOnlyByItsDoneWrites() {
        TokenBucketRelayLimits limits = new TokenBucketRelayLimits(small());
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limits.admitKey(RelayEndpoint.STORE, "key-a"), "looking spends nothing");
        }
        for (int i = 0; i < 3; i++) {
            limits.keyUsed(RelayEndpoint.STORE, "key-a");
        }
        assertTrue(limits.admitKey(RelayEndpoint.ACK, "key-a").isPresent(), "three done writes spent it");
        assertEquals(Optional.empty(), limits.admitKey(RelayEndpoint.STORE, "key-b"));
        assertEquals(Optional.empty(), limits.admitKey(RelayEndpoint.PROBE, "key-a"), "a probe is no write");
    }

    @Test
    void signalRegistersAreLimitedByAddressAndVerifiedPeerAndMessagesByConnection() {
        TokenBucketSignalLimits limits = new TokenBucketSignalLimits(small());
        admitsThreeThenRefuses(() -> limits.admitRegister("192.0.2.1"));
        assertEquals(Optional.empty(), limits.admitRegister(""));
        admitsThreeThenRefuses(() -> limits.admitVerifiedPeer("alice"));
        SignalLimits.FrameLimit first = limits.frames("192.0.2.1");
        SignalLimits.FrameLimit second = limits.frames("192.0.2.1");
        admitsThreeThenRefuses(first::admit);
        assertEquals(Optional.empty(), second.admit(), "each connection has its own");
    }

    @Test
    void theTableOfBucketsStaysBoundedUnderManyAddresses() {
        KeyedBuckets buckets = new KeyedBuckets(SMALL, 1000);
        for (int i = 0; i < 50_000; i++) {
            buckets.take("198.51.100." + i);
        }
        assertTrue(buckets.size() <= 1000, "held " + buckets.size());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RateLimits defaults = RateLimits.defaults();
        assertEquals("6000/2000", defaults.relayReadPerAddress().toString());
        assertEquals("3000/1200", defaults.relayWritePerAddress().toString());
        assertEquals("3000/1000", defaults.relayBlobPerAddress().toString());
        assertEquals("600/300", defaults.relayWritePerKey().toString());
        assertEquals("600/300", defaults.signalRegisterPerAddress().toString());
        assertEquals("30/20", defaults.signalRegisterPerPeer().toString());
        assertEquals("3000/60", defaults.signalMessagesPerConnection().toString());
    }
}
