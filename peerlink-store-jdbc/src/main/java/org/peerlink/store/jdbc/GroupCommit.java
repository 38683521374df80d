package org.peerlink.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises every write to a database through one thread that owns one connection, and commits the writes
 * that queued up meanwhile in a single transaction.
 * <p>
 * A caller of {@link #write} blocks until the transaction holding its work is committed, so a returned write
 * is durable as far as the database's commit is. Concurrent callers share commits: while one transaction
 * commits, the next callers queue, and the writer then runs up to {@code maxBatch} of them in the next
 * transaction. Each work runs inside its own savepoint, so a work that fails rolls back only itself and its
 * caller alone gets the failure. Because there is exactly one writer, a work's reads and conditional writes
 * are never interleaved with another work's: "insert unless present" needs no locking or retry.
 * <p>
 * Interrupting a waiting caller does not abandon its work (it may already be committed): the caller keeps
 * waiting for the outcome and returns with its interrupt status set.
 * <p>
 * Under load a commit costs far more than the writes it carries (H2 serialises and writes every changed page of
 * every index on each commit: about 0.6 ms for 4 envelopes, 1.2 ms for 20), so the writer lingers: when it has just
 * committed a batch of several writes and finds fewer than {@code targetBatch} waiting, it waits up to
 * {@code linger} for more. A write that arrives at an idle writer, or from a lone caller, is committed at once.
 */
public final class GroupCommit implements AutoCloseable {

    public static final int DEFAULT_MAX_BATCH = 256;
    /** Measured with the relay-store workload: batches of ~20 instead of ~4 for 1 ms (docs/PERFORMANCE.md). */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(1);
    public static final int DEFAULT_TARGET_BATCH = 16;
    /**
     * Writes that may wait for the writer before new ones are refused (finding 9 of issue 13: the queue was
     * unbounded). The writer commits ~256 writes in a few milliseconds, so a full queue is some 50 ms of work; each
     * waiting write holds its caller, and what it carries, until then.
     */
    public static final int DEFAULT_MAX_QUEUED = 4096;
    /**
     * Places beyond {@code maxQueued} that only {@link #writeEssential} may take: a flood of relay writes fills the
     * queue, and the signal nonce and identity pin commits of registers must still go in (a refused one is a refused
     * register, and every app user reconnects). A register commits one or two small writes.
     */
    public static final int ESSENTIAL_RESERVE = 1024;

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    private final Connection connection;
    private final int maxBatch;
    private final long lingerNanos;
    private final int targetBatch;
    private final int maxQueued;
    private final Thread writer;
    /** When the last batch was committed (writer thread only); 0 before the first. */
    private long lastBatchEndNanos;
    /** How many writes the last batch carried (writer thread only). */
    private int lastBatchSize;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workQueued = lock.newCondition();
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    private boolean closing;

    private final AtomicLong commits = new AtomicLong();
    private volatile CommitListener listener = CommitListener.NONE;

    /**
     * Takes ownership of {@code connection} (switching auto-commit off) and starts the writer thread.
     *
     * @param name names the writer thread, for thread dumps
     */
    public GroupCommit(Connection connection, String name) throws SQLException {
        this(connection, name, DEFAULT_MAX_BATCH);
    }

    public GroupCommit(Connection connection, String name, int maxBatch) throws SQLException {
        this(connection, name, maxBatch, DEFAULT_LINGER, DEFAULT_TARGET_BATCH);
    }

    /**
     * @param linger      how long a busy writer waits for more writes when fewer than {@code targetBatch} are queued;
     *                    zero never waits
     * @param targetBatch the batch size worth waiting for
     */
    public GroupCommit(Connection connection, String name, int maxBatch, Duration linger, int targetBatch)
            throws SQLException {
        this(connection, name, maxBatch, linger, targetBatch, DEFAULT_MAX_QUEUED);
    }

    /** @param maxQueued writes that may wait for the writer; one more is refused with {@link WriterBusyException} */
    public GroupCommit(Connection connection, String name, int maxBatch, Duration linger, int targetBatch,
                       int maxQueued) throws SQLException {
        if (maxBatch < 1 || targetBatch < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("maxBatch, targetBatch and maxQueued must be positive");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
        this.connection = connection;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.targetBatch = targetBatch;
        this.maxQueued = maxQueued;
        connection.setAutoCommit(false);
        // Daemon: an owner that forgets close() must not keep the JVM alive; close() still drains.
        this.writer = Thread.ofPlatform().name(name).daemon(true).unstarted(this::runWriter);
        writer.start();
    }

    /**
     * Runs {@code work} on the writer's connection and returns its result once it is committed.
     *
     * @throws GroupCommitException when the work threw an SQLException (it was rolled back), the commit failed,
     *                              or the writer is closed; a RuntimeException or Error thrown by the work is
     *                              rethrown as it is (the work was rolled back)
     * @throws WriterBusyException  when too many writes wait already (nothing was done)
     */
    public <T> T write(SqlWork<T> work) {
        return submit(work, maxQueued);
    }

    /**
     * {@link #write} for what the server cannot do without (signal nonces, identity pins): refused only when
     * {@link #ESSENTIAL_RESERVE} more writes than {@link #write} allows are waiting. It waits in the same queue, in
     * order, since the reserve only has to keep it from being refused.
     */
    public <T> T writeEssential(SqlWork<T> work) {
        return submit(work, maxQueued + ESSENTIAL_RESERVE);
    }

    private <T> T submit(SqlWork<T> work, int limit) {
        if (Thread.currentThread() == writer) {
            // It would wait for the very transaction it runs in.
            throw new IllegalStateException("a write cannot submit another write; use the connection it was given");
        }
        Task<T> task = new Task<>(work);
        lock.lock();
        try {
            if (closing) {
                throw new GroupCommitException("the database writer " + writer.getName() + " is closed");
            }
            if (queue.size() >= limit) {
                throw new WriterBusyException("the database writer " + writer.getName() + " has " + queue.size()
                        + " writes waiting");
            }
            queue.addLast(task);
            workQueued.signal();
        } finally {
            lock.unlock();
        }
        return task.awaitOutcome();
    }

    /**
     * Lets {@code commitListener} hear every transaction from now on, instead of the one before: there is one
     * listener, set once by the database's owner when it wires meters and readiness.
     */
    public void listen(CommitListener commitListener) {
        this.listener = Objects.requireNonNull(commitListener, "commitListener");
    }

    /** Transactions committed so far (a batch of several writes counts once). */
    public long commits() {
        return commits.get();
    }

    /** Writes waiting for the writer to pick them up. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new writes, waits until every write already submitted is committed (or failed), then closes the
     * connection. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            workQueued.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == writer) {
            // Called from inside a work: the writer finishes this batch, drains and exits by itself.
            return;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runWriter() {
        try {
            List<Task<?>> batch;
            while ((batch = nextBatch()) != null) {
                runBatch(batch);
            }
        } catch (Throwable unexpected) {
            LOG.log(System.Logger.Level.ERROR, "database writer " + writer.getName() + " stopped", unexpected);
            throw unexpected;
        } finally {
            failRemaining();
            closeConnection();
        }
    }

    /** Blocks until work is queued; null once closing and drained. */
    private List<Task<?>> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                // The writer is never interrupted on purpose; an interrupt must not stop durable writes.
                workQueued.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            lingerForMore();
            List<Task<?>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock and the queue is not empty. */
    private void lingerForMore() {
        long now = System.nanoTime();
        // One caller writing back to back also finds the writer just done, but nobody else will join its batch:
        // lingering would only add the linger to each of its writes (a single sequential caller measured 785
        // writes/s instead of several thousand). Concurrent callers show as batches of more than one.
        boolean busy = lastBatchSize > 1 && now - lastBatchEndNanos < lingerNanos;
        if (!busy) {
            return;
        }
        long deadline = now + lingerNanos;
        long left = lingerNanos;
        while (queue.size() < targetBatch && !closing && left > 0) {
            // The writer is never interrupted on purpose (see nextBatch); awaitNanos's interrupt is ignored.
            try {
                workQueued.awaitNanos(left);
            } catch (InterruptedException e) {
                return;
            }
            left = deadline - System.nanoTime();
        }
    }

    private void runBatch(List<Task<?>> batch) {
        long startNanos = System.nanoTime();
        try {
            for (Task<?> task : batch) {
                Savepoint savepoint = connection.setSavepoint();
                if (!task.run(connection)) {
                    connection.rollback(savepoint);
                }
            }
            connection.commit();
            commits.incrementAndGet();
            tell(l -> l.committed(batch.size(), System.nanoTime() - startNanos));
        } catch (Throwable transactionFailure) {
            // The savepoint machinery or the commit itself failed: nothing in this batch is durable, and every
            // caller must hear so rather than wait forever.
            rollbackQuietly(transactionFailure);
            GroupCommitException failure = new GroupCommitException("the transaction was not committed",
                    transactionFailure);
            for (Task<?> task : batch) {
                task.failUnlessFailed(failure);
            }
            tell(l -> l.failed(batch.size(), transactionFailure));
        }
        for (Task<?> task : batch) {
            task.publish();
        }
        lastBatchEndNanos = System.nanoTime();
        lastBatchSize = batch.size();
    }

    /** A listener that throws loses its own event, never the writer thread or a caller's outcome. */
    private void tell(Consumer<CommitListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the commit listener of " + writer.getName() + " failed", e);
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Only reached when the writer stops abnormally: nobody may wait forever. */
    private void failRemaining() {
        List<Task<?>> remaining;
        lock.lock();
        try {
            closing = true;
            remaining = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        GroupCommitException failure = new GroupCommitException("the database writer " + writer.getName() + " stopped");
        for (Task<?> task : remaining) {
            task.failUnlessFailed(failure);
            task.publish();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the connection of database writer " + writer.getName(), e);
        }
    }

    /**
     * One submitted work. Its outcome is recorded when it runs but published only after the commit, so that a
     * caller never sees a result that could still be rolled back.
     */
    private static final class Task<T> {
        private final SqlWork<T> work;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Task(SqlWork<T> work) {
            this.work = work;
        }

        /** @return false when the work failed and its savepoint must be rolled back */
        boolean run(Connection connection) {
            try {
                result = work.run(connection);
                return true;
            } catch (Throwable t) {
                failure = t;
                return false;
            }
        }

        void failUnlessFailed(Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
        }

        void publish() {
            if (failure == null) {
                outcome.complete(result);
            } else {
                outcome.completeExceptionally(failure);
            }
        }

        T awaitOutcome() {
            try {
                // join() waits through interrupts and restores the interrupt status afterwards.
                return outcome.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime && !(cause instanceof GroupCommitException)) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                if (cause instanceof SQLException) {
                    throw new GroupCommitException("write failed and was rolled back: " + cause.getMessage(), cause);
                }
                // Re-thrown from here so the stack shows the caller, not only the writer thread.
                throw new GroupCommitException(cause.getMessage(), cause);
            }
        }
    }
}
