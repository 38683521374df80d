package org.peerlink.store.jdbc.h2;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.peerlink.relay.storage.StorageException;

/**
 * Exclusive use of a data directory by one {@link H2Database}, across processes (an OS file lock on
 * {@value #FILE_NAME}) and within this one (a registry: H2 would otherwise hand a second open of the same
 * file in the same JVM a session on the already open database, and closing a second channel on the lock file
 * could drop the first one's OS lock).
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "peerlink.lock";

    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** @param directory an existing directory, in its real (canonical) form */
    static DataDirectoryLock acquire(Path directory) {
        if (!HELD_IN_THIS_PROCESS.add(directory)) {
            throw new StorageException("data directory " + directory
                    + " is in use by another PeerLink database in this process", null);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUseByAnotherProcess(directory);
            }
            return new DataDirectoryLock(directory, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            HELD_IN_THIS_PROCESS.remove(directory);
            if (e instanceof StorageException storageException) {
                throw storageException;
            }
            throw new StorageException("cannot lock data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    static StorageException inUseByAnotherProcess(Path directory) {
        return new StorageException("data directory " + directory
                + " is in use by another PeerLink process; stop it or choose another data directory", null);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is letting go of the directory either way; the OS drops the lock with the descriptor.
        } finally {
            HELD_IN_THIS_PROCESS.remove(directory);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
