package org.peerlink.helidon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit for reading from a client: a request body that must arrive in time ({@link #after}), or what a
 * client still sends after the server answered it and before the server closes the connection (a lingering close). Closing a socket with unread input makes the kernel reset the connection, and
 * a client still writing then loses the answer; reading that input for a while first lets it finish and read the
 * answer. The limit interrupts the reading thread: a virtual thread blocked in a socket read ends when interrupted
 * (and its socket is closed, which is where the connection was going anyway).
 */
public final class ReadDeadline implements AutoCloseable {

    /** How long a lingering close reads before it gives up. */
    public static final Duration LINGER = Duration.ofSeconds(2);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peerlink-linger").daemon(true).factory());

    private final ScheduledFuture<?> interrupt;

    private ReadDeadline(Thread reader, Duration limit) {
        this.interrupt = TIMER.schedule(reader::interrupt, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Interrupts the calling thread {@link #LINGER} from now unless closed first. */
    public static ReadDeadline linger() {
        return new ReadDeadline(Thread.currentThread(), LINGER);
    }

    /** Interrupts the calling thread {@code limit} from now unless closed first. */
    public static ReadDeadline after(Duration limit) {
        return new ReadDeadline(Thread.currentThread(), limit);
    }

    /** Whether the time is up (the calling thread was interrupted). */
    public boolean expired() {
        return Thread.currentThread().isInterrupted();
    }

    /** Cancels the limit and clears an interrupt it may have delivered meanwhile. */
    @Override
    public void close() {
        interrupt.cancel(false);
        Thread.interrupted();
    }
}
