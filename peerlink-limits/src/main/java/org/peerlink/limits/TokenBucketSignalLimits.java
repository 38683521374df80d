package org.peerlink.limits;

import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.peerlink.signal.SignalLimits;

/** The signal service's {@link RateLimits} as token buckets per client address, signing key and connection. */
public final class TokenBucketSignalLimits implements SignalLimits {

    private final RateLimit messagesPerConnection;
    private final LimitRejections rejections;
    private final KeyedBuckets registerByAddress;
    private final KeyedBuckets registerByPeer;

    public TokenBucketSignalLimits(RateLimits limits) {
        this(limits, LimitRejections.NONE);
    }

    /** @param rejections hears each refusal, by limit ({@code register}, {@code register-peer}, ...) */
    public TokenBucketSignalLimits(RateLimits limits, LimitRejections rejections) {
        this.messagesPerConnection = limits.signalMessagesPerConnection();
        this.rejections = rejections;
        this.registerByAddress = new KeyedBuckets(limits.signalRegisterPerAddress(), TokenBucketRelayLimits.MAX_KEYS,
                "register", rejections);
        this.registerByPeer = new KeyedBuckets(limits.signalRegisterPerPeer(), TokenBucketRelayLimits.MAX_KEYS,
                "register-peer", rejections);
    }

    @Override
    public Optional<Duration> admitRegister(String address) {
        return address.isEmpty() ? Optional.empty() : registerByAddress.take(address);
    }

    @Override
    public Optional<Duration> admitVerifiedPeer(String peerId) {
        return registerByPeer.take(peerId);
    }

    @Override
    public FrameLimit frames(String address) {
        if (messagesPerConnection.unlimited()) {
            return FrameLimit.NONE;
        }
        // One bucket per connection, which lives as long as it: no table to bound.
        Bucket bucket = KeyedBuckets.newBucket(messagesPerConnection);
        return () -> {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return Optional.empty();
            }
            rejections.rejected("signal-messages");
            return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        };
    }
}
