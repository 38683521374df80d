package org.peerlink.loadgen.proc;

import java.util.Optional;

/**
 * Measures one phase of a workload: the server's CPU time and RSS (start, peak, end) and the generator's own
 * CPU time. The peak comes from the kernel's {@code VmHWM} after resetting it at the start, and from a
 * sampling thread as a fallback where the reset is not permitted.
 */
public final class PhaseMeter {

    private static final long SAMPLE_INTERVAL_MS = 20;

    private final ProcessProbe server;
    private final ProcessProbe self = ProcessProbe.self();
    private long startNanos;
    private long serverCpuStart;
    private long serverSystemCpuStart;
    private long selfCpuStart;
    private long rssStart;
    private boolean peakReset;
    private volatile long sampledPeak;
    private volatile boolean sampling;
    private Thread sampler;

    private PhaseMeter(ProcessProbe server) {
        this.server = server;
    }

    /**
     * Starts measuring now.
     *
     * @param server the server process, or empty when no {@code --server-pid} was given (only the generator's
     *               CPU is measured then)
     */
    public static PhaseMeter start(Optional<ProcessProbe> server) {
        PhaseMeter meter = new PhaseMeter(server.orElse(null));
        meter.begin();
        return meter;
    }

    private void begin() {
        if (server != null) {
            peakReset = server.resetPeak();
            rssStart = server.rssBytes();
            sampledPeak = rssStart;
            sampling = true;
            sampler = Thread.ofPlatform().daemon(true).name("loadgen-rss-sampler").start(this::sample);
            serverCpuStart = server.cpuNanos();
            serverSystemCpuStart = server.systemCpuNanos();
        }
        selfCpuStart = self.cpuNanos();
        startNanos = System.nanoTime();
    }

    /** Ends the phase. */
    public Result stop() {
        long elapsed = System.nanoTime() - startNanos;
        long selfCpu = self.cpuNanos() - selfCpuStart;
        if (server == null) {
            return new Result(elapsed, selfCpu, Optional.empty());
        }
        long serverCpu = server.cpuNanos() - serverCpuStart;
        long serverSystemCpu = server.systemCpuNanos() - serverSystemCpuStart;
        sampling = false;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long rssEnd = server.rssBytes();
        long peak = Math.max(sampledPeak, rssEnd);
        if (peakReset) {
            peak = Math.max(peak, server.peakRssBytes());
        }
        return new Result(elapsed, selfCpu,
                Optional.of(new ServerUsage(serverCpu, serverSystemCpu, rssStart, peak, rssEnd)));
    }

    private void sample() {
        while (sampling) {
            try {
                sampledPeak = Math.max(sampledPeak, server.rssBytes());
                Thread.sleep(SAMPLE_INTERVAL_MS);
            } catch (InterruptedException | IllegalStateException e) {
                return; // the server went away; the last readings stand
            }
        }
    }

    /**
     * What a phase cost.
     *
     * @param elapsedNanos   wall time
     * @param generatorCpuNanos the generator's own CPU time (to see how much of the box it took)
     * @param server         the server's usage, when a PID was given
     */
    public record Result(long elapsedNanos, long generatorCpuNanos, Optional<ServerUsage> server) {
    }

    /**
     * The server's CPU time and RSS over a phase.
     *
     * @param cpuNanos  user + system CPU time used during the phase
     * @param systemCpuNanos the system (kernel) part of it
     * @param rssStart  RSS when the phase started
     * @param rssPeak   highest RSS during the phase
     * @param rssEnd    RSS when it ended
     */
    public record ServerUsage(long cpuNanos, long systemCpuNanos, long rssStart, long rssPeak, long rssEnd) {
        public long peakGrowth() {
            return rssPeak - rssStart;
        }
    }
}
