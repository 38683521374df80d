package org.peerlink.store.jdbc.h2;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.peerlink.relay.storage.StorageException;

/**
 * Puts a backup ({@link H2Database#backupTo}) back into a data directory that has no database yet, and checks that
 * H2 opens what it restored. Never over an existing database: a restore that replaced live data by an older copy
 * would lose what was acknowledged since.
 */
public final class H2Restore {

    private H2Restore() {
    }

    /**
     * Restores {@code zip} into {@code dataDirectory} (created if missing).
     *
     * @param zip           a backup
     * @param dataDirectory where the server will run; it must not hold a database
     * @return the size of the restored database file in bytes
     * @throws StorageException if the directory holds a database, the file is not a PeerLink backup, or H2 cannot
     *                          open what was restored (the restored file is removed then); the message says which
     */
    public static long restore(Path zip, Path dataDirectory) {
        Path target = dataDirectory.resolve(H2Database.FILE_NAME);
        if (Files.exists(target)) {
            throw new StorageException(dataDirectory + " already holds a database (" + H2Database.FILE_NAME
                    + "): restore into an empty data directory, or move that one away first", null);
        }
        Path partial = dataDirectory.resolve(H2Database.FILE_NAME + ".restoring");
        try {
            Files.createDirectories(dataDirectory);
            long size = unzip(zip, partial);
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dataDirectory);
            verify(dataDirectory, target);
            return size;
        } catch (IOException e) {
            throw new StorageException("cannot restore " + zip + " into " + dataDirectory + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover partial file never opens as the database: it has another name
            }
        }
    }

    private static long unzip(Path zip, Path to) throws IOException {
        long size = -1;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (!entry.getName().equals(H2Database.FILE_NAME) || size >= 0) {
                    throw new StorageException(zip + " is not a PeerLink backup: it holds " + entry.getName()
                            + " where only one " + H2Database.FILE_NAME + " belongs", null);
                }
                try (OutputStream out = Files.newOutputStream(to)) {
                    size = in.transferTo(out);
                }
            }
        }
        if (size < 0) {
            throw new StorageException(zip + " is not a PeerLink backup: it holds no " + H2Database.FILE_NAME, null);
        }
        return size;
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void verify(Path dataDirectory, Path restored) throws IOException {
        try {
            H2Database.open(dataDirectory).close();
        } catch (RuntimeException e) {
            Files.deleteIfExists(restored);
            throw new StorageException("the restored database does not open, so it was removed again: "
                    + e.getMessage(), e);
        }
    }
}
