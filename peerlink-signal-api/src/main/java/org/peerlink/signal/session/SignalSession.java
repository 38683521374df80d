package org.peerlink.signal.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.peerlink.signal.SignalCaps;
import org.peerlink.signal.SignalClose;
import org.peerlink.signal.SignalEvents;
import org.peerlink.signal.SignalLimits;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.SignalHub;

/**
 * One client connection as the signal service sees it: what the client sends goes in (fragments, reassembled within
 * the limit, then the protocol), what the hub sends goes out (queued, in order, bounded), and the end of the
 * connection is reported to the hub exactly once. A server binding creates it when a WebSocket opens
 * ({@code SignalService.open}) and feeds it from the connection's reading thread. Its opening and its end are
 * reported to {@link SignalEvents} once each, so that open connections can be counted.
 */
public final class SignalSession {

    private static final System.Logger LOGGER = System.getLogger(SignalSession.class.getName());

    private final SignalHub hub;
    private final SignalTransport transport;
    private final InboundMessages inbound;
    private final OutboundQueue outbound;
    private final SignalEvents events;
    /** Longest pause of a rate-limited reader: the idle timeout, a minute by default, must not be reached by it. */
    private static final long MAX_READ_PAUSE_MS = 1000;

    private final SignalLimits.FrameLimit frameLimit;
    private final Consumer<SignalSession> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set once a refused connection was closed: what it still sends is ignored. */
    private volatile boolean refused;
    private volatile Future<?> deadline;

    /**
     * @param events     guarded already (by {@link SignalSessions})
     * @param frameLimit the connection's message rate
     * @param onEnd      runs once with this session, when the connection is gone
     */
    SignalSession(SignalHub hub, SignalTransport transport, SignalSettings settings, BroadcastFlusher flusher,
                  SignalEvents events, SignalLimits.FrameLimit frameLimit, Consumer<SignalSession> onEnd) {
        this.hub = hub;
        this.transport = transport;
        this.events = events;
        this.frameLimit = frameLimit;
        this.onEnd = onEnd;
        SignalCaps caps = settings.caps();
        this.inbound = new InboundMessages(caps.maxMessageChars(), caps.maxMessageBytes());
        this.outbound = new OutboundQueue(transport, flusher, caps.sendQueueFrames(), caps.sendQueueChars(),
                settings.stuckWriterGrace(), this::writeFailed);
        events.connected();
    }

    /** A text frame (or fragment) from the client. */
    public void onText(String fragment, boolean last) {
        inbound.text(fragment, last).ifPresent(this::handle);
    }

    /** A binary frame (or fragment) from the client: handled as text with the same bytes, as the original does. */
    public void onBinary(byte[] fragment, boolean last) {
        inbound.binary(fragment, last).ifPresent(this::handle);
    }

    /**
     * The connection is gone — a close frame, an error, the end of the TCP connection, an idle timeout; whichever
     * is reported first counts, the others change nothing.
     */
    public void onClosed() {
        if (ended.compareAndSet(false, true)) {
            Future<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            outbound.closed();
            events.disconnected(); // before the hub's offline: the peer goes offline because its connection ended
            hub.onClose(outbound);
            onEnd.accept(this);
        }
    }

    /** Closes a connection the service does not take (over its address's cap). */
    void refuse(SignalClose close) {
        refused = true;
        outbound.close(close.code(), close.reason());
    }

    boolean ended() {
        return ended.get();
    }

    void deadline(Future<?> check) {
        this.deadline = check;
        if (ended.get()) {
            check.cancel(false);
        }
    }

    /** On the deadline timer: a connection that has not registered by now is closed. */
    void enforceRegisterDeadline() {
        if (!ended.get() && !hub.isRegistered(outbound)) {
            refuse(SignalClose.REGISTER_DEADLINE);
        }
    }

    private void handle(InboundMessages.Message message) {
        if (refused) {
            return;
        }
        Optional<Duration> wait = frameLimit.admit();
        if (wait.isPresent()) {
            hub.onRateLimited(outbound, wait.get());
            pauseReading(wait.get());
            return;
        }
        switch (message) {
            case InboundMessages.Message.Oversized ignored -> hub.onOversized(outbound);
            case InboundMessages.Message.Text text -> {
                try {
                    Duration pause = hub.onText(outbound, text.text());
                    if (pause.isPositive()) {
                        pauseReading(pause);
                    }
                } catch (RuntimeException e) {
                    // A bug must not take the connection down with it; the client sees no answer to this frame.
                    LOGGER.log(Level.ERROR, "signal frame handling failed", e);
                }
            }
        }
    }

    /**
     * A connection over its message rate, or whose register was refused by a register rate, stops being read until
     * its next message would be admitted (at most {@link #MAX_READ_PAUSE_MS}). Virtual threads
     * are not preempted: a reader whose client never stops sending never parks, and with a few of them every carrier
     * is taken and no other connection, not even a health check on the relay, is served (FloodTest's register
     * storm). Parking here hands the carrier back, and the client's excess waits in its own socket buffer.
     */
    private static void pauseReading(Duration wait) {
        try {
            Thread.sleep(Math.min(wait.toMillis(), MAX_READ_PAUSE_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writing to the client failed: it is gone, even if nothing was read from it yet. */
    private void writeFailed() {
        onClosed();
        transport.terminate();
    }
}
