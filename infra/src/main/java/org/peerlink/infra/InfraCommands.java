package org.peerlink.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.peerlink.options.UsageException;

/**
 * {@code infra ...}: the launcher hands it the arguments after {@code infra} ({@code java -jar peerlink-launcher.jar
 * infra render ...}), so that the deployment files come from the same jar as the servers.
 */
public final class InfraCommands {

    /** Exit code for a file that could not be written. */
    public static final int EXIT_WRITE_FAILED = 1;
    /** Exit code for a bad option or value, as the launcher's. */
    public static final int EXIT_USAGE = 2;

    private InfraCommands() {
    }

    /**
     * Parse and run; a bad option is one line on {@code err}, then the hint to the help.
     *
     * @param args the arguments after {@code infra}
     * @param env  environment variables
     * @param out  help text, progress lines
     * @param err  error lines
     * @return exit code: 0 ok, {@link #EXIT_WRITE_FAILED}, {@link #EXIT_USAGE}
     */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        InfraCommand command;
        try {
            command = InfraOptionsParser.parse(args.toArray(String[]::new), env);
        } catch (UsageException e) {
            err.println("peerlink: " + e.getMessage());
            err.println(e.hint());
            return EXIT_USAGE;
        }
        return run(command, out, err);
    }

    /**
     * Run it.
     *
     * @param command help or render
     * @param out     help text, progress lines
     * @param err     error line
     * @return exit code: 0 ok, {@link #EXIT_WRITE_FAILED}
     */
    private static int run(InfraCommand command, PrintStream out, PrintStream err) {
        return switch (command) {
            case InfraCommand.Help help -> {
                out.print(InfraUsage.text());
                out.flush();
                yield 0;
            }
            case InfraCommand.Qr qr -> {
                try {
                    out.print(QrCode.of(qr.text()).terminal());
                    out.flush();
                    yield 0;
                } catch (IllegalArgumentException e) {
                    err.println("peerlink infra qr: " + e.getMessage());
                    yield EXIT_USAGE;
                }
            }
            case InfraCommand.Render render -> {
                try {
                    InfraRenderer.render(render.settings(), out);
                    yield 0;
                } catch (IOException e) {
                    err.println("peerlink infra render: " + describe(e));
                    yield EXIT_WRITE_FAILED;
                }
            }
        };
    }

    // NIO's messages are often just the path ("/etc/peerlink"); say what went wrong with it
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.ROOT) + ": " + fs.getFile();
        }
        return e.getMessage();
    }
}
