package org.peerlink.limits;

import java.time.Duration;
import java.util.Optional;

import org.peerlink.relay.RelayLimits;
import org.peerlink.relay.route.RelayEndpoint;

/** The relay's {@link RateLimits} as token buckets per client address and per signing key. */
public final class TokenBucketRelayLimits implements RelayLimits {

    /** Most keys (addresses, signing keys) one table tracks at once. */
    static final int MAX_KEYS = 100_000;

    private final KeyedBuckets readByAddress;
    private final KeyedBuckets writeByAddress;
    private final KeyedBuckets blobByAddress;
    private final KeyedBuckets writeByKey;

    public TokenBucketRelayLimits(RateLimits limits) {
        this(limits, LimitRejections.NONE);
    }

    /** @param rejections hears each refusal, by limit ({@code relay-read}, ...) */
    public TokenBucketRelayLimits(RateLimits limits, LimitRejections rejections) {
        this.readByAddress = new KeyedBuckets(limits.relayReadPerAddress(), MAX_KEYS, "relay-read", rejections);
        this.writeByAddress = new KeyedBuckets(limits.relayWritePerAddress(), MAX_KEYS, "relay-write", rejections);
        this.blobByAddress = new KeyedBuckets(limits.relayBlobPerAddress(), MAX_KEYS, "relay-blob", rejections);
        this.writeByKey = new KeyedBuckets(limits.relayWritePerKey(), MAX_KEYS, "relay-key", rejections);
    }

    @Override
    public Optional<Duration> admit(RelayEndpoint endpoint, String clientAddress) {
        if (clientAddress.isEmpty()) {
            return Optional.empty();
        }
        return switch (endpoint) {
            case HEALTH, PROBE, CAPABILITIES, FETCH -> readByAddress.take(clientAddress);
            case STORE, ACK, GROUP_STORE, MEMBERS_UPDATE -> writeByAddress.take(clientAddress);
            case BLOB_UPLOAD, BLOB_CHUNK, BLOB_COMPLETE, BLOB -> blobByAddress.take(clientAddress);
        };
    }

    @Override
    public Optional<Duration> admitKey(RelayEndpoint endpoint, String signingKey) {
        return endpoint == RelayEndpoint.PROBE ? Optional.empty() : writeByKey.peek(signingKey);
    }

    @Override
    public void keyUsed(RelayEndpoint endpoint, String signingKey) {
        if (endpoint != RelayEndpoint.PROBE) {
            writeByKey.spend(signingKey);
        }
    }
}
