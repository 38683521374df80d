package org.peerlink.relay.storage;

/** The store could not do what was asked (I/O, database failure); the request fails with a server error. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
