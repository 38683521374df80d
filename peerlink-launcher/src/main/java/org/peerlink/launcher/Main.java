package org.peerlink.launcher;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

import io.helidon.logging.common.LogConfig;

import org.peerlink.infra.InfraCommands;

import org.peerlink.options.UsageException;

/**
 * Command-line entry point: {@code java -jar peerlink-launcher.jar [options]}, or
 * {@code java -jar peerlink-launcher.jar infra render ...} for the deployment files, or
 * {@code java -jar peerlink-launcher.jar admin pins list|release PEER_ID} for the identity pins of a stopped server.
 * Exit codes: 0 after {@code --help} (or a finished {@code infra} command), 1 startup failure (or a file that
 * could not be written), 2 bad option or value. While running, stop it with
 * Ctrl-C / SIGTERM (a shutdown hook drains the server, stops the listeners gracefully, then closes the database).
 */
public final class Main {

    /** Exit code for a startup failure. */
    public static final int EXIT_STARTUP_FAILED = 1;
    /** Exit code for a bad option or value. */
    public static final int EXIT_USAGE = 2;
    /** Printed to stdout after a shutdown (Ctrl-C / SIGTERM) closed the database. */
    public static final String STOPPED = "peerlink stopped";

    private Main() {
    }

    /**
     * Start the launcher.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Outcome outcome = run(args, System.getenv(), System.out, System.err);
        if (outcome.server().isEmpty()) {
            System.exit(outcome.exitCode());
        }
        // The server's threads keep the JVM alive until Ctrl-C / SIGTERM; then the hook drains the server (not
        // ready, then the signal sockets closed with 1012), stops the listeners and closes the database after them.
        PeerLinkServer server = outcome.server().get();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("peerlink-shutdown").unstarted(() -> {
            server.drain();
            // On stdout like the "listening" lines, not in the log: JUL's own shutdown hook may already have
            // closed the log handlers.
            System.out.println(STOPPED);
            System.out.flush();
        }));
    }

    /**
     * Parse options and start, reporting problems as one line on {@code err}.
     *
     * @param args command-line arguments
     * @param env  environment variables
     * @param out  stdout (help text, "listening" lines)
     * @param err  stderr (errors)
     * @return the running server, or the exit code to exit with
     */
    public static Outcome run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        LauncherCommand command;
        try {
            command = LauncherOptionsParser.parse(args, env);
        } catch (UsageException e) {
            err.println("peerlink: " + e.getMessage());
            err.println(e.hint());
            return Outcome.exit(EXIT_USAGE);
        }

        return switch (command) {
            case LauncherCommand.Help help -> {
                out.print(Usage.text());
                out.flush();
                yield Outcome.exit(0);
            }
            case LauncherCommand.Infra infra -> Outcome.exit(InfraCommands.run(infra.args(), env, out, err));
            case LauncherCommand.Admin admin -> Outcome.exit(AdminCommands.run(admin, out, err));
            case LauncherCommand.Run run -> {
                if (run.options().log().format() == LogSettings.Format.JSON) {
                    JsonLogFormatter.install();
                }
                try {
                    yield Outcome.running(Launcher.start(run.options(), out));
                } catch (StartupException e) {
                    err.println("peerlink: " + e.getMessage());
                    yield Outcome.exit(EXIT_STARTUP_FAILED);
                }
            }
        };
    }

    /**
     * Result of {@link #run}: a running server, or an exit code.
     *
     * @param exitCode exit code (0 if running)
     * @param server   the running server, if started
     */
    public record Outcome(int exitCode, Optional<PeerLinkServer> server) {
        static Outcome exit(int code) {
            return new Outcome(code, Optional.empty());
        }

        static Outcome running(PeerLinkServer server) {
            return new Outcome(0, Optional.of(server));
        }
    }
}
