package org.peerlink.launcher;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.SweepResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpirySweeperTest {

    @Test
    void keepsSweepingAfterAFailureAndStopsOnClose() throws InterruptedException {
        AtomicInteger sweeps = new AtomicInteger();
        CountDownLatch threeSweeps = new CountDownLatch(3);
        ExpirySweeper sweeper = ExpirySweeper.start(() -> {
            int n = sweeps.incrementAndGet();
            threeSweeps.countDown();
            if (n == 1) {
                throw new StorageException("database busy", null);
            }
            return new SweepResult(n, 0, 0, 0);
        }, Duration.ofMillis(5));

        assertTrue(threeSweeps.await(10, TimeUnit.SECONDS), "sweeps went on after the failure");
        sweeper.close();
        int afterClose = sweeps.get();
        Thread.sleep(50);
        assertEquals(afterClose, sweeps.get(), "no sweep after close");
    }

    @Test
    void closeWaitsForASweepInProgress() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        ExpirySweeper sweeper = ExpirySweeper.start(() -> {
            started.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError("a sweep must not be interrupted", e);
            }
            finished.incrementAndGet();
            return new SweepResult(0, 0, 0, 0);
        }, Duration.ofMillis(1));

        assertTrue(started.await(10, TimeUnit.SECONDS));
        sweeper.close();
        assertEquals(1, finished.get(), "the sweep in progress completed before close returned");
    }
}
