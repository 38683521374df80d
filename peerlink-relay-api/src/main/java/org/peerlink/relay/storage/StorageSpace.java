package org.peerlink.relay.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much room is left where a store keeps its data, for the relay's free-disk watermark. */
@FunctionalInterface
public interface StorageSpace {

    /** For a store that keeps nothing on disk: never low. */
    StorageSpace UNBOUNDED = () -> Long.MAX_VALUE;

    /** Bytes that may still be written. */
    long usableBytes() throws IOException;

    /**
     * The file system that holds {@code directory}. It is looked up once, here: finding a path's file system reads
     * the mount table, while asking it for its usable space is one system call.
     */
    static StorageSpace of(Path directory) throws IOException {
        FileStore store = Files.getFileStore(directory);
        return store::getUsableSpace;
    }
}
