package org.peerlink.signal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.peerlink.signal.SignalCaps;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.SharedFrame;

class OutboundQueueTest {

    private static final int CAPACITY = SignalCaps.defaults().sendQueueFrames();
    private static final long CAPACITY_CHARS = SignalCaps.defaults().sendQueueChars();
    private static final Duration GRACE = SignalSettings.defaults().stuckWriterGrace();
    private static final BroadcastFlusher FLUSHER = new BroadcastFlusher(SignalSettings.defaults().broadcastDelay());

    /** A transport whose send() blocks until released, like a client that stopped reading. */
    private static class StalledSession implements SignalTransport {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        final CountDownLatch terminated = new CountDownLatch(1);
        final CountDownLatch stalledInSend = new CountDownLatch(1);
        volatile boolean stall;

        @Override
        public void send(String text) {
            if (stall) {
                stalledInSend.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("socket closed");
                }
            }
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code + " " + reason);
        }

        @Override
        public void terminate() {
            terminated.countDown();
            release.countDown();
        }
    }

    @Test
    void framesAreWrittenInOrderThenTheClose() throws Exception {
        StalledSession session = new StalledSession();
        OutboundQueue connection = new OutboundQueue(session, FLUSHER, CAPACITY, CAPACITY_CHARS, GRACE, () -> { });
        for (int i = 0; i < 100; i++) {
            connection.send("frame-" + i);
        }
        connection.close(4001, "Session replaced");
        connection.send("after close");
        waitFor(() -> !session.closes.isEmpty());
        assertEquals(100, session.sent.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("frame-" + i, session.sent.get(i));
        }
        assertEquals(List.of("4001 Session replaced"), session.closes);
    }

    @Test
    void aStalledReceiverOverflowsTheQueueWithoutBlockingTheSenderAndIsTerminated() throws Exception {
        StalledSession session = new StalledSession();
        session.stall = true;
        OutboundQueue connection = new OutboundQueue(session, FLUSHER, CAPACITY, CAPACITY_CHARS, GRACE, () -> { });
        connection.send("first");
        assertTrue(session.stalledInSend.await(5, TimeUnit.SECONDS), "writer never reached send()");
        long start = System.nanoTime();
        for (int i = 0; i < CAPACITY * 3; i++) {
            connection.send("frame-" + i); // never blocks, even though nothing is written
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "sender was blocked");
        assertTrue(session.terminated.await(GRACE.toSeconds() + 5, TimeUnit.SECONDS),
                "stalled session was not terminated");
    }

    /**
     * Found by FloodTest: a client that stops reading but keeps sending overflows the queue, and once the socket
     * takes the close frame the writer is done; the client never reads it, never answers, and kept its connection
     * for as long as it sent. Now the socket is dropped when the connection has not ended within the grace.
     */
    @Test
    void aClientThatNeverAnswersTheOverflowCloseLosesTheSocket() throws Exception {
        StalledSession session = new StalledSession();
        overflowedWithTheCloseSent(session);
        assertEquals(List.of("1013 send queue overflow"), session.closes);
        assertEquals(1, session.terminated.getCount(), "the client has the grace to answer");
        assertTrue(session.terminated.await(GRACE.toSeconds() + 5, TimeUnit.SECONDS),
                "a connection whose client never answered the close was kept");
    }

    /** The same, with a client that answers the close in time: its connection ends the normal way. */
    @Test
    void aClientThatAnswersTheOverflowCloseIsNotTerminated() throws Exception {
        StalledSession session = new StalledSession();
        OutboundQueue connection = overflowedWithTheCloseSent(session);
        connection.closed(); // the client's close frame: the session ends the transport
        assertFalse(session.terminated.await(GRACE.toMillis() + 500, TimeUnit.MILLISECONDS),
                "a connection that ended was terminated");
    }

    /** Overflows a stalled writer's queue, then lets the socket take writes again: the close frame goes out. */
    private static OutboundQueue overflowedWithTheCloseSent(StalledSession session) throws Exception {
        session.stall = true;
        OutboundQueue connection = new OutboundQueue(session, FLUSHER, CAPACITY, CAPACITY_CHARS, GRACE, () -> { });
        connection.send("first");
        assertTrue(session.stalledInSend.await(5, TimeUnit.SECONDS), "writer never reached send()");
        for (int i = 0; i <= CAPACITY; i++) {
            connection.send("frame-" + i);
        }
        session.stall = false;
        session.release.countDown();
        waitFor(() -> !session.closes.isEmpty());
        return connection;
    }

    /**
     * Finding 6 of issue 13: the queue counted frames only, so 1024 frames of up to 1 Mi characters (about 2 GB)
     * could wait for one stalled receiver. Now the characters count too: far fewer large frames overflow it.
     */
    @Test
    void aStalledReceiverOfLargeFramesOverflowsTheQueueByItsCharacters() throws Exception {
        StalledSession session = new StalledSession();
        session.stall = true;
        OutboundQueue connection = new OutboundQueue(session, FLUSHER, CAPACITY, 10_000, GRACE, () -> { });
        connection.send("first");
        assertTrue(session.stalledInSend.await(5, TimeUnit.SECONDS), "writer never reached send()");
        String large = "x".repeat(3_000);
        connection.send(large);
        connection.send(large);
        connection.send(large);
        assertEquals(List.of(), session.closes, "9000 characters still fit");
        connection.send(large); // 12 000 > 10 000: the queue overflows with 4 frames, not 1024
        assertTrue(session.terminated.await(GRACE.toSeconds() + 5, TimeUnit.SECONDS),
                "the stalled session was not closed for its characters");
    }

    @Test
    void broadcastFramesWaitForTheFlushAndKeepTheirOrderWithTheRest() throws Exception {
        StalledSession session = new StalledSession();
        OutboundQueue connection = new OutboundQueue(session, new BroadcastFlusher(Duration.ofMillis(200)), CAPACITY, CAPACITY_CHARS, GRACE, () -> { });
        connection.send(new SharedFrame("presence-1"));
        connection.send(new SharedFrame("presence-2"));
        Thread.sleep(50);
        assertEquals(List.of(), session.sent, "broadcast frames wait for the flush");
        assertTrue(!connection.writing());
        waitFor(() -> session.sent.size() == 2);
        assertEquals(List.of("presence-1", "presence-2"), session.sent);

        connection.send(new SharedFrame("presence-3"));
        connection.send("answer"); // a direct frame starts the writer at once, behind what is queued
        waitFor(() -> session.sent.size() == 4);
        assertEquals(List.of("presence-1", "presence-2", "presence-3", "answer"), session.sent);
        waitFor(() -> !connection.writing()); // no thread is left behind by an idle connection
    }

    /** A write that fails (the client is gone) is reported once, and nothing more is written or queued. */
    @Test
    void aFailedWriteIsReportedAndStopsTheConnection() throws Exception {
        StalledSession session = new StalledSession() {
            @Override
            public void send(String text) {
                throw new IllegalStateException("Broken pipe");
            }
        };
        CountDownLatch failed = new CountDownLatch(1);
        List<String> reports = new CopyOnWriteArrayList<>();
        OutboundQueue connection = new OutboundQueue(session, FLUSHER, CAPACITY, CAPACITY_CHARS, GRACE, () -> {
            reports.add("failed");
            failed.countDown();
        });
        connection.send("first");
        assertTrue(failed.await(5, TimeUnit.SECONDS), "the failure was not reported");
        connection.send("second");
        connection.close(1000, "bye");
        waitFor(() -> !connection.writing());
        Thread.sleep(100);
        assertEquals(List.of("failed"), reports);
        assertEquals(List.of(), session.closes, "nothing is written after the failure");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            Thread.sleep(10);
        }
    }
}
