package org.peerlink.loadgen.relay;

import java.io.IOException;
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
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.LatencyRecorder;
import org.peerlink.loadgen.stats.Percentiles;
import org.peerlink.loadgen.http.HttpRequests;

/**
 * {@code relay-store}: keep-alive connections each posting signed {@code /relay/store} requests back to back,
 * every one a new envelope (unique id) that must come back {@code "stored":true}. Requests are signed before the
 * run; should the run outpace the pre-signed supply, workers sign the rest themselves (reported, since it costs
 * generator CPU).
 */
public final class RelayStoreWorkload {

    private static final String PATH = "/relay/store";
    private static final long TTL = 3600;
    private static final int RECIPIENTS = 1000;

    private final Endpoint relay;
    private final int connections;
    private final Duration warmup;
    private final Duration duration;
    private final int payloadBytes;
    private final int presign;
    private final Optional<ProcessProbe> server;

    public RelayStoreWorkload(Options options) {
        relay = options.endpoint("relay", "http://127.0.0.1:4000");
        connections = options.integer("connections", 32);
        warmup = options.duration("warmup", "5s");
        duration = options.duration("duration", "20s");
        payloadBytes = (int) options.bytes("payload-bytes", "256");
        double seconds = (warmup.toMillis() + duration.toMillis()) / 1000.0;
        presign = options.integer("presign", Presigner.sized(12_000, seconds, 10_000));
        server = options.server();
    }

    public Report run() throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        byte[] payload = new byte[payloadBytes];
        new SecureRandom().nextBytes(payload);
        String payloadBase64 = RelayBodies.base64(payload);
        RelayBodies bodies = new RelayBodies(Ed25519.generate(new SecureRandom()));
        String from = "lg-" + runId + "-sender";
        long ts = System.currentTimeMillis();
        RequestSource source = i -> HttpRequests.post(relay.hostHeader(), PATH, bodies.store(
                "lg-" + runId + "-" + i, from, "lg-" + runId + "-r" + (i % RECIPIENTS), ts, TTL, payload,
                payloadBase64));

        long signStart = System.nanoTime();
        byte[][] requests = Presigner.build(presign, source::request);
        double signSeconds = (System.nanoTime() - signStart) / 1e9;

        Run run = new Run();
        AtomicInteger next = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        AtomicLong signedInline = new AtomicLong();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            workers.add(RelayWorker.thread("loadgen-store-" + c, relay, run, worker -> {
                int i = next.getAndIncrement();
                byte[] request;
                if (i < requests.length) {
                    request = requests[i];
                    requests[i] = null; // sent once; let it go
                } else {
                    request = source.request(i);
                    signedInline.incrementAndGet();
                }
                if (worker.expect(request, "\"stored\":true", recorder)) {
                    stored.incrementAndGet();
                }
            }));
        }
        PhaseMeter.Result result = run.drive(workers, warmup, duration, server);

        Report report = new Report()
                .put("workload", "relay-store")
                .put("target", "POST http://" + relay.hostHeader() + PATH)
                .put("connections", connections)
                .put("payload", payloadBytes + " bytes")
                .put("pre-signed", presign + " requests in " + Report.format(signSeconds) + " s")
                .put("signed during the run", signedInline.get());
        report.usage(result, "req", stored.get());
        report.latencies("latency", Percentiles.of(recorders));
        run.reportFailures(report);
        return report;
    }

    /** Request {@code i} of the run. */
    @FunctionalInterface
    interface RequestSource {
        byte[] request(int i);
    }
}
