package org.peerlink.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void smallBodiesAreNotCounted() {
        BodyBudget budget = new BodyBudget(MIB);
        try (BodyBudget.Permit large = budget.acquire(OptionalLong.of(MIB))) {
            // the whole budget is taken, yet a message-sized body passes at once
            assertSame(BodyBudget.Permit.NONE, budget.acquire(OptionalLong.of(BodyBudget.SMALL_BYTES - 1)));
        }
    }

    @Test
    void aLargeBodyWaitsUntilAnotherOneIsAnswered() throws Exception {
        BodyBudget budget = new BodyBudget(3 * MIB);
        BodyBudget.Permit first = budget.acquire(OptionalLong.of(2 * MIB));
        CompletableFuture<BodyBudget.Permit> second = CompletableFuture.supplyAsync(
                () -> budget.acquire(OptionalLong.of(2 * MIB)));
        assertWaits(second);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aBodyOfUnknownLengthRunsAlone() throws Exception {
        BodyBudget budget = new BodyBudget(3 * MIB);
        BodyBudget.Permit sized = budget.acquire(OptionalLong.of(BodyBudget.SMALL_BYTES));
        CompletableFuture<BodyBudget.Permit> chunked = CompletableFuture.supplyAsync(
                () -> budget.acquire(OptionalLong.empty()));
        assertWaits(chunked);
        sized.close();
        BodyBudget.Permit alone = chunked.get(5, TimeUnit.SECONDS);
        CompletableFuture<BodyBudget.Permit> next = CompletableFuture.supplyAsync(
                () -> budget.acquire(OptionalLong.of(BodyBudget.SMALL_BYTES)));
        assertWaits(next);
        alone.close();
        next.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aBodyLargerThanTheBudgetIsServedAlone() throws Exception {
        BodyBudget budget = new BodyBudget(MIB);
        CompletableFuture<BodyBudget.Permit> huge = CompletableFuture.supplyAsync(
                () -> budget.acquire(OptionalLong.of(20 * MIB)));
        BodyBudget.Permit permit = huge.get(5, TimeUnit.SECONDS);
        permit.close();
        assertTrue(huge.isDone());
    }

    private static void assertWaits(CompletableFuture<?> acquisition) throws Exception {
        try {
            acquisition.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            assertFalse(acquisition.isDone());
            return;
        }
        throw new AssertionError("acquired although the budget was taken");
    }
}
