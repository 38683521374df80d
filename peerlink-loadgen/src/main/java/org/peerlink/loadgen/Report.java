package org.peerlink.loadgen;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.stats.Percentiles;

/**
 * The result lines of a run, in the order they were added, printed as {@code key: value} lines that are easy to
 * read and to grep (docs/PERFORMANCE.md quotes them).
 */
public final class Report {

    private final Map<String, String> lines = new LinkedHashMap<>();

    public Report put(String key, String value) {
        lines.put(key, value);
        return this;
    }

    public Report put(String key, long value) {
        return put(key, Long.toString(value));
    }

    public Report put(String key, double value, String unit) {
        return put(key, format(value) + (unit.isEmpty() ? "" : " " + unit));
    }

    /** Latency percentiles in milliseconds under {@code prefix}. */
    public Report latencies(String prefix, Percentiles latencies) {
        if (latencies.count() == 0) {
            return put(prefix, "no samples");
        }
        return put(prefix + " p50/p90/p99/max", String.format(Locale.ROOT, "%s / %s / %s / %s ms",
                millis(latencies.percentile(50)), millis(latencies.percentile(90)),
                millis(latencies.percentile(99)), millis(latencies.max())));
    }

    /**
     * Rate, CPU time per operation and RSS for a measured phase.
     *
     * @param unit       what one operation is ("req", "msg", "registration", ...)
     * @param operations operations completed in the phase
     */
    public Report usage(PhaseMeter.Result phase, String unit, long operations) {
        double seconds = phase.elapsedNanos() / 1e9;
        put("measured", format(seconds) + " s");
        put(unit + "s", operations);
        put("rate", operations / seconds, unit + "/s");
        phase.server().ifPresent(server -> {
            put("server cpu", String.format(Locale.ROOT, "%s s (%s cores, %s %% of it in the kernel)",
                    format(server.cpuNanos() / 1e9), format(server.cpuNanos() / (double) phase.elapsedNanos()),
                    format(100.0 * server.systemCpuNanos() / Math.max(1, server.cpuNanos()))));
            if (operations > 0) {
                put("server cpu per " + unit, server.cpuNanos() / 1e3 / operations, "µs");
            }
            rss(server);
        });
        put("generator cpu", String.format(Locale.ROOT, "%s s (%s cores)", format(phase.generatorCpuNanos() / 1e9),
                format(phase.generatorCpuNanos() / (double) phase.elapsedNanos())));
        return this;
    }

    /** Server RSS at start, peak and end of a phase. */
    public Report rss(PhaseMeter.ServerUsage server) {
        return put("server rss start/peak/end", Units.formatBytes(server.rssStart()) + " / "
                + Units.formatBytes(server.rssPeak()) + " / " + Units.formatBytes(server.rssEnd()));
    }

    public void print(PrintStream out) {
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        lines.forEach((key, value) -> out.println(" ".repeat(width - key.length()) + key + ": " + value));
        out.flush();
    }

    public static String millis(long nanos) {
        return format(nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Three significant digits, at least; never scientific notation. */
    public static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
