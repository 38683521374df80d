package org.peerlink.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * The relay's tunable limits, read once at start-up.
 *
 * @param messageRetention   how long a queued envelope waits at most (an envelope's own shorter ttl wins)
 * @param tombstoneRetention how long an acked (to, id) is remembered so a late re-store is a duplicate; it must
 *                           outlive any envelope that could still be re-sent, hence twice the retention by default
 * @param uploadSessionTtl   how long an unfinished chunked upload is kept
 * @param maxBlobTtl         upper bound for a blob's ttl; {@link Duration#ZERO} means none (the contract's
 *                           behaviour: a blob lives exactly its ttl)
 * @param maxBodyBytes       largest request body accepted, reported in the capabilities
 * @param caps               what one request may ask of the relay
 * @param bodyReadTimeout    how long a request body may take to arrive, from its first byte to its last; a
 *                           transport drops a connection whose body is slower (a client trickling a body in would
 *                           otherwise hold it for ever)
 * @param quotas             what the relay keeps on disk per queue and per sender, and its free-disk watermark
 */
public record RelaySettings(Duration messageRetention, Duration tombstoneRetention, Duration uploadSessionTtl,
                            Duration maxBlobTtl, long maxBodyBytes, RelayCaps caps, Duration bodyReadTimeout,
                            RelayQuotas quotas) {

    public static final Duration DEFAULT_MESSAGE_RETENTION = Duration.ofSeconds(86_400);
    public static final Duration DEFAULT_UPLOAD_SESSION_TTL = Duration.ofSeconds(21_600);
    public static final long DEFAULT_MAX_BODY_BYTES = 20L * 1024 * 1024;
    /** Seven times the app's blob ttl (one day): a huge ttl would keep a blob, and its disk, for ever. */
    public static final Duration DEFAULT_MAX_BLOB_TTL = Duration.ofDays(7);
    /** Three times the app's 20 s per request; a 1.4 MB chunk at 1 Mbit/s takes 12 s. */
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(60);

    public RelaySettings {
        Objects.requireNonNull(messageRetention);
        Objects.requireNonNull(tombstoneRetention);
        Objects.requireNonNull(uploadSessionTtl);
        Objects.requireNonNull(maxBlobTtl);
        requirePositive("messageRetention", messageRetention);
        requirePositive("tombstoneRetention", tombstoneRetention);
        requirePositive("uploadSessionTtl", uploadSessionTtl);
        if (maxBlobTtl.isNegative()) {
            throw new IllegalArgumentException("maxBlobTtl must not be negative");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        Objects.requireNonNull(caps);
        Objects.requireNonNull(bodyReadTimeout);
        requirePositive("bodyReadTimeout", bodyReadTimeout);
        Objects.requireNonNull(quotas);
    }

    /** Settings with the default caps, body read timeout and quotas. */
    public RelaySettings(Duration messageRetention, Duration tombstoneRetention, Duration uploadSessionTtl,
                         Duration maxBlobTtl, long maxBodyBytes) {
        this(messageRetention, tombstoneRetention, uploadSessionTtl, maxBlobTtl, maxBodyBytes, RelayCaps.defaults(),
                DEFAULT_BODY_READ_TIMEOUT, RelayQuotas.defaults());
    }

    public RelaySettings withCaps(RelayCaps newCaps) {
        return new RelaySettings(messageRetention, tombstoneRetention, uploadSessionTtl, maxBlobTtl, maxBodyBytes,
                newCaps, bodyReadTimeout, quotas);
    }

    public RelaySettings withBodyReadTimeout(Duration timeout) {
        return new RelaySettings(messageRetention, tombstoneRetention, uploadSessionTtl, maxBlobTtl, maxBodyBytes,
                caps, timeout, quotas);
    }

    public RelaySettings withQuotas(RelayQuotas newQuotas) {
        return new RelaySettings(messageRetention, tombstoneRetention, uploadSessionTtl, maxBlobTtl, maxBodyBytes,
                caps, bodyReadTimeout, newQuotas);
    }

    /** The contract's defaults. */
    public static RelaySettings defaults() {
        return withRetention(DEFAULT_MESSAGE_RETENTION);
    }

    /** Defaults with another message retention; tombstones follow it (twice as long). */
    public static RelaySettings withRetention(Duration messageRetention) {
        return new RelaySettings(messageRetention, messageRetention.multipliedBy(2), DEFAULT_UPLOAD_SESSION_TTL,
                DEFAULT_MAX_BLOB_TTL, DEFAULT_MAX_BODY_BYTES);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
