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

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.launcher.admin.BackupService;
import org.peerlink.launcher.admin.StatusService;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.h2.H2Restore;

/**
 * {@code admin backup --to FILE}, {@code admin restore --from FILE} and {@code admin stats}. Backup and stats ask the
 * running server's admin listener ({@code --admin-host}, {@code --admin-port}); a backup with no server answering
 * there copies the {@code --data-dir} directly.
 */
final class StoreBackupCommands {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A backup of a large store takes a while; stats answer at once. */
    private static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(30);

    private StoreBackupCommands() {
    }

    static int backup(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        Path target = Path.of(command.argument()).toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        URI uri = adminUri(command.options(), BackupService.PATH);
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

    static int stats(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        URI uri = adminUri(command.options(), StatusService.JSON_PATH);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("peerlink: " + uri + " answered " + response.statusCode() + ": " + response.body());
                return Main.EXIT_STARTUP_FAILED;
            }
            JsObject status = (JsObject) JsonReader.parse(response.body());
            JsObject signal = (JsObject) status.get("signal");
            JsObject relay = (JsObject) status.get("relay");
            JsObject rates = (JsObject) status.get("perMinute");
            JsObject stored = (JsObject) relay.get("storedBytes");
            JsObject disk = (JsObject) status.get("disk");
            line(out, "version", status.string("version").orElse("?"));
            line(out, "uptime", text(status.get("uptimeSeconds")) + " s");
            line(out, "ready", text(status.get("ready")) + (text(status.get("draining")).equals("true")
                    ? " (draining)" : ""));
            line(out, "online peers", text(signal.get("onlinePeers")) + " (" + text(signal.get("connections"))
                    + " signal connections)");
            line(out, "registers", text(signal.get("registers")) + " (" + text(rates.get("registers"))
                    + "/min), rejected " + text(signal.get("rejections")) + " (" + text(rates.get("rejections"))
                    + "/min)");
            line(out, "relay requests", text(relay.get("requests")) + " (" + text(rates.get("relayRequests"))
                    + "/min), refused (4xx) " + text(relay.get("refused")) + ", errors (5xx) "
                    + text(relay.get("errors")));
            line(out, "queued envelopes", text(relay.get("queuedEnvelopes")));
            line(out, "stored bytes", "envelopes " + text(stored.get("envelopes")) + ", blobs "
                    + text(stored.get("blobs")) + ", uploads " + text(stored.get("uploads")));
            line(out, "identity pins", text(status.get("pins")));
            line(out, "disk", text(disk.get("usableBytes")) + " bytes free of " + text(disk.get("totalBytes"))
                    + ", database " + text(disk.get("databaseBytes")) + " bytes in "
                    + disk.string("dataDirectory").orElse("?"));
            out.flush();
            return 0;
        } catch (ConnectException e) {
            err.println("peerlink: no server answers at " + uri + " (is it running? its --admin-port?)");
            return Main.EXIT_STARTUP_FAILED;
        } catch (IOException | MalformedJsonException | RuntimeException e) {
            err.println("peerlink: cannot read " + uri + ": " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_STARTUP_FAILED;
        }
    }

    private static void line(PrintStream out, String name, String value) {
        out.println(String.format("%-17s %s", name, value));
    }

    private static String text(JsValue value) {
        return JsonWriter.stringify(value);
    }

    /** The admin listener of the server these options describe; a wildcard bind is reached on loopback. */
    private static URI adminUri(LauncherOptions options, String path) {
        String host = options.admin().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + options.admin().port() + path);
    }
}
