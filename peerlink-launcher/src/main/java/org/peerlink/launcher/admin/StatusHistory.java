package org.peerlink.launcher.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The last hour of {@link StatusCounts}, one every {@link #INTERVAL_SECONDS} seconds, for the status page's charts:
 * a browser that opens the page sees the hour before it, not only what happens while it watches.
 */
public final class StatusHistory implements AutoCloseable {

    /** Seconds between two samples. */
    public static final int INTERVAL_SECONDS = 10;
    /** Samples kept: one hour. */
    static final int CAPACITY = 3600 / INTERVAL_SECONDS;

    private final Supplier<StatusCounts> source;
    private final ArrayDeque<StatusCounts> samples = new ArrayDeque<>(CAPACITY + 1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peerlink-status-history").daemon(true).factory());

    /**
     * Starts sampling at once.
     *
     * @param source reads the numbers now
     */
    public StatusHistory(Supplier<StatusCounts> source) {
        this.source = source;
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            StatusCounts now = source.get();
            synchronized (samples) {
                samples.addLast(now);
                if (samples.size() > CAPACITY) {
                    samples.removeFirst();
                }
            }
        } catch (RuntimeException e) {
            // a failing read (a closed store at shutdown) leaves a gap in the chart, not a dead timer
        }
    }

    /**
     * The samples, oldest first.
     *
     * @return at most an hour of them
     */
    public List<StatusCounts> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
