package org.peerlink.loadgen.relay;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Options;
import org.peerlink.loadgen.Presigner;
import org.peerlink.loadgen.Report;
import org.peerlink.loadgen.Run;
import org.peerlink.loadgen.http.HttpConnection;
import org.peerlink.loadgen.http.HttpRequests;
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.LatencyRecorder;
import org.peerlink.loadgen.stats.Percentiles;

/**
 * {@code relay-cycle}: what a recipient coming online does, on every connection in a loop: store a batch of
 * envelopes to its own queue, fetch them ({@code limit}), ack every fetched one. The figure is acked messages per
 * second; each acked message cost the server a store, an ack and its share of a fetch. Store and ack bodies are
 * signed before the run.
 */
public final class RelayCycleWorkload {

    private static final long TTL = 3600;

    private final Endpoint relay;
    private final int connections;
    private final Duration warmup;
    private final Duration duration;
    private final int batch;
    private final int limit;
    private final int payloadBytes;
    private final int presignPerConnection;
    private final Optional<ProcessProbe> server;

    public RelayCycleWorkload(Options options) {
        relay = options.endpoint("relay", "http://127.0.0.1:4000");
        connections = options.integer("connections", 32);
        warmup = options.duration("warmup", "5s");
        duration = options.duration("duration", "20s");
        batch = options.integer("batch", 50);
        limit = options.integer("limit", 50);
        payloadBytes = (int) options.bytes("payload-bytes", "256");
        double seconds = (warmup.toMillis() + duration.toMillis()) / 1000.0;
        int presign = options.integer("presign", Presigner.sized(6_000, seconds, 10_000));
        presignPerConnection = Math.max(batch, presign / connections);
        server = options.server();
    }

    public Report run() throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        byte[] payload = new byte[payloadBytes];
        new SecureRandom().nextBytes(payload);
        String payloadBase64 = RelayBodies.base64(payload);
        RelayBodies bodies = new RelayBodies(Ed25519.generate(new SecureRandom()));
        long ts = System.currentTimeMillis();
        String host = relay.hostHeader();

        long signStart = System.nanoTime();
        List<Queue> queues = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String to = "lg-" + runId + "-q" + c;
            String from = "lg-" + runId + "-s" + c;
            byte[][] stores = Presigner.build(presignPerConnection, j -> HttpRequests.post(host, "/relay/store",
                    bodies.store("c" + j, from, to, ts, TTL, payload, payloadBase64)));
            byte[][] acks = Presigner.build(presignPerConnection, j -> HttpRequests.post(host, "/relay/ack",
                    bodies.ack("c" + j, to, to, ts)));
            queues.add(new Queue(to, from, stores, acks));
        }
        double signSeconds = (System.nanoTime() - signStart) / 1e9;

        Run run = new Run();
        AtomicLong acked = new AtomicLong();
        AtomicLong signedInline = new AtomicLong();
        List<LatencyRecorder> storeLatency = new ArrayList<>();
        List<LatencyRecorder> fetchLatency = new ArrayList<>();
        List<LatencyRecorder> ackLatency = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (Queue queue : queues) {
            LatencyRecorder stores = new LatencyRecorder();
            LatencyRecorder fetches = new LatencyRecorder();
            LatencyRecorder acks = new LatencyRecorder();
            storeLatency.add(stores);
            fetchLatency.add(fetches);
            ackLatency.add(acks);
            byte[] fetch = HttpRequests.get(host, "/relay/fetch?to=" + queue.to + "&limit=" + limit);
            AtomicInteger nextStore = new AtomicInteger();
            workers.add(RelayWorker.thread("loadgen-cycle-" + queue.to, relay, run, worker -> {
                for (int k = 0; k < batch; k++) {
                    int n = nextStore.get();
                    String id = "c" + n;
                    byte[] request = n < queue.stores.length ? queue.stores[n]
                            : signedInline(signedInline, () -> HttpRequests.post(host, "/relay/store",
                            bodies.store(id, queue.from, queue.to, ts, TTL, payload, payloadBase64)));
                    worker.expect(request, "\"stored\":true", stores);
                    nextStore.incrementAndGet(); // only once stored: after an I/O error the next round sends it again
                }
                long start = System.nanoTime();
                HttpConnection.Response page = worker.exchange(fetch);
                if (page.status() != 200) {
                    run.failed("fetch " + page.status() + " " + page.text());
                    return;
                }
                if (run.measuring()) {
                    fetches.record(System.nanoTime() - start);
                }
                for (String id : FetchedIds.of(page.body())) {
                    if (worker.expect(queue.ack(id, host, bodies, ts, signedInline), "\"ok\":true", acks)) {
                        acked.incrementAndGet();
                    }
                }
            }));
        }
        PhaseMeter.Result result = run.drive(workers, warmup, duration, server);

        Report report = new Report()
                .put("workload", "relay-cycle")
                .put("target", "http://" + host + " store x" + batch + " -> fetch(limit " + limit + ") -> ack each")
                .put("connections", connections)
                .put("payload", payloadBytes + " bytes")
                .put("pre-signed", 2L * presignPerConnection * connections + " requests in "
                        + Report.format(signSeconds) + " s")
                .put("signed during the run", signedInline.get());
        report.usage(result, "acked msg", acked.get());
        report.latencies("store latency", Percentiles.of(storeLatency));
        report.latencies("fetch latency", Percentiles.of(fetchLatency));
        report.latencies("ack latency", Percentiles.of(ackLatency));
        run.reportFailures(report);
        return report;
    }

    private static byte[] signedInline(AtomicLong counter, java.util.function.Supplier<byte[]> sign) {
        counter.incrementAndGet();
        return sign.get();
    }

    /** One recipient's queue: its pre-signed stores and acks, indexed by the message number in the id. */
    private record Queue(String to, String from, byte[][] stores, byte[][] acks) {
        byte[] ack(String id, String host, RelayBodies bodies, long ts, AtomicLong signedInline) {
            int j = id.startsWith("c") ? Integer.parseInt(id.substring(1)) : -1;
            if (j >= 0 && j < acks.length) {
                return acks[j];
            }
            return signedInline(signedInline, () -> HttpRequests.post(host, "/relay/ack", bodies.ack(id, to, to, ts)));
        }
    }
}
