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
import org.peerlink.loadgen.Progress;
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
 * socket.
 * <p>
 * A warm-up fleet of {@code --warmup-sockets} registers and leaves first, so the fan-out is measured on compiled
 * code and the RSS baseline already includes the heap a busy server touches; the per-socket figure is then what
 * the connections themselves hold. With {@code --gc-before-rss} both RSS readings follow a full GC as well.
 * Registers are signed as they are sent (n signatures are nothing next to n² presence frames, and a long phase
 * would outlive the skew window of pre-signed ones).
 */
public final class SignalIdleWorkload {

    private final Endpoint signal;
    private final int sockets;
    private final int warmupSockets;
    private final int concurrency;
    private final Duration settle;
    private final Duration pingInterval;
    private final Duration timeout;
    private final boolean gcBeforeRss;
    private final Optional<ProcessProbe> server;
    private final RegisterFrames registers = new RegisterFrames(true);
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    public SignalIdleWorkload(Options options) {
        signal = options.endpoint("signal", "ws://127.0.0.1:3000");
        sockets = options.integer("sockets", 2000);
        warmupSockets = options.integer("warmup-sockets", 500);
        concurrency = options.integer("connections", 32);
        settle = options.duration("settle", "10s");
        // the app pings every 20 s (PROTOCOL.md §3.4), and the server drops a socket silent for --ws-idle-timeout
        pingInterval = options.duration("ping-interval", "20s");
        timeout = options.duration("timeout", "1800s");
        gcBeforeRss = options.flag("gc-before-rss");
        server = options.server();
    }

    public Report run() throws InterruptedException {
        Report report = new Report()
                .put("workload", "signal-idle")
                .put("target", "ws://" + signal.hostHeader())
                .put("sockets", sockets + " (" + concurrency + " registering at a time)");
        if (warmupSockets > 0) {
            Fleet warmup = new Fleet("warm", warmupSockets);
            warmup.register();
            warmup.close();
            report.put("warm-up", warmupSockets + " sockets registered and closed, "
                    + warmup.presence.sum() + " presence frames");
            Progress.say("warm-up done, settling for " + settle.toSeconds() + " s");
            Thread.sleep(settle);
        }
        long rssBefore = server.map(ProcessProbe::rssBytes).orElse(0L);
        long rssBeforeGc = gcBeforeRss ? server.map(SignalIdleWorkload::rssAfterGc).orElse(0L) : 0;

        Fleet fleet = new Fleet("idle", sockets);
        Progress.say("registering " + sockets + " sockets");
        PhaseMeter meter = PhaseMeter.start(server);
        long ackedNanos = fleet.register();
        PhaseMeter.Result fanOut = meter.stop();
        long received = fleet.presence.sum();
        Progress.say("all registered, presence delivered; settling for " + settle.toSeconds() + " s");

        Thread.sleep(settle);
        long rssIdle = server.map(ProcessProbe::rssBytes).orElse(0L);
        long rssIdleGc = gcBeforeRss ? server.map(SignalIdleWorkload::rssAfterGc).orElse(0L) : 0;
        int held = fleet.open.size();

        report.put("all registered after", ackedNanos / 1e9, "s");
        report.put("all presence delivered after", fanOut.elapsedNanos() / 1e9, "s");
        report.put("presence frames", received + " of " + fleet.expectedPresence());
        report.put("pings answered", fleet.pongs.sum() + (pingInterval.isZero() ? " (pings off)"
                : " (one per socket every " + pingInterval.toSeconds() + " s; the app pings every 20 s)"));
        fanOut.server().ifPresent(s -> {
            report.put("server cpu", Report.format(s.cpuNanos() / 1e9) + " s ("
                    + Report.format(100.0 * s.systemCpuNanos() / Math.max(1, s.cpuNanos())) + " % in the kernel)");
            if (received > 0) {
                report.put("server cpu per presence frame", s.cpuNanos() / 1e3 / received, "µs");
            }
            report.rss(s);
        });
        report.put("generator cpu", Report.format(fanOut.generatorCpuNanos() / 1e9) + " s");
        report.latencies("connect->ack", Percentiles.of(fleet.latencies));
        if (server.isPresent()) {
            report.put("server rss before / with all idle", Units.formatBytes(rssBefore) + " / "
                    + Units.formatBytes(rssIdle));
            report.put("server rss per idle socket", Units.formatBytes((rssIdle - rssBefore) / Math.max(1, held)));
            if (gcBeforeRss) {
                report.put("after a full GC: before / with all idle", Units.formatBytes(rssBeforeGc) + " / "
                        + Units.formatBytes(rssIdleGc));
                report.put("after a full GC: rss per idle socket",
                        Units.formatBytes((rssIdleGc - rssBeforeGc) / Math.max(1, held)));
            }
        }
        fleet.run.reportFailures(report);
        fleet.close();
        return report;
    }

    private static long rssAfterGc(ProcessProbe probe) {
        probe.fullGc();
        return probe.rssBytes();
    }

    /** A set of registered sockets, each read by its own virtual thread that counts presence frames. */
    private final class Fleet {
        final String name;
        final int size;
        final Run run = new Run();
        final LongAdder presence = new LongAdder();
        final LongAdder pongs = new LongAdder();
        final List<WsSocket> open = Collections.synchronizedList(new ArrayList<>());
        final List<LatencyRecorder> latencies = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> readers = new ArrayList<>();
        Thread pinger;

        Fleet(String name, int size) {
            this.name = name;
            this.size = size;
        }

        long expectedPresence() {
            return (long) size * (size - 1) / 2;
        }

        /**
         * Registers every socket and waits until all presence frames have arrived (or the timeout).
         *
         * @return nanoseconds until the last register_ack
         */
        long register() throws InterruptedException {
            CountDownLatch acked = new CountDownLatch(size);
            Semaphore registering = new Semaphore(concurrency);
            long start = System.nanoTime();
            if (!pingInterval.isZero()) {
                pinger = Thread.ofVirtual().name("loadgen-ping").start(this::ping);
            }
            for (int i = 0; i < size; i++) {
                registering.acquire();
                String peerId = "lg-" + runId + "-" + name + i;
                String nonce = "n-" + runId + "-" + name + i;
                readers.add(Thread.ofVirtual().name("loadgen-idle").start(() -> {
                    WsSocket socket;
                    LatencyRecorder latency = new LatencyRecorder();
                    try {
                        byte[] register = registers.frame(peerId, nonce, System.currentTimeMillis());
                        long connectStart = System.nanoTime();
                        socket = Registration.register(signal, register, 1024);
                        latency.record(System.nanoTime() - connectStart);
                        latencies.add(latency);
                        open.add(socket);
                    } catch (IOException e) {
                        run.failed("register: " + e);
                        return;
                    } finally {
                        registering.release();
                        acked.countDown();
                    }
                    readPresence(socket);
                }));
            }
            acked.await();
            long ackedNanos = System.nanoTime() - start;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (presence.sum() < expectedPresence() && run.failures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return ackedNanos;
        }

        void close() throws InterruptedException {
            run.stop();
            if (pinger != null) {
                pinger.interrupt();
            }
            open.forEach(WsSocket::close);
            for (Thread reader : readers) {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }
        }

        /** Pings every open socket once per interval, as each app does on its own socket. */
        private void ping() {
            byte[] ping = WsFrames.text("{\"v\":\"1\",\"id\":\"lg-ping\",\"type\":\"ping\",\"payload\":{}}");
            while (!run.stopped()) {
                try {
                    Thread.sleep(pingInterval);
                } catch (InterruptedException e) {
                    return;
                }
                List<WsSocket> sockets;
                synchronized (open) {
                    sockets = List.copyOf(open);
                }
                for (WsSocket socket : sockets) {
                    try {
                        socket.send(ping);
                    } catch (IOException e) {
                        if (!run.stopped()) {
                            run.failed("ping: " + e);
                        }
                    }
                }
            }
        }

        private void readPresence(WsSocket socket) {
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
                        } else if (kind == FrameKind.PONG) {
                            pongs.increment();
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
}
