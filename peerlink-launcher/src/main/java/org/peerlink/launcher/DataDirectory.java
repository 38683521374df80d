package org.peerlink.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes sure the data directory exists and is writable before any listener starts.
 */
final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * Create the directory if missing and check that we can create files in it.
     *
     * @param dir directory from the options
     * @return absolute, normalized path of the directory
     * @throws StartupException if it cannot be created or written
     */
    static Path prepare(Path dir) throws StartupException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new StartupException("data directory " + absolute + " exists but is not a directory");
        }
        try {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("data directory " + absolute + " cannot be created: "
                                               + e.getFile() + " exists but is not a directory", e);
        } catch (IOException | SecurityException e) {
            throw new StartupException("data directory " + absolute + " cannot be created: "
                                               + describe(e, absolute), e);
        }
        try {
            Path probe = Files.createTempFile(absolute, ".peerlink-write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartupException("data directory " + absolute + " is not writable: "
                                               + describe(e, absolute), e);
        }
        return absolute;
    }

    private static String describe(Exception e, Path dir) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException nsf) {
            return withFile("no such file or directory", nsf, dir);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return withFile(fse.getReason().toLowerCase(Locale.ROOT), fse, dir);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // mention the file only if it is not the data directory itself (that one is already in the message)
    private static String withFile(String reason, FileSystemException e, Path dir) {
        if (e.getFile() == null || Path.of(e.getFile()).toAbsolutePath().normalize().equals(dir)) {
            return reason;
        }
        return reason + " (" + e.getFile() + ")";
    }
}
