package org.peerlink.launcher.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;

import org.peerlink.helidon.observe.ServerMeters;
import org.peerlink.limits.LimitRejections;

/** {@code peerlink_limits_rejected_total{limit}}: what each rate limit refused. */
public final class LimitMeters implements LimitRejections {

    /** The limits the token buckets name (the {@code --rate-*} options), at zero from the start. */
    static final List<String> LIMITS = List.of("relay-read", "relay-write", "relay-blob", "relay-key", "register",
            "register-peer", "signal-messages");

    private final ServerMeters meters;
    private final Map<String, Counter> byLimit = new ConcurrentHashMap<>();

    /**
     * Registers the meters.
     *
     * @param meters where they go
     */
    public LimitMeters(ServerMeters meters) {
        this.meters = meters;
        LIMITS.forEach(this::counter);
    }

    private Counter counter(String limit) {
        return byLimit.computeIfAbsent(limit, name -> meters.counter("peerlink.limits.rejected",
                "Requests, registers and messages a rate limit refused, by limit", Tag.create("limit", name)));
    }

    @Override
    public void rejected(String limit) {
        counter(limit).increment();
    }
}
