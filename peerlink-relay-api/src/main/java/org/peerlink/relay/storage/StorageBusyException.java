package org.peerlink.relay.storage;

/**
 * The store refused a write because it is overloaded (its write queue is full); nothing was written, and the
 * request fails with {@code 503 server busy}, which the client may send again.
 */
public final class StorageBusyException extends StorageException {

    public StorageBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
