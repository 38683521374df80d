package org.peerlink.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;

/**
 * The time frame of a closed-loop workload: workers run through a warm-up (not counted, lets the server's JIT
 * settle), then a measured window, then stop. Workers check {@link #measuring()} when an operation completes
 * and count it only then; the server's CPU and RSS are measured over exactly that window.
 */
public final class Run {

    private volatile boolean measuring;
    private volatile boolean stopped;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public boolean measuring() {
        return measuring;
    }

    public boolean stopped() {
        return stopped;
    }

    /** Ends a run that was not driven by {@link #drive}. */
    public void stop() {
        measuring = false;
        stopped = true;
    }

    /** Counts a failed operation; the first one's description is reported. */
    public void failed(String what) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    public long failures() {
        return failures.get();
    }

    public Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /**
     * Starts the workers, lets them warm up, measures for {@code duration}, then stops and joins them.
     *
     * @return the measured window's usage
     */
    public PhaseMeter.Result drive(List<Thread> workers, Duration warmup, Duration duration,
                                   Optional<ProcessProbe> server) throws InterruptedException {
        workers.forEach(Thread::start);
        Thread.sleep(warmup);
        PhaseMeter meter = PhaseMeter.start(server);
        measuring = true;
        Thread.sleep(duration);
        measuring = false;
        PhaseMeter.Result result = meter.stop();
        stopped = true;
        for (Thread worker : workers) {
            worker.join();
        }
        return result;
    }

    /** Adds the failure lines to a report. */
    public void reportFailures(Report report) {
        report.put("failures", failures());
        firstFailure().ifPresent(f -> report.put("first failure", f));
    }
}
