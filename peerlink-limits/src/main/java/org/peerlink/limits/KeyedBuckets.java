package org.peerlink.limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/**
 * One token bucket per key (a client address, a signing key), all of one {@link RateLimit}. The table is bounded:
 * when it is full, the buckets that have refilled completely (their key has been quiet for a while) are dropped, and
 * if that frees nothing, a tenth of the table goes; a new key then starts with a full bucket, which only ever errs on
 * the client's side.
 */
final class KeyedBuckets {

    private final RateLimit limit;
    private final int maxKeys;
    private final String name;
    private final LimitRejections rejections;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyedBuckets(RateLimit limit, int maxKeys) {
        this(limit, maxKeys, "", LimitRejections.NONE);
    }

    /** @param name what {@code rejections} hears this limit called */
    KeyedBuckets(RateLimit limit, int maxKeys, String name, LimitRejections rejections) {
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.name = name;
        this.rejections = rejections;
    }

    /** Takes a token for {@code key}: empty when there was one, else how long until there is. */
    Optional<Duration> take(String key) {
        if (limit.unlimited()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                shrink();
            }
            bucket = buckets.computeIfAbsent(key, k -> newBucket(limit));
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        rejections.rejected(name);
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Whether {@code key} has a token, without taking it: empty when it has, else how long until it has. */
    Optional<Duration> peek(String key) {
        if (limit.unlimited()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return Optional.empty();
        }
        rejections.rejected(name);
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Takes a token for {@code key} whether or not it has one (a use that already happened). */
    void spend(String key) {
        if (limit.unlimited()) {
            return;
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                shrink();
            }
            bucket = buckets.computeIfAbsent(key, k -> newBucket(limit));
        }
        bucket.consumeIgnoringRateLimits(1);
    }

    int size() {
        return buckets.size();
    }

    static Bucket newBucket(RateLimit limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                        .refillGreedy(limit.perPeriod(), limit.period()))
                .build();
    }

    private synchronized void shrink() {
        if (buckets.size() < maxKeys) {
            return;
        }
        buckets.values().removeIf(b -> b.getAvailableTokens() >= limit.capacity());
        int toDrop = buckets.size() - maxKeys * 9 / 10;
        Iterator<String> keys = buckets.keySet().iterator();
        while (toDrop-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
