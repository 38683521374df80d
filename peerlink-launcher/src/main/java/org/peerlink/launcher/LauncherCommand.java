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
     * An operator's command: {@code admin pins list}, {@code admin pins release PEER_ID} (on the data directory of
     * a stopped server), {@code admin backup --to FILE}, {@code admin restore --from FILE}, {@code admin stats}.
     *
     * @param action   what to do
     * @param argument the peerId to release, the backup file to write or to restore; null for the others
     * @param options  the options the server runs with: its data directory, its admin listener
     */
    record Admin(AdminAction action, String argument, LauncherOptions options) implements LauncherCommand {
    }

    /** The admin commands. */
    enum AdminAction {
        LIST_PINS, RELEASE_PIN, BACKUP, RESTORE, STATS
    }
}
