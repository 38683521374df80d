package org.peerlink.loadgen.stats;

import java.util.Arrays;

/**
 * Latency samples of one worker thread, in nanoseconds. Not thread-safe: each worker owns one and the results are
 * merged when the phase is over, so recording is an array store and nothing else.
 */
public final class LatencyRecorder {

    private long[] samples = new long[4096];
    private int count;

    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    public int count() {
        return count;
    }

    /** Forgets what was recorded (after a warm-up). */
    public void clear() {
        count = 0;
    }

    long[] samples() {
        return samples;
    }
}
