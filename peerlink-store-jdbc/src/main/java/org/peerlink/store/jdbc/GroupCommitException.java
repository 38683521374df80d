package org.peerlink.store.jdbc;

/**
 * A {@link GroupCommit} write did not take effect: its work threw an {@link java.sql.SQLException} (the
 * cause), the transaction holding it could not be committed, or the writer is closed.
 */
public class GroupCommitException extends RuntimeException {

    public GroupCommitException(String message, Throwable cause) {
        super(message, cause);
    }

    public GroupCommitException(String message) {
        super(message);
    }
}
