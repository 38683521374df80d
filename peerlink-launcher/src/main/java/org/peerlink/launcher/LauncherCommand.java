package org.peerlink.launcher;

import org.peerlink.launcher.infra.InfraCommand;

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
     * @param command the infra command
     */
    record Infra(InfraCommand command) implements LauncherCommand {
    }
}
