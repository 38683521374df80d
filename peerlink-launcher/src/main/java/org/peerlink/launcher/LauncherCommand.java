package org.peerlink.launcher;

import java.util.List;

/**
 * What the command line asks for: the help text, starting the servers, or an {@code infra} command.
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

    /**
     * {@code infra ...}: deployment files instead of servers.
     *
     * @param args the arguments after {@code infra}, for {@code InfraCommands}
     */
    record Infra(List<String> args) implements LauncherCommand {
        public Infra {
            args = List.copyOf(args);
        }
    }
}
