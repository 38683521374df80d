package org.peerlink.relay.request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class BodyBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void smallBodiesAreNotCounted() {
        BodyBudget budget = new BodyBudget(MIB);
        try (BodyBudget.Permit large = budget.acquire(MIB)) {
            // the whole budget is taken, yet a message-sized body passes at once
            assertSame(BodyBudget.Permit.NONE, budget.acquire(BodyBudget.SMALL_BYTES - 1));
        }
    }

    @Test
    void aLargeBodyWaitsUntilAnotherOneIsAnswered() throws Exception {
        BodyBudget budget = new BodyBudget(3 * MIB);
        BodyBudget.Permit first = budget.acquire(2 * MIB);
        CompletableFuture<BodyBudget.Permit> second = CompletableFuture.supplyAsync(() -> budget.acquire(2 * MIB));
        assertWaits(second);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void bodiesThatFitTogetherDoNotWait() throws Exception {
        BodyBudget budget = new BodyBudget(3 * MIB);
        BodyBudget.Permit first = budget.acquire(MIB + MIB / 2);
        BodyBudget.Permit second = CompletableFuture.supplyAsync(() -> budget.acquire(MIB + MIB / 2))
                .get(5, TimeUnit.SECONDS);
        CompletableFuture<BodyBudget.Permit> third = CompletableFuture.supplyAsync(
                () -> budget.acquire(BodyBudget.SMALL_BYTES));
        assertWaits(third);
        first.close();
        second.close();
        third.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aBodyLargerThanTheBudgetIsHandledAlone() throws Exception {
        BodyBudget budget = new BodyBudget(MIB);
        BodyBudget.Permit small = budget.acquire(BodyBudget.SMALL_BYTES);
        CompletableFuture<BodyBudget.Permit> huge = CompletableFuture.supplyAsync(() -> budget.acquire(20 * MIB));
        assertWaits(huge);
        small.close();
        BodyBudget.Permit alone = huge.get(5, TimeUnit.SECONDS);
        CompletableFuture<BodyBudget.Permit> next = CompletableFuture.supplyAsync(
                () -> budget.acquire(BodyBudget.SMALL_BYTES));
        assertWaits(next);
        alone.close();
        next.get(5, TimeUnit.SECONDS).close();
    }

    private static void assertWaits(CompletableFuture<BodyBudget.Permit> acquisition) throws Exception {
        try {
            acquisition.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            assertFalse(acquisition.isDone());
            return;
        }
        throw new AssertionError("acquired although the budget was taken");
    }
}
