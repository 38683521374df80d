package org.peerlink.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

import org.peerlink.identity.IdentityPin;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.identity.IdentitySchema;
import org.peerlink.store.jdbc.identity.JdbcIdentityPins;

/**
 * The {@code admin} commands: {@code admin pins list} and {@code admin pins release PEER_ID} here, against the data
 * directory of a stopped server (the database is locked by a running one, which then says so); backup, restore and
 * in {@link StoreBackupCommands}, stats in {@link StatsCommand}.
 */
final class AdminCommands {

    /** Exit code when the peerId to release has no pin. */
    static final int EXIT_NO_SUCH_PIN = 3;

    private AdminCommands() {
    }

    /** @return the exit code */
    static int run(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        return switch (command.action()) {
            case BACKUP -> StoreBackupCommands.backup(command, out, err);
            case RESTORE -> StoreBackupCommands.restore(command, out, err);
            case STATS -> StatsCommand.stats(command, out, err);
            case LIST_PINS, RELEASE_PIN -> pins(command, out, err);
        };
    }

    private static int pins(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        Path dataDir = command.options().dataDir();
        if (!Files.isDirectory(dataDir)) {
            err.println("peerlink: no data directory at " + dataDir.toAbsolutePath());
            return Main.EXIT_STARTUP_FAILED;
        }
        H2Database database;
        try {
            database = H2Database.open(dataDir);
        } catch (RuntimeException e) {
            err.println("peerlink: " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        }
        try (database) {
            IdentitySchema.migrate(database.dataSource());
            JdbcIdentityPins pins = new JdbcIdentityPins(database.dataSource(), database.writer());
            return switch (command.action()) {
                case LIST_PINS -> list(pins, out);
                case RELEASE_PIN -> release(pins, command.argument(), out, err);
                default -> throw new IllegalArgumentException(command.action().name());
            };
        } catch (SQLException | RuntimeException e) {
            err.println("peerlink: cannot read the identity pins in " + dataDir + ": " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        }
    }

    /** One line per pin: peerId, key, when pinned, when last used (tab-separated, for scripts). */
    private static int list(JdbcIdentityPins pins, PrintStream out) {
        for (IdentityPin pin : pins.list()) {
            out.println(pin.peerId() + "\t" + pin.signingKey() + "\t" + Instant.ofEpochMilli(pin.pinnedAtMs()) + "\t"
                    + Instant.ofEpochMilli(pin.lastUsedMs()));
        }
        out.flush();
        return 0;
    }

    private static int release(JdbcIdentityPins pins, String peerId, PrintStream out, PrintStream err) {
        if (!pins.release(peerId)) {
            err.println("peerlink: " + peerId + " has no pin");
            return EXIT_NO_SUCH_PIN;
        }
        out.println("released the pin of " + peerId + "; its next register pins it again");
        out.flush();
        return 0;
    }
}
