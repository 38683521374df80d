package org.peerlink.launcher;

/**
 * What the command line asks for: the help text, or starting the servers.
 */
public sealed interface LauncherCommand {

    /**
     * {@code --help} was given.
     */
    record Help() implements LauncherCommand {
    }

    /**
     * Start the servers with these options.
     *
     * @param options parsed options
     */
    record Run(LauncherOptions options) implements LauncherCommand {
    }
}
