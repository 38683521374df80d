package org.peerlink.launcher.admin;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.health.HealthCheckResponse;

import org.peerlink.relay.storage.StorageSpace;
import org.peerlink.store.jdbc.CommitListener;

/**
 * Whether this server should get traffic, for {@code /observe/health/ready} (HAProxy and orchestrators ask): not
 * while the database cannot commit, not while the data directory's disk is under {@code --min-free-disk}, and not
 * once a shutdown has begun to drain. Each is its own check, so the answer says which one is down.
 */
public final class Readiness implements CommitListener {

    private static final System.Logger LOGGER = System.getLogger(Readiness.class.getName());

    private final StorageSpace space;
    private final long minFreeBytes;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Why the last transaction failed; null while the last one was committed. */
    private volatile String commitFailure;

    /**
     * @param space        free space of the data directory's disk
     * @param minFreeBytes the watermark; 0 = no disk check
     */
    public Readiness(StorageSpace space, long minFreeBytes) {
        this.space = space;
        this.minFreeBytes = minFreeBytes;
    }

    /** A shutdown began: from now on the server is not ready, for good. */
    public void startDraining() {
        draining.set(true);
    }

    /**
     * Whether a shutdown is draining the server.
     *
     * @return true once {@link #startDraining()} was called
     */
    public boolean draining() {
        return draining.get();
    }

    /**
     * Whether every readiness check is up now.
     *
     * @return true if ready
     */
    public boolean ready() {
        return !draining() && commitFailure == null && !diskLow();
    }

    @Override
    public void committed(int writes, long elapsedNanos) {
        if (commitFailure != null) {
            commitFailure = null;
            LOGGER.log(Level.INFO, "the database commits again: ready");
        }
    }

    @Override
    public void failed(int writes, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (commitFailure == null) {
            LOGGER.log(Level.ERROR, "a database commit failed, not ready until one succeeds: " + reason);
        }
        commitFailure = reason.replaceAll("\\s+", " ").strip();
    }

    /**
     * The {@code store} check: down while the last transaction could not be committed.
     *
     * @return the check's answer
     */
    public HealthCheckResponse store() {
        String failure = commitFailure;
        HealthCheckResponse.Builder answer = HealthCheckResponse.builder().status(failure == null);
        if (failure != null) {
            answer.detail("lastCommitFailure", failure);
        }
        return answer.build();
    }

    /**
     * The {@code disk} check: down while the data directory's disk has less free space than the watermark.
     *
     * @return the check's answer
     */
    public HealthCheckResponse disk() {
        long usable = usableBytes();
        return HealthCheckResponse.builder()
                .status(minFreeBytes == 0 || usable < 0 || usable >= minFreeBytes)
                .detail("freeBytes", usable)
                .detail("minFreeBytes", minFreeBytes)
                .build();
    }

    /**
     * The {@code drain} check: down once a shutdown began.
     *
     * @return the check's answer
     */
    public HealthCheckResponse drain() {
        return HealthCheckResponse.builder().status(!draining()).detail("draining", draining()).build();
    }

    /**
     * Free space on the data directory's disk.
     *
     * @return bytes, -1 if it cannot be read
     */
    public long usableBytes() {
        try {
            return space.usableBytes();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private boolean diskLow() {
        long usable = usableBytes();
        return minFreeBytes > 0 && usable >= 0 && usable < minFreeBytes;
    }
}
