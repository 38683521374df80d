package org.peerlink.loadgen.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's CPU time and resident set size from {@code /proc}, and samples its RSS in the background to
 * catch the peak of a phase. Works for any PID the generator may read (the server's, or {@code self}).
 */
public final class ProcessProbe {

    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private final Path dir;
    private final long pid;

    private ProcessProbe(Path dir, long pid) {
        this.dir = dir;
        this.pid = pid;
    }

    /** The process with this PID. */
    public static ProcessProbe of(long pid) {
        return new ProcessProbe(Path.of("/proc", Long.toString(pid)), pid);
    }

    /** The generator itself. */
    public static ProcessProbe self() {
        return new ProcessProbe(Path.of("/proc/self"), ProcessHandle.current().pid());
    }

    /**
     * Asks the JVM with this PID for a full garbage collection ({@code jcmd PID GC.run}, with the generator's own
     * JDK), so that an RSS reading afterwards shows live data rather than garbage not yet collected. What a
     * collector gives back to the OS afterwards depends on its settings; the reading stays the OS's view.
     *
     * @throws IllegalStateException when jcmd fails (not a JVM, another user's process)
     */
    public void fullGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.run failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jcmd", e);
        }
    }

    /** Whether the process can be read (exists, and this is Linux). */
    public boolean readable() {
        return Files.isReadable(dir.resolve("stat"));
    }

    /** User + system CPU time so far, in nanoseconds (resolution: one clock tick, usually 10 ms). */
    public long cpuNanos() {
        ProcFiles.CpuTicks ticks = ProcFiles.cpuTicks(read("stat"));
        return TimeUnit.SECONDS.toNanos(ticks.total()) / CLOCK_TICKS_PER_SECOND;
    }

    /** System (kernel) CPU time so far, in nanoseconds: the part spent in system calls on the process's behalf. */
    public long systemCpuNanos() {
        ProcFiles.CpuTicks ticks = ProcFiles.cpuTicks(read("stat"));
        return TimeUnit.SECONDS.toNanos(ticks.system()) / CLOCK_TICKS_PER_SECOND;
    }

    /** Current resident set size in bytes. */
    public long rssBytes() {
        return ProcFiles.statusBytes(read("status"), "VmRSS").orElse(0L);
    }

    /** Peak resident set size in bytes since the process started or since {@link #resetPeak()}. */
    public long peakRssBytes() {
        return ProcFiles.statusBytes(read("status"), "VmHWM").orElse(0L);
    }

    /**
     * Resets the kernel's peak-RSS counter ({@code VmHWM}) to the current RSS by writing {@code 5} to
     * {@code clear_refs}, so a phase's peak can be read exactly afterwards.
     *
     * @return false when not permitted (another user's process): the caller falls back to sampling
     */
    public boolean resetPeak() {
        try {
            Files.writeString(dir.resolve("clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            if (getconf.waitFor() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // the Linux default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
