package org.peerlink.relay.quota;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.peerlink.relay.RelayQuotas;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.storage.StorageSpace;

/**
 * The free-disk watermark ({@link RelayQuotas#minFreeDiskBytes()}). A store that runs out of disk closes and fails
 * every write, signal nonces and identity pins included; refusing the relay's writes while some room is left keeps
 * that room for them, and keeps reads served.
 */
public final class DiskWatermark {

    /**
     * The writes that bring new data. An ack and a completion are left through: an ack is how a queue empties (its
     * tombstone is a few bytes), and a completion only hands chunks already stored to a blob.
     */
    private static final Set<RelayEndpoint> GROWING = EnumSet.of(RelayEndpoint.STORE, RelayEndpoint.GROUP_STORE,
            RelayEndpoint.MEMBERS_UPDATE, RelayEndpoint.BLOB_UPLOAD, RelayEndpoint.BLOB_CHUNK);

    private static final System.Logger LOGGER = System.getLogger(DiskWatermark.class.getName());

    /**
     * How long a reading above the watermark is used: one system call per store cost some 5 % of the relay-store
     * workload, and at the disk speed of a small server (~100 MB/s) the watermark's room does not go in a quarter
     * of a second. Below it, every write reads again, so that writes go on as soon as there is room.
     */
    public static final long READING_VALID_NANOS = 250_000_000L;

    private final StorageSpace space;
    private final long minFreeBytes;
    /** Whether the last reading was below the watermark. */
    private final AtomicBoolean low = new AtomicBoolean();
    /** When the last reading was taken (System.nanoTime). */
    private volatile long lastReadNanos = System.nanoTime() - READING_VALID_NANOS;

    public DiskWatermark(StorageSpace space, long minFreeBytes) {
        this.space = space;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * Refuses a write of {@code endpoint} with {@code 507} while the disk is below the watermark; says so in the log
     * once when the disk goes below it and once when it is back above.
     */
    public void requireRoom(RelayEndpoint endpoint) {
        if (minFreeBytes == 0 || !GROWING.contains(endpoint)) {
            return;
        }
        if (!low.get() && System.nanoTime() - lastReadNanos < READING_VALID_NANOS) {
            return;
        }
        long usable;
        try {
            usable = space.usableBytes();
        } catch (IOException | RuntimeException e) {
            // Not knowing is no reason to refuse a write: the store itself still reports a full disk.
            LOGGER.log(Level.WARNING, "reading the free disk space failed: " + e);
            return;
        }
        boolean below = usable < minFreeBytes;
        lastReadNanos = System.nanoTime();
        if (low.compareAndSet(!below, below)) {
            LOGGER.log(below ? Level.WARNING : Level.INFO, below
                    ? "the data directory's disk has " + usable + " bytes free, below --min-free-disk "
                            + minFreeBytes + ": relay writes are answered 507 until there is room again"
                    : "the data directory's disk has room again (" + usable + " bytes free): relay writes go on");
        }
        if (below) {
            throw RelayRejection.insufficientStorage("freeDisk", minFreeBytes);
        }
    }
}
