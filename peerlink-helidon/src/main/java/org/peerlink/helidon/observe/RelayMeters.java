package org.peerlink.helidon.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import org.peerlink.relay.RelayEvents;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.route.RelayRoute;

/**
 * The relay's request meters, counted from its {@link RelayEvents}: requests by endpoint and status, and the time the
 * relay took to answer by endpoint. The endpoint label is the endpoint's name ({@code store}, {@code fetch},
 * {@code blob_chunk}); requests to no endpoint count as {@code unknown} or {@code wrong_method}.
 */
public final class RelayMeters implements RelayEvents {

    /** Answer times: a fetch takes well under a millisecond, a store waits for its commit, a blob for its bytes. */
    static final List<Duration> REQUEST_BUCKETS = List.of(Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    private static final String UNKNOWN = "unknown";
    private static final String WRONG_METHOD = "wrong_method";
    private static final RelayStatus[] STATUSES = RelayStatus.values();

    private final ServerMeters meters;
    private final Map<RelayEndpoint, Series> endpoints = new EnumMap<>(RelayEndpoint.class);
    private final Series unknown;
    private final Series wrongMethod;

    /**
     * Registers the meters.
     *
     * @param meters where they go
     */
    public RelayMeters(ServerMeters meters) {
        this.meters = meters;
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            Series series = new Series(label(endpoint));
            series.counter(RelayStatus.OK); // the usual answer, at zero from the start
            endpoints.put(endpoint, series);
        }
        unknown = new Series(UNKNOWN);
        wrongMethod = new Series(WRONG_METHOD);
    }

    /**
     * One endpoint label's meters, built once: answering a request allocates nothing. A status the endpoint never
     * answers never gets a counter.
     */
    private final class Series {
        private final String endpoint;
        private final Timer timer;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUSES.length);

        Series(String endpoint) {
            this.endpoint = endpoint;
            this.timer = meters.timer("peerlink.relay.request", "Time the relay took to answer, by endpoint",
                    REQUEST_BUCKETS, Tag.create("endpoint", endpoint));
        }

        Counter counter(RelayStatus status) {
            Counter counter = byStatus.get(status.ordinal());
            if (counter == null) {
                // two first answers at once both get the registry's one counter for these tags
                counter = meters.counter("peerlink.relay.requests", "Relay requests answered, by endpoint and HTTP"
                        + " status", Tag.create("endpoint", endpoint),
                        Tag.create("status", Integer.toString(status.httpStatus())));
                byStatus.set(status.ordinal(), counter);
            }
            return counter;
        }

        long answered(int fromStatus, int toStatus) {
            long total = 0;
            for (RelayStatus status : STATUSES) {
                Counter counter = byStatus.get(status.ordinal());
                if (counter != null && status.httpStatus() >= fromStatus && status.httpStatus() < toStatus) {
                    total += counter.count();
                }
            }
            return total;
        }
    }

    /**
     * Requests answered so far with a status in {@code [fromStatus, toStatus)}: the sum of the matching
     * {@code peerlink_relay_requests_total} series.
     *
     * @param fromStatus lowest status counted
     * @param toStatus   first status not counted
     * @return requests
     */
    public long answered(int fromStatus, int toStatus) {
        long total = unknown.answered(fromStatus, toStatus) + wrongMethod.answered(fromStatus, toStatus);
        for (Series series : endpoints.values()) {
            total += series.answered(fromStatus, toStatus);
        }
        return total;
    }

    static String label(RelayEndpoint endpoint) {
        return endpoint.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void answered(RelayRoute route, RelayStatus status, long elapsedNanos) {
        Series series = switch (route) {
            case RelayRoute.Endpoint e -> endpoints.get(e.endpoint());
            case RelayRoute.WrongMethod w -> wrongMethod;
            case RelayRoute.Unknown u -> unknown;
        };
        series.counter(status).increment();
        series.timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
