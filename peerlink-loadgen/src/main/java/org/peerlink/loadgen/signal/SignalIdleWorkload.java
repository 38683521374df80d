package org.peerlink.loadgen.signal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Options;
import org.peerlink.loadgen.Report;
import org.peerlink.loadgen.Run;
import org.peerlink.loadgen.Units;
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.LatencyRecorder;
import org.peerlink.loadgen.stats.Percentiles;
import org.peerlink.loadgen.ws.WsFrames;
import org.peerlink.loadgen.ws.WsSocket;

/**
 * {@code signal-idle}: registers {@code --sockets} peers ({@code --connections} registering at a time) and keeps
 * them all open and idle. Each register makes the server announce the new peer to every peer already online, so
 * registering n sockets costs n(n-1)/2 presence frames: the phase measures the fan-out, and every socket reads
 * and counts its presence frames until all have arrived. Then, after {@code --settle}, the server's RSS per idle
 * socket. Registers are signed as they are sent (n signatures are nothing next to n² presence frames, and a
 * long phase would outlive the skew window of pre-signed ones).
 */
public final class SignalIdleWorkload {

    private final Endpoint signal;
    private final int sockets;
    private final int concurrency;
    private final Duration settle;
    private final Duration timeout;
    private final boolean gcBeforeRss;
    private final Optional<ProcessProbe> server;

    public SignalIdleWorkload(Options options) {
        signal = options.endpoint("signal", "ws://127.0.0.1:3000");
        sockets = options.integer("sockets", 2000);
        concurrency = options.integer("connections", 32);
        settle = options.duration("settle", "10s");
        timeout = options.duration("timeout", "1800s");
        gcBeforeRss = options.flag("gc-before-rss");
        server = options.server();
    }

    public Report run() throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        RegisterFrames registers = new RegisterFrames(true);
        long expectedPresence = (long) sockets * (sockets - 1) / 2;
        Run run = new Run();
        LongAdder presence = new LongAdder();
        CountDownLatch acked = new CountDownLatch(sockets);
        Semaphore registering = new Semaphore(concurrency);
        List<WsSocket> open = Collections.synchronizedList(new ArrayList<>());
        List<LatencyRecorder> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();

        long rssBefore = server.map(this::settledRss).orElse(0L);
        PhaseMeter meter = PhaseMeter.start(server);
        long startNanos = System.nanoTime();
        for (int i = 0; i < sockets; i++) {
            registering.acquire();
            String peerId = "lg-" + runId + "-idle" + i;
            String nonce = "n-" + runId + "-" + i;
            threads.add(Thread.ofVirtual().name("loadgen-idle").start(() -> {
                WsSocket socket;
                LatencyRecorder latency = new LatencyRecorder();
                try {
                    byte[] register = registers.frame(peerId, nonce, System.currentTimeMillis());
                    long start = System.nanoTime();
                    socket = Registration.register(signal, register, 1024);
                    latency.record(System.nanoTime() - start);
                    latencies.add(latency);
                    open.add(socket);
                } catch (IOException e) {
                    run.failed("register: " + e);
                    return;
                } finally {
                    registering.release();
                    acked.countDown();
                }
                readPresence(run, socket, presence);
            }));
        }
        acked.await();
        long ackedNanos = System.nanoTime();
        long deadline = ackedNanos + timeout.toNanos();
        while (presence.sum() < expectedPresence && run.failures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        PhaseMeter.Result fanOut = meter.stop();
        long received = presence.sum();

        Thread.sleep(settle);
        long rssIdle = server.map(this::settledRss).orElse(0L);
        int held = open.size();

        Report report = new Report()
                .put("workload", "signal-idle")
                .put("target", "ws://" + signal.hostHeader())
                .put("sockets", sockets + " (" + concurrency + " registering at a time)");
        double seconds = fanOut.elapsedNanos() / 1e9;
        report.put("all registered after", (ackedNanos - startNanos) / 1e9, "s");
        report.put("all presence delivered after", seconds, "s");
        report.put("presence frames", received + " of " + expectedPresence);
        fanOut.server().ifPresent(s -> {
            report.put("server cpu", Report.format(s.cpuNanos() / 1e9) + " s");
            if (received > 0) {
                report.put("server cpu per presence frame", s.cpuNanos() / 1e3 / received, "µs");
            }
            report.put("server rss during fan-out start/peak/end", Units.formatBytes(s.rssStart()) + " / "
                    + Units.formatBytes(s.rssPeak()) + " / " + Units.formatBytes(s.rssEnd()));
        });
        report.put("generator cpu", Report.format(fanOut.generatorCpuNanos() / 1e9) + " s");
        report.latencies("connect->ack", Percentiles.of(latencies));
        if (server.isPresent()) {
            report.put("server rss before / idle with all open" + (gcBeforeRss ? " (each after a full GC)" : ""),
                    Units.formatBytes(rssBefore) + " / " + Units.formatBytes(rssIdle));
            report.put("server rss per idle socket", Units.formatBytes((rssIdle - rssBefore) / Math.max(1, held)));
        }
        run.reportFailures(report);

        run.stop();
        open.forEach(WsSocket::close);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        return report;
    }

    /** The server's RSS, after a full GC when {@code --gc-before-rss} asks for one. */
    private long settledRss(ProcessProbe probe) {
        if (gcBeforeRss) {
            probe.fullGc();
        }
        return probe.rssBytes();
    }

    private static void readPresence(Run run, WsSocket socket, LongAdder presence) {
        try {
            while (!run.stopped()) {
                int opcode = socket.next();
                if (opcode == WsFrames.OP_CLOSE) {
                    run.failed("closed by the server");
                    return;
                }
                if (opcode == WsFrames.OP_TEXT) {
                    FrameKind kind = FrameKind.of(socket.payload(), socket.payloadLength());
                    if (kind == FrameKind.PRESENCE) {
                        presence.increment();
                    } else {
                        run.failed("unexpected frame: " + socket.payloadText());
                    }
                }
            }
        } catch (IOException e) {
            if (!run.stopped()) {
                run.failed(e.toString());
            }
        }
    }
}
