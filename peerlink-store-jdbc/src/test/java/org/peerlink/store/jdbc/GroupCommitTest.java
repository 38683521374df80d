package org.peerlink.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class GroupCommitTest {

    private String url;
    /** Keeps the in-memory database alive and checks what was committed. */
    private Connection observer;
    private ExecutorService callers;

    @BeforeEach
    void openDatabase() throws SQLException {
        url = "jdbc:h2:mem:group-commit-" + UUID.randomUUID();
        observer = DriverManager.getConnection(url);
        try (Statement ddl = observer.createStatement()) {
            ddl.execute("CREATE TABLE item (id INT PRIMARY KEY, writer INT NOT NULL)");
        }
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        callers.shutdownNow();
        observer.close();
    }

    /** Finding 9 of issue 13: the writer's queue was unbounded; now a full queue refuses at once, writing nothing. */
    @Test
    void aFullQueueRefusesTheNextWriteAtOnceAndWritesNothingOfIt() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer",
                GroupCommit.DEFAULT_MAX_BATCH, Duration.ZERO, 1, 2)) {
            Future<Integer> blocking = callers.submit(() -> writer.write(c -> {
                writerBusy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return insert(c, 1, 0);
            }));
            assertTrue(writerBusy.await(5, TimeUnit.SECONDS));
            Future<Integer> second = callers.submit(() -> writer.write(c -> insert(c, 2, 0)));
            Future<Integer> third = callers.submit(() -> writer.write(c -> insert(c, 3, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (writer.queued() < 2) {
                assertTrue(System.nanoTime() < deadline, "the two writes never queued");
                Thread.sleep(5);
            }
            assertThrows(WriterBusyException.class, () -> writer.write(c -> insert(c, 4, 0)));
            release.countDown();
            assertEquals(List.of(1, 2, 3), List.of(blocking.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS),
                    third.get(5, TimeUnit.SECONDS)));
            assertEquals(3L, count("SELECT COUNT(*) FROM item"));
            int fourth = writer.write(c -> insert(c, 4, 0));
            assertEquals(4, fourth, "a write after the queue drained goes through");
        }
    }

    /** A full queue of ordinary writes (a relay flood) leaves room for the essential ones (nonces, pins). */
    @Test
    void essentialWritesHaveAReserveBeyondAFullQueue() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer",
                GroupCommit.DEFAULT_MAX_BATCH, Duration.ZERO, 1, 2)) {
            Blocker blocker = new Blocker(writer);
            Future<Integer> second = callers.submit(() -> writer.write(c -> insert(c, 2, 0)));
            Future<Integer> third = callers.submit(() -> writer.write(c -> insert(c, 3, 0)));
            awaitQueued(writer, 2);
            assertThrows(WriterBusyException.class, () -> writer.write(c -> insert(c, 4, 0)));
            Future<Integer> essential = callers.submit(() -> writer.writeEssential(c -> insert(c, 5, 0)));
            awaitQueued(writer, 3);
            blocker.release();
            assertEquals(List.of(2, 3, 5), List.of(second.get(5, TimeUnit.SECONDS), third.get(5, TimeUnit.SECONDS),
                    essential.get(5, TimeUnit.SECONDS)));
            assertEquals(3L, count("SELECT COUNT(*) FROM item"));
        }
    }

    @Test
    void essentialWritesAreRefusedOnceTheReserveIsFullToo() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer",
                GroupCommit.DEFAULT_MAX_BATCH, Duration.ZERO, 1, 1)) {
            Blocker blocker = new Blocker(writer);
            List<Future<Integer>> queued = new ArrayList<>();
            for (int i = 0; i <= GroupCommit.ESSENTIAL_RESERVE; i++) {
                int id = 10 + i;
                queued.add(callers.submit(() -> writer.writeEssential(c -> insert(c, id, 0))));
            }
            awaitQueued(writer, 1 + GroupCommit.ESSENTIAL_RESERVE);
            assertThrows(WriterBusyException.class, () -> writer.writeEssential(c -> insert(c, 1, 0)));
            blocker.release();
            for (Future<Integer> write : queued) {
                write.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void concurrentWritesAreEachCommittedExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer")) {
            List<Future<List<Integer>>> results = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    start.await();
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int id = thread * perThread + i;
                        ids.add(writer.write(c -> insert(c, id, thread)));
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<Integer> returned = new TreeSet<>();
            for (Future<List<Integer>> result : results) {
                returned.addAll(result.get(30, TimeUnit.SECONDS));
            }
            assertEquals(threads * perThread, returned.size());
            assertEquals(threads * perThread, count("SELECT COUNT(*) FROM item"));
            assertEquals(threads * perThread, count("SELECT COUNT(DISTINCT id) FROM item"));
            assertTrue(writer.commits() <= threads * perThread, "at most one commit per write");
        }
    }

    @Test
    void writesQueuedDuringATransactionShareTheNextCommit() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer")) {
            Blocker blocker = new Blocker(writer);
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = i;
                writes.add(callers.submit(() -> writer.write(c -> insert(c, id, 0))));
            }
            awaitQueued(writer, 10);
            long before = writer.commits();
            blocker.release();
            for (Future<Integer> write : writes) {
                write.get(10, TimeUnit.SECONDS);
            }
            assertEquals(before + 2, writer.commits(), "the blocker's transaction, then one for all ten writes");
            assertEquals(10, count("SELECT COUNT(*) FROM item"));
        }
    }

    @Test
    void aLoneCallerWritingBackToBackIsNotHeldForALinger() throws Exception {
        Duration linger = Duration.ofMillis(500);
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer", 256, linger, 16)) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                int id = i;
                writer.write(c -> insert(c, id, 0));
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // lingering after each commit would take at least 9 x 500 ms
            assertTrue(elapsedMs < 2_500, "10 sequential writes took " + elapsedMs + " ms");
            assertEquals(10, count("SELECT COUNT(*) FROM item"));
        }
    }

    @Test
    void aBatchHoldsAtMostMaxBatchWrites() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer", 4)) {
            Blocker blocker = new Blocker(writer);
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = i;
                writes.add(callers.submit(() -> writer.write(c -> insert(c, id, 0))));
            }
            awaitQueued(writer, 10);
            long before = writer.commits();
            blocker.release();
            for (Future<Integer> write : writes) {
                write.get(10, TimeUnit.SECONDS);
            }
            assertEquals(before + 1 + 3, writer.commits(), "the blocker, then batches of 4, 4 and 2");
        }
    }

    @Test
    void aFailingWriteRollsBackOnlyItselfWithinItsBatch() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer")) {
            Blocker blocker = new Blocker(writer);
            Future<Integer> first = callers.submit(() -> writer.write(c -> insert(c, 1, 0)));
            awaitQueued(writer, 1);
            Future<Integer> failing = callers.submit(() -> writer.write(c -> {
                insert(c, 2, 0);
                return insert(c, 1, 0); // duplicate key
            }));
            awaitQueued(writer, 2);
            Future<Integer> throwing = callers.submit(() -> writer.write(c -> {
                insert(c, 3, 0);
                throw new IllegalStateException("rule broken");
            }));
            awaitQueued(writer, 3);
            Future<Integer> last = callers.submit(() -> writer.write(c -> insert(c, 4, 0)));
            awaitQueued(writer, 4);
            long before = writer.commits();
            blocker.release();

            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            assertEquals(4, last.get(10, TimeUnit.SECONDS));
            Throwable sqlFailure = causeOf(failing);
            assertInstanceOf(GroupCommitException.class, sqlFailure);
            assertInstanceOf(SQLException.class, sqlFailure.getCause());
            Throwable ruleFailure = causeOf(throwing);
            assertInstanceOf(IllegalStateException.class, ruleFailure, "a work's own runtime exception is kept");
            assertEquals("rule broken", ruleFailure.getMessage());

            assertEquals(before + 2, writer.commits(), "the blocker's transaction, then one shared by all four");
            assertEquals(List.of(1, 4), ids());
        }
    }

    @Test
    void aFailedCommitFailsItsWritesEvenThoughTheirWorkSucceededAndTheWriterCarriesOn() throws Exception {
        AtomicBoolean failCommit = new AtomicBoolean();
        Connection connection = failingCommits(DriverManager.getConnection(url), failCommit);
        try (GroupCommit writer = new GroupCommit(connection, "test-writer")) {
            failCommit.set(true);
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                writes.add(callers.submit(() -> writer.write(c -> insert(c, id, 0))));
            }
            for (Future<Integer> write : writes) {
                Throwable failure = causeOf(write);
                assertInstanceOf(GroupCommitException.class, failure);
                assertTrue(failure.getMessage().contains("not committed"), failure.getMessage());
            }
            assertEquals(List.of(), ids());

            failCommit.set(false);
            assertEquals(Integer.valueOf(7), writer.write(c -> insert(c, 7, 0)));
            assertEquals(List.of(7), ids());
        }
    }

    @Test
    void closeWaitsForPendingWritesThenClosesTheConnection() throws Exception {
        Connection connection = DriverManager.getConnection(url);
        GroupCommit writer = new GroupCommit(connection, "test-writer");
        Blocker blocker = new Blocker(writer);
        List<Future<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            writes.add(callers.submit(() -> writer.write(c -> insert(c, id, 0))));
        }
        awaitQueued(writer, 5);
        Future<?> closing = callers.submit(writer::close);
        Thread.sleep(100);
        assertFalse(closing.isDone(), "close must wait for the pending writes");

        blocker.release();
        closing.get(10, TimeUnit.SECONDS);
        // Committed before close returned; the callers themselves may wake a moment later.
        assertEquals(List.of(0, 1, 2, 3, 4), ids());
        for (Future<Integer> write : writes) {
            write.get(10, TimeUnit.SECONDS);
        }
        assertTrue(connection.isClosed());
        writer.close(); // idempotent
    }

    @Test
    void writesAfterCloseFailClearly() throws Exception {
        GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "closed-writer");
        writer.close();
        GroupCommitException failure = assertThrows(GroupCommitException.class, () -> writer.write(c -> insert(c, 1, 0)));
        assertTrue(failure.getMessage().contains("closed-writer is closed"), failure.getMessage());
        assertEquals(List.of(), ids());
    }

    @Test
    void aWriteCannotSubmitAnotherWrite() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer")) {
            IllegalStateException nested = assertThrows(IllegalStateException.class,
                    () -> writer.write(c -> writer.write(inner -> insert(inner, 1, 0))));
            assertTrue(nested.getMessage().contains("cannot submit another write"), nested.getMessage());
            assertEquals(Integer.valueOf(2), writer.write(c -> insert(c, 2, 0)));
            assertEquals(List.of(2), ids());
        }
    }

    @Test
    void anInterruptedCallerStillGetsItsOutcomeAndKeepsTheInterrupt() throws Exception {
        try (GroupCommit writer = new GroupCommit(DriverManager.getConnection(url), "test-writer")) {
            Blocker blocker = new Blocker(writer);
            AtomicBoolean interruptedAfterwards = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                writer.write(c -> insert(c, 5, 0));
                interruptedAfterwards.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            awaitQueued(writer, 1);
            caller.interrupt();
            Thread.sleep(20);
            blocker.release();
            caller.join(10_000);
            assertTrue(interruptedAfterwards.get());
            assertEquals(List.of(5), ids());
        }
    }

    private static int insert(Connection c, int id, int writer) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, writer) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setInt(2, writer);
            insert.executeUpdate();
        }
        return id;
    }

    private long count(String sql) throws SQLException {
        try (Statement query = observer.createStatement(); ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<Integer> ids() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement query = observer.createStatement();
             ResultSet rows = query.executeQuery("SELECT id FROM item ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }

    private static void awaitQueued(GroupCommit writer, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.queued() < expected) {
            if (System.nanoTime() > deadline) {
                fail("expected " + expected + " queued writes, have " + writer.queued());
            }
            Thread.sleep(1);
        }
    }

    private static Throwable causeOf(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("expected the write to fail");
    }

    /** A connection whose commit() throws while {@code fail} is set. */
    private static Connection failingCommits(Connection real, AtomicBoolean fail) {
        return (Connection) Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && fail.get()) {
                        throw new SQLException("disk full (simulated)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Occupies the writer with a transaction until released, so that later writes queue up behind it. */
    private final class Blocker {
        private final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Future<Object> write;

        Blocker(GroupCommit writer) throws InterruptedException {
            write = callers.submit(() -> writer.write(c -> {
                running.countDown();
                awaitUninterruptibly(released);
                return null;
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));
        }

        void release() throws Exception {
            released.countDown();
            assertSame(null, write.get(10, TimeUnit.SECONDS));
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            boolean done = false;
            while (!done) {
                try {
                    done = latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
