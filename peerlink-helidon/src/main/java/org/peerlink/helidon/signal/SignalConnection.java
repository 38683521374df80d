package org.peerlink.helidon.signal;

import java.time.Duration;
import java.util.Optional;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseException;

import org.peerlink.helidon.ClientAddress;
import org.peerlink.helidon.ReadDeadline;

/**
 * One upgraded signal connection: Helidon's WebSocket connection, plus what the signal service needs of its
 * transport.
 * <ul>
 *     <li>The end of the connection, however it ends. Helidon tells a listener about a close frame, but not about a
 *     TCP connection that just ends (a phone losing its network, a killed app) or is closed for being idle: the
 *     peer would stay "online" and collect presence frames. {@link #onEnd} runs when the connection's loop
 *     ends for any reason.</li>
 *     <li>{@link #abort()}, for a writer that found the connection broken.</li>
 *     <li>A lingering close after a frame too large to read: Helidon sends the close frame (1009) and closes the
 *     socket at once, with the rest of the frame unread; the kernel then answers with a reset, which makes the
 *     client lose the close frame and see a dropped connection. The rest of the input is read and dropped for up
 *     to {@link ReadDeadline#LINGER} first, so the client gets the close frame and closes normally.</li>
 * </ul>
 * The listener of a connection is created by the routing before the connection exists, and meets it on the
 * connection's own thread: {@link #current()} in {@code onOpen}.
 */
final class SignalConnection implements ServerConnection {

    private static final ThreadLocal<SignalConnection> HANDLING = new ThreadLocal<>();

    private final ServerConnection delegate;
    private final DataReader input;
    private final String remoteAddress;
    private volatile Runnable onEnd;

    SignalConnection(ServerConnection delegate, DataReader input, String remoteAddress) {
        this.delegate = delegate;
        this.input = input;
        this.remoteAddress = remoteAddress;
    }

    /** The client's address ({@link ClientAddress}). */
    String remoteAddress() {
        return remoteAddress;
    }

    /**
     * The connection whose loop runs on this thread: Helidon calls the listener's {@code onOpen} from it.
     *
     * @return the connection, empty when the socket was not upgraded by {@link SignalUpgrader}
     */
    static Optional<SignalConnection> current() {
        return Optional.ofNullable(HANDLING.get());
    }

    /** Runs {@code action} once the connection has ended, however it ended. */
    void onEnd(Runnable action) {
        onEnd = action;
    }

    /** Ends the connection: its loop stops reading and the socket is closed. */
    void abort() {
        delegate.close(true);
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        HANDLING.set(this);
        try {
            delegate.handle(limit);
        } catch (CloseConnectionException e) {
            if (e.getCause() instanceof WsCloseException) {
                drainInput();
            }
            throw e;
        } finally {
            HANDLING.remove();
            Runnable action = onEnd;
            if (action != null) {
                action.run();
            }
        }
    }

    @Override
    public Duration idleTime() {
        return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        delegate.close(interrupt);
    }

    /** Reads and drops what the client still sends, until it closes or the {@link ReadDeadline} is over. */
    private void drainInput() {
        try (ReadDeadline deadline = ReadDeadline.linger()) {
            while (!deadline.expired()) {
                int available = input.available();
                if (available > 0) {
                    input.skip(available);
                } else {
                    input.pullData();
                }
            }
        } catch (RuntimeException e) {
            // end of input, or the deadline closed the socket: either way the connection is done
        }
    }
}
