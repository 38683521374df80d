package org.peerlink.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program a test starts (HAProxy, coturn, the launcher), its output in a log file. {@link #close()} stops
 * exactly this process by its PID: SIGTERM, then SIGKILL after a bounded wait.
 */
public final class ExternalProcess implements AutoCloseable {

    /** Above the launcher's default drain on SIGTERM (6 s delay, 5 s window) and its stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private ExternalProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Start a program.
     *
     * @param name    short name for messages and the log file
     * @param command program and arguments
     * @param env     variables added to the inherited environment
     * @param logDir  where {@code <name>.log} (stdout and stderr) goes
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static ExternalProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        return new ExternalProcess(name, builder.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Wait until something accepts TCP connections on 127.0.0.1:{@code port} (this process, once started).
     *
     * @param port    port
     * @param timeout how long to wait
     * @throws Exception an AssertionError with this process's log if nothing listens in time
     */
    public void awaitTcpListener(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Socket probe = new Socket();
            try {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            } finally {
                probe.close();
            }
        }
        throw new AssertionError("nothing listens on " + port + ": " + describe());
    }

    /** The log for an assertion message. */
    public String describe() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                + ") log:\n" + log();
    }

    /** SIGTERM, without waiting. */
    public void sigterm() {
        process.toHandle().destroy();
    }

    /**
     * SIGTERM and wait.
     *
     * @return exit code
     * @throws InterruptedException if interrupted while waiting
     */
    public int terminate() throws InterruptedException {
        sigterm();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            terminate();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
