package org.peerlink.loadgen.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Exact percentiles over every recorded sample (nearest-rank definition: the p-th percentile is the smallest
 * sample such that at least p % of the samples are less than or equal to it). A run has at most a few million
 * samples, so sorting them all is cheap and avoids a histogram's bucket error.
 */
public final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Merges the samples of several recorders. */
    public static Percentiles of(Collection<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::count).sum();
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.samples(), 0, all, at, recorder.count());
            at += recorder.count();
        }
        Arrays.sort(all);
        return new Percentiles(all);
    }

    /** Over the given samples (copied). */
    public static Percentiles of(long... samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** The median of a few per-round figures (mean of the middle two for an even count; NaN for none). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public int count() {
        return sorted.length;
    }

    /**
     * The p-th percentile, 0 &lt; p ≤ 100.
     *
     * @throws IllegalStateException when there are no samples
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        return percentile(100);
    }

    public double mean() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        double sum = 0;
        for (long sample : sorted) {
            sum += sample;
        }
        return sum / sorted.length;
    }
}
