package org.peerlink.launcher.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import org.peerlink.helidon.observe.ServerMeters;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StoredTotals;
import org.peerlink.store.jdbc.CommitListener;
import org.peerlink.store.jdbc.identity.JdbcIdentityPins;

/**
 * The store's meters: the database writer's commit times and batch sizes (from its {@link CommitListener} events),
 * and what is stored (envelopes queued, bytes by kind, identity pins), read at scrape time.
 */
public final class StoreMeters implements CommitListener {

    /** A commit takes about a millisecond (docs/PERFORMANCE.md); tens of milliseconds mean a slow or full disk. */
    static final List<Duration> COMMIT_BUCKETS = List.of(Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500));

    /** One scrape asks for four totals; one reading serves them all. */
    private static final long TOTALS_VALID_NANOS = 1_000_000_000L;

    private final Timer commit;
    private final DistributionSummary batch;
    private final Optional<RelayStorage> storage;
    private StoredTotals totals = new StoredTotals(0, 0, 0, 0);
    private long totalsReadNanos = System.nanoTime() - TOTALS_VALID_NANOS;

    private final JdbcIdentityPins pins;

    /**
     * Registers the meters.
     *
     * @param meters  where they go
     * @param storage the relay's store, if the relay runs (its gauges exist only then)
     * @param pins    the identity pins
     */
    public StoreMeters(ServerMeters meters, Optional<RelayStorage> storage, JdbcIdentityPins pins) {
        this.storage = storage;
        this.pins = pins;
        commit = meters.timer("peerlink.store.commit", "Time of one database transaction, writes to commit",
                COMMIT_BUCKETS);
        batch = meters.summary("peerlink.store.batch.size", "Writes one database transaction carried (group commit)",
                1, 2, 4, 8, 16, 32, 64, 128, 256);
        meters.gauge("peerlink.pins", "peerIds pinned to a signing key", () -> (long) pins.count());
        if (storage.isPresent()) {
            meters.gauge("peerlink.relay.queued.envelopes", "Envelopes waiting in the relay's queues",
                    () -> read(StoredTotals::queuedEnvelopes));
            meters.gauge("peerlink.relay.stored.bytes", "What the relay stores, by kind (envelopes: their text)",
                    () -> read(StoredTotals::envelopeChars), Tag.create("kind", "envelopes"));
            meters.gauge("peerlink.relay.stored.bytes", "What the relay stores, by kind (envelopes: their text)",
                    () -> read(StoredTotals::blobBytes), Tag.create("kind", "blobs"));
            meters.gauge("peerlink.relay.stored.bytes", "What the relay stores, by kind (envelopes: their text)",
                    () -> read(StoredTotals::uploadBytes), Tag.create("kind", "uploads"));
        }
    }

    /**
     * peerIds pinned now.
     *
     * @return {@code peerlink_pins}
     */
    public long pins() {
        return pins.count();
    }

    /**
     * The stored totals, at most a second old.
     *
     * @return totals; zero when the relay does not run or its store cannot be read
     */
    public synchronized StoredTotals totals() {
        long now = System.nanoTime();
        if (storage.isPresent() && now - totalsReadNanos >= TOTALS_VALID_NANOS) {
            try {
                totals = storage.get().totals(System.currentTimeMillis());
                totalsReadNanos = now;
            } catch (RuntimeException e) {
                // a closed or failing store: the last reading stays, readiness says what is wrong
            }
        }
        return totals;
    }

    private long read(ToLongFunction<StoredTotals> field) {
        return field.applyAsLong(totals());
    }

    @Override
    public void committed(int writes, long elapsedNanos) {
        commit.record(elapsedNanos, TimeUnit.NANOSECONDS);
        batch.record(writes);
    }
}
