package org.peerlink.launcher;

import java.util.List;

/**
 * What the command line asks for: the help text, starting the servers, an {@code infra} or an {@code admin}
 * command.
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

    /**
     * {@code admin pins list} or {@code admin pins release PEER_ID}: an operator's look at the identity pins of a
     * data directory whose server is stopped.
     *
     * @param action  what to do
     * @param peerId  the peerId to release, null for a list
     * @param options the options the server would run with (the data directory among them)
     */
    record Admin(AdminAction action, String peerId, LauncherOptions options) implements LauncherCommand {
    }

    /** The admin commands. */
    enum AdminAction {
        LIST_PINS, RELEASE_PIN
    }
}
