package org.peerlink.loadgen.relay;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Options;
import org.peerlink.loadgen.Report;
import org.peerlink.loadgen.Units;
import org.peerlink.loadgen.http.HttpConnection;
import org.peerlink.loadgen.http.HttpRequests;
import org.peerlink.loadgen.http.ResponseReader;
import org.peerlink.loadgen.proc.PhaseMeter;
import org.peerlink.loadgen.proc.ProcessProbe;
import org.peerlink.loadgen.stats.Percentiles;

/**
 * {@code blob}: a chunked upload as the app does it ({@code /relay/blob/upload/chunk} with several chunks in
 * flight, then a signed {@code /relay/blob/upload/complete}), then the download, which is checked byte for byte.
 * Repeated {@code --repeat} times after {@code --warmup-rounds} unmeasured ones; reports each round's MiB/s (of
 * blob bytes) and the server's CPU and RSS. Chunk bodies are base64-encoded straight onto the socket, so the
 * generator holds the blob once whatever its size.
 */
public final class BlobWorkload {

    private static final long TTL = 3600;
    private static final String MIME_TYPE = "application/octet-stream";

    private final Endpoint relay;
    private final long blobSize;
    private final int chunkSize;
    private final int inFlight;
    private final int repeat;
    private final int warmupRounds;
    private final Optional<ProcessProbe> server;

    public BlobWorkload(Options options) {
        relay = options.endpoint("relay", "http://127.0.0.1:4000");
        blobSize = options.bytes("blob-size", "32MiB");
        chunkSize = (int) options.bytes("chunk-size", "1MiB");
        inFlight = options.integer("in-flight", 5);
        repeat = options.integer("repeat", 3);
        warmupRounds = options.integer("warmup-rounds", 1);
        server = options.server();
        if (blobSize > Integer.MAX_VALUE - 4096 || blobSize < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("--blob-size must be 1 byte .. 2 GiB and --chunk-size positive");
        }
    }

    public Report run() throws IOException, InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String from = "lg-" + runId + "-uploader";
        String groupId = "lg-" + runId + "-group";
        RelayBodies bodies = new RelayBodies(Ed25519.generate(new SecureRandom()));
        long ts = System.currentTimeMillis();
        int totalChunks = (int) ((blobSize + chunkSize - 1) / chunkSize);

        // Round ids have a fixed width, so every round's signed header has the same length and the blob can sit
        // right after it in one array that is signed without copying.
        int headerLength = header(blobId(runId, 0), from, groupId, ts).length;
        byte[] signed = new byte[Math.toIntExact(headerLength + blobSize)];
        fillRandom(signed, headerLength);

        long rssBefore = server.map(ProcessProbe::rssBytes).orElse(0L);
        long overallPeak = rssBefore;
        List<Double> upRates = new ArrayList<>();
        List<Double> downRates = new ArrayList<>();
        Report report = new Report()
                .put("workload", "blob")
                .put("target", "http://" + relay.hostHeader())
                .put("blob", Units.formatBytes(blobSize) + " in " + totalChunks + " chunks of "
                        + Units.formatBytes(chunkSize) + ", " + inFlight + " in flight")
                .put("server rss before", Units.formatBytes(rssBefore));
        for (int round = 0; round < warmupRounds + repeat; round++) {
            boolean measured = round >= warmupRounds;
            String blobId = blobId(runId, round);
            byte[] header = header(blobId, from, groupId, ts);
            System.arraycopy(header, 0, signed, 0, headerLength);
            String signature = bodies.sign(signed);

            PhaseMeter meter = PhaseMeter.start(server);
            upload(blobId, from, groupId, ts, signed, headerLength, totalChunks);
            complete(blobId, from, groupId, ts, totalChunks, signature, bodies.publicKey());
            PhaseMeter.Result up = meter.stop();

            meter = PhaseMeter.start(server);
            download(blobId, signed, headerLength);
            PhaseMeter.Result down = meter.stop();

            String label = measured ? "round " + (round - warmupRounds + 1) : "warm-up " + (round + 1);
            describe(report, label + " up", up);
            describe(report, label + " down", down);
            for (PhaseMeter.Result phase : List.of(up, down)) {
                if (phase.server().isPresent()) {
                    overallPeak = Math.max(overallPeak, phase.server().get().rssPeak());
                }
            }
            if (measured) {
                upRates.add(mibPerSecond(up));
                downRates.add(mibPerSecond(down));
            }
        }
        report.put("upload median", Percentiles.median(upRates), "MiB/s");
        report.put("download median", Percentiles.median(downRates), "MiB/s");
        if (server.isPresent()) {
            report.put("server peak rss", Units.formatBytes(overallPeak));
            report.put("server peak rss growth", Units.formatBytes(overallPeak - rssBefore));
        }
        return report;
    }

    private void describe(Report report, String label, PhaseMeter.Result phase) {
        StringBuilder line = new StringBuilder(Report.format(mibPerSecond(phase)) + " MiB/s in "
                + Report.format(phase.elapsedNanos() / 1e9) + " s");
        phase.server().ifPresent(s -> line.append(", server cpu ").append(Report.format(s.cpuNanos() / 1e9))
                .append(" s (").append(Report.format(s.cpuNanos() / (double) phase.elapsedNanos()))
                .append(" cores), rss peak ").append(Units.formatBytes(s.rssPeak()))
                .append(" (+").append(Units.formatBytes(s.peakGrowth())).append(" in phase)"));
        line.append(", generator cpu ").append(Report.format(phase.generatorCpuNanos() / 1e9)).append(" s");
        report.put(label, line.toString());
    }

    private double mibPerSecond(PhaseMeter.Result phase) {
        return blobSize / (1024.0 * 1024) / (phase.elapsedNanos() / 1e9);
    }

    private void upload(String blobId, String from, String groupId, long ts, byte[] signed, int offset,
                        int totalChunks) throws InterruptedException, IOException {
        AtomicInteger nextChunk = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> uploaders = new ArrayList<>();
        for (int u = 0; u < inFlight; u++) {
            uploaders.add(Thread.ofPlatform().name("loadgen-blob-" + u).start(() -> {
                try (HttpConnection connection = new HttpConnection(relay)) {
                    for (int i; failure.get() == null && (i = nextChunk.getAndIncrement()) < totalChunks; ) {
                        int start = offset + i * chunkSize;
                        int length = (int) Math.min(chunkSize, blobSize - (long) i * chunkSize);
                        String prefix = "{\"id\":\"" + blobId + "\",\"from\":\"" + from + "\",\"groupId\":\"" + groupId
                                + "\",\"fileName\":\"" + blobId + ".bin\",\"ts\":" + ts + ",\"ttl\":" + TTL
                                + ",\"chunkIndex\":" + i + ",\"totalChunks\":" + totalChunks + ",\"payload\":\"";
                        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
                        long bodyLength = prefixBytes.length + 4L * ((length + 2) / 3) + 2;
                        OutputStream out = connection.requestStream();
                        out.write(HttpRequests.postHead(relay.hostHeader(), "/relay/blob/upload/chunk", bodyLength));
                        out.write(prefixBytes);
                        // buffered: the encoder alone would hand the socket 8 KiB pieces
                        try (OutputStream base64 = Base64.getEncoder().wrap(
                                new BufferedOutputStream(new KeepOpen(out), 64 * 1024))) {
                            base64.write(signed, start, length);
                        }
                        out.write('"');
                        out.write('}');
                        out.flush();
                        HttpConnection.Response response = connection.readResponse();
                        if (response.status() != 200) {
                            failure.compareAndSet(null, "chunk " + i + ": " + response.status() + " " + response.text());
                        }
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e.toString());
                }
            }));
        }
        for (Thread uploader : uploaders) {
            uploader.join();
        }
        if (failure.get() != null) {
            throw new IOException("upload failed: " + failure.get());
        }
    }

    private void complete(String blobId, String from, String groupId, long ts, int totalChunks, String signature,
                          String publicKey) throws IOException {
        byte[] body = ("{\"id\":\"" + blobId + "\",\"from\":\"" + from + "\",\"groupId\":\"" + groupId
                + "\",\"fileName\":\"" + blobId + ".bin\",\"mimeType\":\"" + MIME_TYPE + "\",\"ts\":" + ts
                + ",\"ttl\":" + TTL + ",\"totalChunks\":" + totalChunks + ",\"sig\":\"" + signature
                + "\",\"signingPub\":\"" + publicKey + "\"}").getBytes(StandardCharsets.UTF_8);
        try (HttpConnection connection = new HttpConnection(relay)) {
            HttpConnection.Response response = connection.exchange(
                    HttpRequests.post(relay.hostHeader(), "/relay/blob/upload/complete", body));
            if (response.status() != 200 || !response.text().contains("\"duplicate\":false")) {
                throw new IOException("complete failed: " + response.status() + " " + response.text());
            }
        }
    }

    private void download(String blobId, byte[] signed, int offset) throws IOException {
        Base64PayloadCheck check = new Base64PayloadCheck(signed, offset, (int) blobSize);
        try (HttpConnection connection = new HttpConnection(relay)) {
            int status = connection.exchange(HttpRequests.get(relay.hostHeader(), "/relay/blob/" + blobId), check);
            if (status != 200 || !check.matches()) {
                throw new IOException("download of " + blobId + " failed: status " + status + ", "
                        + check.decodedBytes() + " of " + blobSize + " bytes decoded, "
                        + (check.matches() ? "equal" : "not equal to the upload"));
            }
        }
    }

    private byte[] header(String blobId, String from, String groupId, long ts) {
        return WellFormedUtf8.encode(RelaySignedBytes.blobUploadHeader(blobId, from, groupId, blobId + ".bin",
                MIME_TYPE, JsNumber.of(ts), JsNumber.of(TTL)));
    }

    private static String blobId(String runId, int round) {
        return "lg-" + runId + "-blob" + String.format("%04d", round);
    }

    private static void fillRandom(byte[] bytes, int from) {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = from; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt();
        }
    }

    /** Lets the base64 stream be closed (to write its padding) without closing the socket under it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
