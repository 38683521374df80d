package org.peerlink.helidon.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The meters one server registered in a {@link MeterRegistry}, so that {@link #close()} can take them out again.
 * <p>
 * Helidon has one registry per process behind every {@code MeterRegistry} it hands out, and a name asked for twice
 * gets the first meter, gauges with the first one's supplier. A server that leaves its meters behind would keep a
 * stopped server's state alive and feed a second server in the same JVM (an embedder, a test) old numbers; so every
 * server registers through one of these and removes what it registered when it stops.
 */
public final class ServerMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> registered = new ArrayList<>();

    /**
     * @param registry where the meters go (the one {@code /observe/metrics} scrapes)
     */
    public ServerMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A counter.
     *
     * @param name        dotted name; Prometheus shows it with underscores and {@code _total}
     * @param description what it counts
     * @param tags        its labels
     * @return the counter
     */
    public Counter counter(String name, String description, Tag... tags) {
        return keep(registry.getOrCreate(Counter.builder(name).description(description).tags(List.of(tags))));
    }

    /**
     * A gauge read from {@code value} at each scrape.
     *
     * @param name        dotted name
     * @param description what it shows
     * @param value       its value now; called on the scrape's thread
     * @param tags        its labels
     * @return the gauge
     */
    public Gauge<Long> gauge(String name, String description, Supplier<Long> value, Tag... tags) {
        return keep(registry.getOrCreate(Gauge.builder(name, value).description(description).tags(List.of(tags))));
    }

    /**
     * A timer, as a Prometheus histogram in seconds with these bucket bounds.
     *
     * @param name        dotted name; Prometheus adds {@code _seconds}
     * @param description what it times
     * @param buckets     upper bounds of the histogram's buckets
     * @param tags        its labels
     * @return the timer
     */
    public Timer timer(String name, String description, List<Duration> buckets, Tag... tags) {
        return keep(registry.getOrCreate(Timer.builder(name).description(description).tags(List.of(tags))
                .buckets(buckets.toArray(Duration[]::new))));
    }

    /**
     * A distribution summary, as a Prometheus histogram with these bucket bounds.
     *
     * @param name        dotted name
     * @param description what it measures
     * @param buckets     upper bounds of the histogram's buckets
     * @return the summary
     */
    public DistributionSummary summary(String name, String description, double... buckets) {
        return keep(registry.getOrCreate(DistributionSummary.builder(name)
                .description(description)
                .distributionStatisticsConfig(DistributionStatisticsConfig.builder().buckets(buckets))));
    }

    private synchronized <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Takes every meter this server registered out of the registry. Idempotent. */
    @Override
    public synchronized void close() {
        for (Meter meter : registered) {
            registry.remove(meter);
        }
        registered.clear();
    }
}
