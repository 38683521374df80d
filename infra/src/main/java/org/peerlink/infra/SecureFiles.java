package org.peerlink.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a rendered file in one step: a temporary file next to it, created with its final permissions, then moved
 * over the old one. A reader (HAProxy reloading, a second render) never sees half a file, and a key is never
 * readable by others, not even for a moment.
 */
final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {
    }

    /**
     * Write a file only its owner may read (keys, secrets).
     *
     * @param path target
     * @param text content
     * @throws IOException if it cannot be written
     */
    static void writePrivate(Path path, String text) throws IOException {
        write(path, text, PRIVATE);
    }

    /**
     * Write a file everyone may read.
     *
     * @param path target
     * @param text content
     * @throws IOException if it cannot be written
     */
    static void writePublic(Path path, String text) throws IOException {
        write(path, text, PUBLIC);
    }

    /**
     * Write bytes only their owner may read.
     *
     * @param path  target
     * @param bytes content
     * @throws IOException if it cannot be written
     */
    static void writePrivate(Path path, byte[] bytes) throws IOException {
        write(path, bytes, PRIVATE);
    }

    private static void write(Path path, String text, Set<PosixFilePermission> permissions) throws IOException {
        write(path, text.getBytes(StandardCharsets.UTF_8), permissions);
    }

    private static void write(Path path, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp", attributes);
        try {
            Files.write(tmp, bytes);
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, permissions); // the umask may have taken some away
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
