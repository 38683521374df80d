package org.peerlink.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;

import org.peerlink.launcher.admin.BackupService;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.h2.H2Restore;

/**
 * {@code admin backup --to FILE} and {@code admin restore --from FILE}. A backup asks the running server's admin
 * listener ({@code --admin-host}, {@code --admin-port}); with no server answering there it copies the
 * {@code --data-dir} directly.
 */
final class StoreBackupCommands {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A backup of a large store takes a while. */
    private static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(30);

    private StoreBackupCommands() {
    }

    static int backup(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        Path target = Path.of(command.argument()).toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        URI uri = command.options().admin().uri(BackupService.PATH);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            String source;
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(BACKUP_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        err.println("peerlink: the server at " + uri + " answered " + response.statusCode() + ": "
                                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                        return Main.EXIT_STARTUP_FAILED;
                    }
                    Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                source = "the running server (" + uri + ")";
            } catch (ConnectException nobodyListens) {
                Path dataDir = command.options().dataDir();
                if (!Files.exists(dataDir.resolve(H2Database.FILE_NAME))) {
                    err.println("peerlink: no server answers at " + uri + " and " + dataDir.toAbsolutePath()
                            + " holds no database: give the server's --admin-port or --data-dir");
                    return Main.EXIT_STARTUP_FAILED;
                }
                try (H2Database database = H2Database.open(dataDir)) {
                    database.backupTo(partial);
                }
                source = "the stopped server's " + dataDir.toAbsolutePath();
            }
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("backup of " + source + " written to " + target + " (" + Files.size(target) + " bytes)");
            out.flush();
            return 0;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("peerlink: backup failed: " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_STARTUP_FAILED;
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .part file is not a backup and says so by its name
            }
        }
    }

    static int restore(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        Path from = Path.of(command.argument());
        Path dataDir = command.options().dataDir();
        if (!Files.isRegularFile(from)) {
            err.println("peerlink: no backup file at " + from.toAbsolutePath());
            return Main.EXIT_STARTUP_FAILED;
        }
        try {
            long size = H2Restore.restore(from, dataDir);
            out.println("restored " + from + " into " + dataDir.toAbsolutePath() + " (" + size
                    + " bytes): start the server on this data directory");
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("peerlink: restore failed: " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        }
    }

}
