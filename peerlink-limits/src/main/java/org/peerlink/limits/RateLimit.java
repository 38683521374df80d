package org.peerlink.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One token bucket's shape: {@code capacity} requests at once (the burst), refilled at {@code perPeriod} per
 * {@code period}.
 */
public record RateLimit(long capacity, long perPeriod, Duration period) {

    /** No limit at all ({@code off}). */
    public static final RateLimit UNLIMITED = new RateLimit(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofMinutes(1));

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (capacity < 1 || perPeriod < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive capacity and rate");
        }
    }

    /** {@code capacity} at once and {@code perMinute} a minute. */
    public static RateLimit perMinute(long capacity, long perMinute) {
        return new RateLimit(capacity, perMinute, Duration.ofMinutes(1));
    }

    public boolean unlimited() {
        return equals(UNLIMITED);
    }

    /**
     * An option's value: {@code PER_MINUTE/BURST} ({@code 3000/1200}), or {@code off}.
     *
     * @return the limit, empty when the text is neither
     */
    public static Optional<RateLimit> parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("off")) {
            return Optional.of(UNLIMITED);
        }
        int slash = value.indexOf('/');
        try {
            long perMinute = Long.parseLong(value.substring(0, slash).strip());
            long burst = Long.parseLong(value.substring(slash + 1).strip());
            if (perMinute >= 1 && burst >= 1 && perMinute <= 100_000_000 && burst <= 100_000_000) {
                return Optional.of(perMinute(burst, perMinute));
            }
        } catch (RuntimeException e) {
            // no slash or no numbers: not a rate
        }
        return Optional.empty();
    }

    /** As an option's value: {@code PER_MINUTE/BURST}, e.g. {@code 3000/1200}, or {@code off}. */
    @Override
    public String toString() {
        if (unlimited()) {
            return "off";
        }
        return period.equals(Duration.ofMinutes(1)) ? perPeriod + "/" + capacity
                : perPeriod + " per " + period + ", burst " + capacity;
    }
}
