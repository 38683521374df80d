package org.peerlink.launcher.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.store.jdbc.h2.H2Database;

/**
 * {@code POST /admin/backup} on the admin listener: a consistent copy of the running server's database
 * ({@link H2Database#backupTo}), answered as a zip that {@code admin backup --to FILE} writes where the operator
 * wants it, also from outside a container. One at a time; the copy is made in the data directory first (it needs
 * that much free space) and removed once sent.
 */
public final class BackupService implements HttpService {

    /** The backup's path. */
    public static final String PATH = "/admin/backup";

    private static final System.Logger LOGGER = System.getLogger(BackupService.class.getName());

    private final H2Database database;
    private final Semaphore one = new Semaphore(1);

    /**
     * @param database the database to copy
     */
    public BackupService(H2Database database) {
        this.database = database;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH, this::backup);
    }

    private void backup(ServerRequest req, ServerResponse res) throws IOException {
        if (!one.tryAcquire()) {
            error(res, Status.CONFLICT_409, "a backup is running already; try again when it is done");
            return;
        }
        Path copy = database.directory().resolve("backup-" + UUID.randomUUID() + ".zip.tmp");
        try {
            long started = System.nanoTime();
            try {
                database.backupTo(copy);
            } catch (SQLException e) {
                LOGGER.log(System.Logger.Level.ERROR, "backup failed", e);
                error(res, Status.INTERNAL_SERVER_ERROR_500, "backup failed: " + e.getMessage());
                return;
            }
            long size = Files.size(copy);
            LOGGER.log(System.Logger.Level.INFO, "backup of " + size + " bytes made in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            res.header(HeaderNames.CONTENT_TYPE, "application/zip")
                    .header(HeaderNames.CONTENT_LENGTH, Long.toString(size));
            try (OutputStream out = res.outputStream()) {
                Files.copy(copy, out);
            }
        } finally {
            Files.deleteIfExists(copy);
            one.release();
        }
    }

    private static void error(ServerResponse res, Status status, String message) {
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON)
                .send(JsonWriter.stringify(JsObject.builder().put("error", message).build()));
    }
}
