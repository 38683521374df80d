package org.peerlink.store.jdbc.relay;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.testkit.TestDirs;

/**
 * An H2 relay store in a directory of its own for each test, for the contract tests' factories: registered as an
 * extension, it closes the database and deletes the directory after the test, once the contract has closed the store.
 */
final class TemporaryH2Store implements AfterEachCallback {

    private Path directory;
    private H2Database database;

    /** Opens the database, in a new directory the first time in a test and in the same one after {@link #restart}. */
    H2RelayStorage open() {
        if (directory == null) {
            directory = TestDirs.create("peerlink-h2-store-");
        }
        database = H2Database.open(directory);
        return new H2RelayStorage(database);
    }

    /** Closes the database, as a server stopping does, and opens it again; the caller has closed its store. */
    H2RelayStorage restart() {
        database.close();
        return open();
    }

    H2Database database() {
        return database;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            TestDirs.delete(directory);
            directory = null;
            database = null;
        }
    }
}
