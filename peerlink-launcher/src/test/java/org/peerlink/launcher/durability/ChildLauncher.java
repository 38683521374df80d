package org.peerlink.launcher.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.peerlink.launcher.Main;

/**
 * The launcher ({@link Main}) in a child JVM with the test classpath, relay only (unless the launcher options say
 * otherwise, e.g. {@link #BOTH_SERVICES}), on a given data directory: for tests that kill the process or limit its
 * heap. Always {@link #close()} it (kills what is still running).
 */
public final class ChildLauncher implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    /** Launcher options that add the signal listener on a free port ({@link #signalPort()}). */
    public static final List<String> BOTH_SERVICES = List.of("--services", "relay,signal", "--signal-port", "0");

    private static final Pattern LISTENING =
            Pattern.compile("peerlink (relay|signal|admin) listening on (?:http|ws)://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path stderr;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Integer> signalPort = new CompletableFuture<>();
    private final CompletableFuture<Integer> adminPort = new CompletableFuture<>();
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;

    private ChildLauncher(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdoutReader = Thread.ofVirtual().name("child-stdout").start(this::readStdout);
    }

    /**
     * Start a child; does not wait for it to listen.
     *
     * @param dataDir    its data directory
     * @param stderr     file that receives its log
     * @param jvmOptions e.g. {@code -Xmx96m}
     * @return the running child
     * @throws IOException if it cannot be started
     */
    public static ChildLauncher start(Path dataDir, Path stderr, List<String> jvmOptions) throws IOException {
        return start(dataDir, stderr, jvmOptions, List.of());
    }

    /** The same with launcher options after the child's own. */
    public static ChildLauncher start(Path dataDir, Path stderr, List<String> jvmOptions, List<String> launcherOptions)
            throws IOException {
        return start(List.of(), dataDir, stderr, jvmOptions, launcherOptions);
    }

    /** The same run by {@code wrapper} (e.g. {@code prlimit --nofile=N:N}), which execs the rest. */
    public static ChildLauncher start(List<String> wrapper, Path dataDir, Path stderr, List<String> jvmOptions,
                               List<String> launcherOptions) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        // No drain on SIGTERM unless a test asks for it (the last occurrence of an option wins).
        command.addAll(List.of("--relay-port", "0", "--services", "relay", "--admin-port", "0", "--drain-delay", "0",
                "--drain-window", "0", "--data-dir", dataDir.toString()));
        command.addAll(launcherOptions);
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(stderr.toFile())
                .start();
        return new ChildLauncher(process, stderr);
    }

    /**
     * Start a child and wait until its relay listens.
     *
     * @param dataDir    its data directory
     * @param stderr     file that receives its log
     * @param jvmOptions JVM options
     * @return the listening child
     * @throws Exception if it does not listen within {@link #START_TIMEOUT} (it is killed then)
     */
    public static ChildLauncher listening(Path dataDir, Path stderr, List<String> jvmOptions) throws Exception {
        return listening(dataDir, stderr, jvmOptions, List.of());
    }

    /** The same with launcher options after the child's own. */
    public static ChildLauncher listening(Path dataDir, Path stderr, List<String> jvmOptions, List<String> launcherOptions)
            throws Exception {
        ChildLauncher child = start(dataDir, stderr, jvmOptions, launcherOptions);
        try {
            child.port();
            return child;
        } catch (Exception | AssertionError e) {
            child.close();
            throw e;
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                              StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                stdout.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    CompletableFuture<Integer> listener = switch (m.group(1)) {
                        case "relay" -> port;
                        case "signal" -> signalPort;
                        default -> adminPort;
                    };
                    listener.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        port.completeExceptionally(new IllegalStateException("child exited without listening"));
        signalPort.completeExceptionally(new IllegalStateException("child exited without a signal listener"));
        adminPort.completeExceptionally(new IllegalStateException("child exited without an admin listener"));
    }

    /**
     * The relay port, waiting for the "listening" line.
     *
     * @return port
     * @throws Exception if the child does not listen within {@link #START_TIMEOUT}
     */
    public int port() throws Exception {
        return await(port);
    }

    /**
     * The signal port, of a child started with the signal service ({@link #BOTH_SERVICES}).
     *
     * @return port
     * @throws Exception if the child does not listen within {@link #START_TIMEOUT}
     */
    public int signalPort() throws Exception {
        return await(signalPort);
    }

    /** The admin listener's port, once it listens. */
    public int adminPort() throws Exception {
        return await(adminPort);
    }

    private int await(CompletableFuture<Integer> listening) throws Exception {
        try {
            return listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("child did not start listening: " + e.getMessage() + "\n" + log(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The child's resident memory now ({@code VmRSS} in {@code /proc/PID/status}).
     *
     * @return bytes, or -1 once the process is gone (or where there is no /proc)
     */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /**
     * Wait for the child to exit.
     *
     * @return its exit code
     * @throws Exception if it does not exit within {@link #EXIT_TIMEOUT}
     */
    public int waitForExit() throws Exception {
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit within " + EXIT_TIMEOUT + "\n" + log());
        }
        stdoutReader.join(Duration.ofSeconds(5)); // its last lines may still be in the pipe
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws Exception {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM, without waiting for the exit. */
    public void sigterm() {
        // through the handle: Process.destroy() would also close our end of its stdout, losing its last lines
        process.toHandle().destroy();
    }

    /** SIGTERM: the launcher's shutdown hook stops the server and closes the database. */
    public int terminate() throws Exception {
        sigterm();
        return waitForExit();
    }

    /** What the child printed to stdout so far, line by line. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** What the child logged so far. */
    public String log() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the child if it still runs, and waits (bounded) for it to be gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
