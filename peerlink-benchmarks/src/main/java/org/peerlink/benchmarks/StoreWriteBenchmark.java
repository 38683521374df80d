package org.peerlink.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

/**
 * The store's write path as the relay uses it: one envelope per call through the database's group-commit writer
 * into H2 on a temporary directory (WRITE_DELAY=0: each commit is written before the caller returns). With one
 * caller every write is its own commit; with 32 concurrent callers (the relay-store workload's connections) they
 * share commits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreWriteBenchmark {

    private final AtomicLong nextId = new AtomicLong();
    private Path directory;
    private H2Database database;
    private H2RelayStorage storage;
    private String envelope;

    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("peerlink-bench");
        database = H2Database.open(directory);
        storage = new H2RelayStorage(database);
        envelope = new String(Fixtures.storeBody("0f6d2b1e-8c1a-4d1e-9a57-3c2b8e1f0a9d", 256),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @TearDown
    public void tearDown() throws IOException {
        storage.close();
        database.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public List<Boolean> enqueueOneCaller() {
        return enqueue();
    }

    @Benchmark
    @Threads(32)
    public List<Boolean> enqueue32Callers() {
        return enqueue();
    }

    private List<Boolean> enqueue() {
        long id = nextId.incrementAndGet();
        long now = System.currentTimeMillis();
        return storage.enqueue(List.of(new QueuedEnvelope("peer-recipient-" + (id % 1000), "e" + id, envelope,
                now + 86_400_000)), now);
    }
}
