package org.peerlink.loadgen.proc;

import java.util.Optional;

/**
 * Parsing of the two {@code /proc/PID} files the generator reads. Kept free of I/O so it can be tested with
 * captured file contents.
 */
public final class ProcFiles {

    private ProcFiles() {
    }

    /**
     * User and system CPU time from a {@code /proc/PID/stat} line, in clock ticks. The second field (the command
     * name) is in parentheses and may itself contain spaces and parentheses, so fields are counted from the
     * last {@code ')'}: after it come state (field 3) ... utime (14) and stime (15).
     *
     * @throws IllegalArgumentException when the line is not a stat line
     */
    public static CpuTicks cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).strip().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        if (fields.length < 13) {
            throw new IllegalArgumentException("short /proc/PID/stat line: " + statLine);
        }
        return new CpuTicks(Long.parseLong(fields[14 - 3]), Long.parseLong(fields[15 - 3]));
    }

    /**
     * A {@code kB} value of {@code /proc/PID/status}, e.g. {@code VmRSS} or {@code VmHWM}, in bytes.
     *
     * @return empty when the key is absent (kernel threads have no VmRSS)
     */
    public static Optional<Long> statusBytes(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String value = line.substring(key.length() + 1).strip();
                if (!value.endsWith("kB")) {
                    throw new IllegalArgumentException("unexpected unit in " + line);
                }
                return Optional.of(Long.parseLong(value.substring(0, value.length() - 2).strip()) * 1024);
            }
        }
        return Optional.empty();
    }

    /**
     * CPU time of a process in clock ticks ({@code getconf CLK_TCK}, 100 on Linux/x86).
     *
     * @param user   utime
     * @param system stime
     */
    public record CpuTicks(long user, long system) {
        public long total() {
            return user + system;
        }
    }
}
