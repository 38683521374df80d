package org.peerlink.helidon.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    private final ServerMeters meters;
    private final Map<RelayEndpoint, Timer> timers = new EnumMap<>(RelayEndpoint.class);
    private final Timer unknownTimer;
    private final Timer wrongMethodTimer;
    /** By endpoint label and status: a status an endpoint never answers never gets a meter. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    /**
     * Registers the meters.
     *
     * @param meters where they go
     */
    public RelayMeters(ServerMeters meters) {
        this.meters = meters;
        for (RelayEndpoint endpoint : RelayEndpoint.values()) {
            timers.put(endpoint, timer(label(endpoint)));
            counter(label(endpoint), RelayStatus.OK); // the usual answer, at zero from the start
        }
        unknownTimer = timer(UNKNOWN);
        wrongMethodTimer = timer(WRONG_METHOD);
    }

    private Timer timer(String endpoint) {
        return meters.timer("peerlink.relay.request", "Time the relay took to answer, by endpoint", REQUEST_BUCKETS,
                Tag.create("endpoint", endpoint));
    }

    private Counter counter(String endpoint, RelayStatus status) {
        String status3 = Integer.toString(status.httpStatus());
        return requests.computeIfAbsent(endpoint + ' ' + status3, key -> meters.counter("peerlink.relay.requests",
                "Relay requests answered, by endpoint and HTTP status", Tag.create("endpoint", endpoint),
                Tag.create("status", status3)));
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
        long total = 0;
        for (Map.Entry<String, Counter> series : requests.entrySet()) {
            String key = series.getKey();
            int status = Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1));
            if (status >= fromStatus && status < toStatus) {
                total += series.getValue().count();
            }
        }
        return total;
    }

    static String label(RelayEndpoint endpoint) {
        return endpoint.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void answered(RelayRoute route, RelayStatus status, long elapsedNanos) {
        String endpoint;
        Timer timer;
        switch (route) {
            case RelayRoute.Endpoint e -> {
                endpoint = label(e.endpoint());
                timer = timers.get(e.endpoint());
            }
            case RelayRoute.WrongMethod w -> {
                endpoint = WRONG_METHOD;
                timer = wrongMethodTimer;
            }
            case RelayRoute.Unknown u -> {
                endpoint = UNKNOWN;
                timer = unknownTimer;
            }
        }
        counter(endpoint, status).increment();
        timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
