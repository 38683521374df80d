package org.peerlink.relay.request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock-free count under threads entering and leaving one address at once. */
class RequestsInFlightConcurrencyTest {

    @Test
    void neverMoreThanTheCapAtOnceAndNothingLeftAfterwards() throws Exception {
        RequestsInFlight inFlight = new RequestsInFlight(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (inFlight.tryEnter("192.0.2.1")) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        inFlight.leave("192.0.2.1");
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(0, inFlight.addresses(), "every place was given back and the address forgotten");
        for (int i = 0; i < 3; i++) {
            assertTrue(inFlight.tryEnter("192.0.2.1"));
        }
        assertTrue(!inFlight.tryEnter("192.0.2.1"), "and the cap still holds");
    }
}
