package org.peerlink.loadgen.signal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Options;
import org.peerlink.loadgen.Report;
import org.peerlink.loadgen.Run;
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.LatencyRecorder;
import org.peerlink.loadgen.stats.Percentiles;
import org.peerlink.loadgen.ws.WsFrames;
import org.peerlink.loadgen.ws.WsSocket;

/**
 * {@code signal-forward}: {@code --pairs} pairs of registered peers ping-ponging a signal of
 * {@code --message-bytes} (an SDP offer, then the answer) through the server, one message in flight per pair.
 * The figure is forwarded messages per second (both directions) and the round trip seen by the offering side.
 * Frames are built once per pair; one virtual thread per socket reads and answers.
 */
public final class SignalForwardWorkload {

    private final Endpoint signal;
    private final int pairs;
    private final int messageBytes;
    private final int registerConcurrency;
    private final Duration warmup;
    private final Duration duration;
    private final Optional<ProcessProbe> server;

    public SignalForwardWorkload(Options options) {
        signal = options.endpoint("signal", "ws://127.0.0.1:3000");
        pairs = options.integer("pairs", 200);
        messageBytes = (int) options.bytes("message-bytes", "1024");
        registerConcurrency = options.integer("connections", 32);
        warmup = options.duration("warmup", "5s");
        duration = options.duration("duration", "20s");
        server = options.server();
    }

    public Report run() throws InterruptedException, IOException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        RegisterFrames registers = new RegisterFrames(true);
        long timestamp = System.currentTimeMillis();
        Run run = new Run();
        LongAdder forwarded = new LongAdder();
        CountDownLatch allRegistered = new CountDownLatch(2 * pairs);
        Semaphore registering = new Semaphore(registerConcurrency);
        List<LatencyRecorder> rtts = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<WsSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

        for (int p = 0; p < pairs; p++) {
            String offerer = "lg-" + runId + "-a" + p;
            String answerer = "lg-" + runId + "-b" + p;
            byte[] offer = WsFrames.text(signalFrame(offerer, answerer, "offer"));
            byte[] answer = WsFrames.text(signalFrame(answerer, offerer, "answer"));
            byte[] offererRegister = registers.frame(offerer, "n-" + runId + "-a" + p, timestamp);
            byte[] answererRegister = registers.frame(answerer, "n-" + runId + "-b" + p, timestamp);
            LatencyRecorder rtt = new LatencyRecorder();
            rtts.add(rtt);
            readers.add(Thread.ofVirtual().name("loadgen-offerer").unstarted(() -> {
                WsSocket socket = connect(run, registering, allRegistered, offererRegister, sockets);
                if (socket == null) {
                    return;
                }
                try {
                    allRegistered.await();
                    long sentAt = System.nanoTime();
                    socket.send(offer);
                    while (!run.stopped()) {
                        if (!isSignal(run, socket)) {
                            continue;
                        }
                        long now = System.nanoTime();
                        if (run.measuring()) {
                            rtt.record(now - sentAt);
                            forwarded.increment();
                        }
                        sentAt = now;
                        socket.send(offer);
                    }
                } catch (IOException | InterruptedException e) {
                    if (!run.stopped()) {
                        run.failed(e.toString());
                    }
                }
            }));
            readers.add(Thread.ofVirtual().name("loadgen-answerer").unstarted(() -> {
                WsSocket socket = connect(run, registering, allRegistered, answererRegister, sockets);
                if (socket == null) {
                    return;
                }
                try {
                    while (!run.stopped()) {
                        if (isSignal(run, socket)) {
                            if (run.measuring()) {
                                forwarded.increment();
                            }
                            socket.send(answer);
                        }
                    }
                } catch (IOException e) {
                    if (!run.stopped()) {
                        run.failed(e.toString());
                    }
                }
            }));
        }

        // The readers register first; the clock (warm-up, then the measured window) starts once all are online.
        readers.forEach(Thread::start);
        allRegistered.await();
        PhaseMeter.Result result = run.drive(List.of(), warmup, duration, server);
        sockets.forEach(WsSocket::close); // wakes the readers blocked in read
        for (Thread reader : readers) {
            reader.join();
        }

        Report report = new Report()
                .put("workload", "signal-forward")
                .put("target", "ws://" + signal.hostHeader())
                .put("pairs", pairs + " (" + 2 * pairs + " sockets), one " + messageBytes
                        + "-byte signal in flight per pair");
        report.usage(result, "forwarded msg", forwarded.sum());
        report.latencies("round trip", Percentiles.of(rtts));
        run.reportFailures(report);
        return report;
    }

    private WsSocket connect(Run run, Semaphore registering, CountDownLatch allRegistered, byte[] register,
                             List<WsSocket> sockets) {
        try {
            registering.acquire();
            try {
                WsSocket socket = Registration.register(signal, register, 8192);
                sockets.add(socket);
                return socket;
            } finally {
                registering.release();
                allRegistered.countDown();
            }
        } catch (IOException | InterruptedException e) {
            run.failed("register: " + e);
            return null;
        }
    }

    /** Reads one frame: true for a forwarded signal; presence updates are skipped, errors counted. */
    private static boolean isSignal(Run run, WsSocket socket) throws IOException {
        int opcode = socket.next();
        if (opcode == WsFrames.OP_CLOSE) {
            throw new IOException("closed by the server");
        }
        if (opcode != WsFrames.OP_TEXT) {
            return false;
        }
        FrameKind kind = FrameKind.of(socket.payload(), socket.payloadLength());
        if (kind == FrameKind.ERROR || kind == FrameKind.OTHER) {
            run.failed(socket.payloadText());
        }
        return kind == FrameKind.SIGNAL;
    }

    /** A client signal frame of about {@code messageBytes}, padded with a plausible SDP body. */
    private String signalFrame(String from, String to, String type) {
        String head = "{\"v\":\"1\",\"id\":\"c-" + type + "\",\"type\":\"signal\",\"payload\":{\"type\":\"" + type
                + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"sdp\":\"";
        String tail = "\"}}";
        StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n");
        while (head.length() + sdp.length() + tail.length() < messageBytes) {
            sdp.append("a=candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host\\r\\n");
        }
        sdp.setLength(Math.max(0, messageBytes - head.length() - tail.length()));
        // never end inside an escape sequence
        while (sdp.length() > 0 && sdp.charAt(sdp.length() - 1) == '\\') {
            sdp.setLength(sdp.length() - 1);
        }
        return head + sdp + tail;
    }
}
