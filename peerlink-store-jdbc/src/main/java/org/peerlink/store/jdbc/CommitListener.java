package org.peerlink.store.jdbc;

/**
 * Hears each transaction of a {@link GroupCommit} writer: how many writes it carried and how long it took, or that
 * it failed. For meters and readiness; called on the writer thread after the commit (or rollback) and before its
 * callers are released, so it must be quick and must not write to the database.
 */
public interface CommitListener {

    /** Hears nothing. */
    CommitListener NONE = new CommitListener() {
    };

    /**
     * A transaction was committed.
     *
     * @param writes       the writes it carried (some may have failed alone and been rolled back to their savepoint)
     * @param elapsedNanos from its first write to the end of its commit
     */
    default void committed(int writes, long elapsedNanos) {
    }

    /**
     * A transaction could not be committed: none of its writes is durable, and each caller was told so.
     *
     * @param writes the writes it carried
     * @param cause  why
     */
    default void failed(int writes, Throwable cause) {
    }

    /**
     * This listener, then {@code next}, for each event.
     *
     * @param next the second listener
     * @return both
     */
    default CommitListener andThen(CommitListener next) {
        CommitListener first = this;
        return new CommitListener() {
            @Override
            public void committed(int writes, long elapsedNanos) {
                first.committed(writes, elapsedNanos);
                next.committed(writes, elapsedNanos);
            }

            @Override
            public void failed(int writes, Throwable cause) {
                first.failed(writes, cause);
                next.failed(writes, cause);
            }
        };
    }
}
