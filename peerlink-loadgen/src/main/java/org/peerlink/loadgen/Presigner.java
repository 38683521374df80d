package org.peerlink.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Builds signed requests before a measurement starts, on every core, so signing never competes with the server
 * while it is being measured. Request {@code i} is {@code build.apply(i)}.
 */
public final class Presigner {

    private Presigner() {
    }

    public static byte[][] build(int count, IntFunction<byte[]> build) {
        byte[][] requests = new byte[count][];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(Thread.ofPlatform().name("loadgen-presign-" + t).start(() -> {
                for (int i = first; i < count; i += threads) {
                    requests[i] = build.apply(i);
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pre-signing", e);
            }
        }
        return requests;
    }

    /** How many requests a run of {@code seconds} needs at up to {@code ratePerSecond}, at least {@code min}. */
    public static int sized(double ratePerSecond, double seconds, int min) {
        return (int) Math.max(min, Math.min(Integer.MAX_VALUE - 8, Math.ceil(ratePerSecond * seconds)));
    }
}
