package org.peerlink.launcher;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.peerlink.relay.storage.SweepResult;

/**
 * Deletes expired relay data in the background, one sweep per interval. Expired rows are already invisible to
 * requests; sweeping only gives the space back, so a failed sweep is logged and retried next time.
 */
final class ExpirySweeper implements AutoCloseable {

    /** How long {@link #close()} waits for a sweep in progress. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOGGER = System.getLogger(ExpirySweeper.class.getName());

    private final Supplier<SweepResult> sweep;
    private final ScheduledExecutorService executor;

    private ExpirySweeper(Supplier<SweepResult> sweep) {
        this.sweep = sweep;
        // a daemon thread: a sweeper must never be what keeps the JVM alive
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("peerlink-expiry-sweeper").daemon().factory());
    }

    /**
     * Start sweeping; the first sweep runs one interval from now.
     *
     * @param sweep    one sweep (e.g. {@code relayService::sweep})
     * @param interval pause between the end of one sweep and the start of the next
     * @return the running sweeper
     */
    static ExpirySweeper start(Supplier<SweepResult> sweep, Duration interval) {
        ExpirySweeper sweeper = new ExpirySweeper(sweep);
        long millis = interval.toMillis();
        sweeper.executor.scheduleWithFixedDelay(sweeper::sweepOnce, millis, millis, TimeUnit.MILLISECONDS);
        return sweeper;
    }

    private void sweepOnce() {
        try {
            SweepResult result = sweep.get();
            if (result.total() > 0) {
                LOGGER.log(Level.DEBUG, "expired data deleted: {0} envelopes, {1} ack tombstones, {2} blobs, "
                                   + "{3} upload sessions",
                           result.envelopes(), result.tombstones(), result.blobs(), result.uploadSessions());
            }
        } catch (RuntimeException e) {
            // an exception escaping a periodic task would silently cancel every later run
            LOGGER.log(Level.WARNING, "expiry sweep failed; retrying at the next interval", e);
        }
    }

    /**
     * Stop: no new sweep starts, and one in progress is waited for (not interrupted: an interrupt inside a
     * database write can close the store's file channel), so the database can be closed right after.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.log(Level.WARNING, "expiry sweep still running after {0} s; closing anyway",
                           STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
