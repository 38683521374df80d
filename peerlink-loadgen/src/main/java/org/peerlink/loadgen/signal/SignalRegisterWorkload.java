package org.peerlink.loadgen.signal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Options;
import org.peerlink.loadgen.Presigner;
import org.peerlink.loadgen.Report;
import org.peerlink.loadgen.Run;
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.LatencyRecorder;
import org.peerlink.loadgen.stats.Percentiles;
import org.peerlink.loadgen.ws.WsSocket;

/**
 * {@code signal-register}: {@code --connections} clients in a loop, each opening a new socket, registering
 * (signed, with a full identity profile unless {@code --no-profile}), waiting for the ack and closing again.
 * Latency is connect → register_ack. Every register also makes the server announce the peer to everyone online
 * and its close announces it offline, as in real use.
 * <p>
 * Register frames are signed before the run with a timestamp 20 s in the future, so they stay inside the server's
 * ±30 s skew window for 50 s; a frame that would be used later than that is signed when it is sent (counted in the
 * report, as it costs generator CPU).
 */
public final class SignalRegisterWorkload {

    /** Pre-signed frames are used only while their timestamp is at most this old. */
    static final long MAX_AGE_MS = 25_000;
    private static final int CLOSE_TIMEOUT_MS = 2_000;

    private final Endpoint signal;
    private final int connections;
    private final Duration warmup;
    private final Duration duration;
    private final boolean withProfile;
    private final int presignPerConnection;
    private final Optional<ProcessProbe> server;

    public SignalRegisterWorkload(Options options) {
        signal = options.endpoint("signal", "ws://127.0.0.1:3000");
        connections = options.integer("connections", 32);
        warmup = options.duration("warmup", "5s");
        duration = options.duration("duration", "20s");
        withProfile = !options.flag("no-profile");
        double seconds = (warmup.toMillis() + duration.toMillis()) / 1000.0;
        int presign = options.integer("presign", Presigner.sized(3_000, Math.min(seconds, 50), 5_000));
        presignPerConnection = Math.max(1, presign / connections);
        server = options.server();
    }

    public Report run() throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        RegisterFrames registers = new RegisterFrames(withProfile);
        long signStart = System.nanoTime();
        // valid from 10 s before now until 50 s after now
        long timestamp = System.currentTimeMillis() + 20_000;
        List<byte[][]> framesByConnection = new ArrayList<>();
        List<String> peerIds = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String peerId = "lg-" + runId + "-reg" + c;
            peerIds.add(peerId);
            int connection = c;
            framesByConnection.add(Presigner.build(presignPerConnection,
                    i -> registers.frame(peerId, "n-" + runId + "-" + connection + "-" + i, timestamp)));
        }
        double signSeconds = (System.nanoTime() - signStart) / 1e9;

        Run run = new Run();
        AtomicLong registered = new AtomicLong();
        AtomicLong signedInline = new AtomicLong();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            byte[][] frames = framesByConnection.get(c);
            String peerId = peerIds.get(c);
            int connection = c;
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            workers.add(Thread.ofPlatform().name("loadgen-register").unstarted(() -> {
                for (int i = 0; !run.stopped(); i++) {
                    byte[] frame;
                    long now = System.currentTimeMillis();
                    if (i < frames.length && now - timestamp <= MAX_AGE_MS) {
                        frame = frames[i];
                    } else {
                        frame = registers.frame(peerId, "n-" + runId + "-" + connection + "-x" + i, now);
                        signedInline.incrementAndGet();
                    }
                    long start = System.nanoTime();
                    try {
                        WsSocket socket = Registration.register(signal, frame, 4096);
                        long latency = System.nanoTime() - start;
                        if (run.measuring()) {
                            recorder.record(latency);
                            registered.incrementAndGet();
                        }
                        socket.closeGracefully(CLOSE_TIMEOUT_MS);
                    } catch (IOException e) {
                        run.failed(e.toString());
                    }
                }
            }));
        }
        PhaseMeter.Result result = run.drive(workers, warmup, duration, server);

        Report report = new Report()
                .put("workload", "signal-register")
                .put("target", "ws://" + signal.hostHeader())
                .put("in flight", connections)
                .put("identity profile", withProfile ? "realistic (nested, ~1 KB)" : "none")
                .put("pre-signed", presignPerConnection * connections + " registers in " + Report.format(signSeconds)
                        + " s")
                .put("signed during the run", signedInline.get());
        report.usage(result, "registration", registered.get());
        report.latencies("connect->ack", Percentiles.of(recorders));
        run.reportFailures(report);
        return report;
    }
}
