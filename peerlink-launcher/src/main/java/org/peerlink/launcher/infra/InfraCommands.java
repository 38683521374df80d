package org.peerlink.launcher.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Runs an {@link InfraCommand} for {@code Main}.
 */
public final class InfraCommands {

    private InfraCommands() {
    }

    /**
     * Run it.
     *
     * @param command help or render
     * @param out     help text, progress lines
     * @param err     error line
     * @return exit code: 0 ok, 1 a file could not be written
     */
    public static int run(InfraCommand command, PrintStream out, PrintStream err) {
        return switch (command) {
            case InfraCommand.Help help -> {
                out.print(InfraUsage.text());
                out.flush();
                yield 0;
            }
            case InfraCommand.Render render -> {
                try {
                    InfraRenderer.render(render.settings(), out);
                    yield 0;
                } catch (IOException e) {
                    err.println("peerlink infra render: " + describe(e));
                    yield 1;
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
