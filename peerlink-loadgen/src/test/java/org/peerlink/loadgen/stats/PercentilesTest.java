package org.peerlink.loadgen.stats;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentilesTest {

    @Test
    void nearestRank() {
        Percentiles p = Percentiles.of(15, 20, 35, 40, 50);
        assertEquals(15, p.percentile(5));
        assertEquals(20, p.percentile(30));
        assertEquals(20, p.percentile(40));
        assertEquals(35, p.percentile(50));
        assertEquals(50, p.percentile(100));
        assertEquals(50, p.max());
        assertEquals(32.0, p.mean());
    }

    @Test
    void ninetyNinthOfAHundredIsTheSecondLargest() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Percentiles p = Percentiles.of(samples);
        assertEquals(99, p.percentile(99));
        assertEquals(50, p.percentile(50));
        assertEquals(1, p.percentile(0.5));
    }

    @Test
    void recordersAreMerged() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 1; i <= 5000; i++) {
            a.record(i); // beyond the initial capacity
        }
        b.record(10_000);
        Percentiles p = Percentiles.of(List.of(a, b));
        assertEquals(5001, p.count());
        assertEquals(10_000, p.max());
        assertEquals(2501, p.percentile(50));
        a.clear();
        assertEquals(0, a.count());
    }

    @Test
    void mediansOfRounds() {
        assertEquals(2.0, Percentiles.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Percentiles.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(Double.NaN, Percentiles.median(List.of()));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalStateException.class, () -> Percentiles.of().percentile(50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1).percentile(101));
    }
}
