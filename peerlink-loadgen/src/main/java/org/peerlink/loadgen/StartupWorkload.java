package org.peerlink.loadgen;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.peerlink.loadgen.http.HttpConnection;
import org.peerlink.loadgen.http.HttpRequests;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.Percentiles;

/**
 * {@code startup}: starts the server command given after {@code --} (normally {@code java ... -jar
 * peerlink-launcher.jar ...}), times from process start to the first {@code GET /health} answered 200, waits
 * {@code --settle}, reads the idle RSS, and stops it with SIGTERM. Repeated {@code --repeat} times after
 * {@code --warmup-rounds} uncounted ones (which may create a class-data archive the later ones use); the data
 * directory in the command is reused, as on a restart.
 */
public final class StartupWorkload {

    private final Endpoint relay;
    private final int repeat;
    private final int warmupRounds;
    private final Duration settle;
    private final Duration timeout;
    private final List<String> command;

    public StartupWorkload(Options options, List<String> command) {
        relay = options.endpoint("relay", "http://127.0.0.1:4000");
        repeat = options.integer("repeat", 3);
        warmupRounds = options.integer("warmup-rounds", 0);
        settle = options.duration("settle", "5s");
        timeout = options.duration("timeout", "30s");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("startup: give the server command after --, e.g. "
                    + "startup --relay http://127.0.0.1:4000 -- java -jar peerlink-launcher.jar --data-dir /tmp/pl");
        }
        this.command = List.copyOf(command);
    }

    public Report run() throws IOException, InterruptedException {
        Report report = new Report()
                .put("workload", "startup")
                .put("command", String.join(" ", command))
                .put("probe", "GET http://" + relay.hostHeader() + "/health");
        List<Long> firstAnswers = new ArrayList<>();
        List<Long> idleRss = new ArrayList<>();
        for (int round = 1 - warmupRounds; round <= repeat; round++) {
            File log = File.createTempFile("peerlink-startup", ".log");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log).start();
            try {
                long answeredAfter = waitForHealth(process, start);
                Thread.sleep(settle);
                long rss = ProcessProbe.of(process.pid()).rssBytes();
                if (round > 0) {
                    firstAnswers.add(answeredAfter);
                    idleRss.add(rss);
                }
                String label = round > 0 ? "round " + round : "warm-up " + (round + warmupRounds);
                report.put(label, "first answer after " + Report.millis(answeredAfter) + " ms, idle rss "
                        + Units.formatBytes(rss) + " after " + settle.toSeconds() + " s");
            } finally {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            log.delete();
        }
        long[] answers = firstAnswers.stream().mapToLong(Long::longValue).toArray();
        long[] rss = idleRss.stream().mapToLong(Long::longValue).toArray();
        report.put("first answer median", Report.millis(Percentiles.of(answers).percentile(50)) + " ms");
        report.put("idle rss median", Units.formatBytes(Percentiles.of(rss).percentile(50)));
        return report;
    }

    /** Polls {@code /health} every 2 ms until it answers 200; returns the nanoseconds since {@code start}. */
    private long waitForHealth(Process process, long start) throws IOException, InterruptedException {
        byte[] health = HttpRequests.get(relay.hostHeader(), "/health");
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " before answering");
            }
            try (HttpConnection connection = new HttpConnection(relay)) {
                if (connection.exchange(health).status() == 200) {
                    return System.nanoTime() - start;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(2);
        }
        throw new IOException("no answer from /health within " + timeout.toSeconds() + " s");
    }
}
