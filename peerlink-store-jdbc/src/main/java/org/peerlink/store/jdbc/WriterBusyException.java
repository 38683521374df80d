package org.peerlink.store.jdbc;

/**
 * A {@link GroupCommit} write was refused before it was queued: the writer already had as many waiting as it
 * takes. Nothing was written; the caller may try again later (the relay answers {@code 503 server busy}).
 */
public final class WriterBusyException extends GroupCommitException {

    public WriterBusyException(String message) {
        super(message);
    }
}
