package org.peerlink.launcher.durability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64 MiB blob through a launcher with a 96 MiB heap: chunked upload, completion (signature checked over the
 * whole blob) and download all succeed, which they could not if the server held the blob, or its base64, in
 * memory. Prints the child's peak RSS and heap use for the record.
 */
class RelayLargeBlobTest {

    private static final int CHUNK = 1024 * 1024;
    private static final int CHUNKS = 64;
    private static final String HEAP = "-Xmx96m";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path tmp;

    @Test
    void sixtyFourMibThroughA96MibHeap() throws Exception {
        byte[] blob = new byte[CHUNK * CHUNKS];
        new Random(64).nextBytes(blob);
        byte[] expectedSha256 = MessageDigest.getInstance("SHA-256").digest(blob);
        RelaySigner alice = new RelaySigner(1);
        String signature = alice.blobSignature("big", "alice", "family", "big.bin", "application/octet-stream", blob);
        Path gcLog = tmp.resolve("gc.log");

        try (ChildLauncher child = ChildLauncher.listening(tmp.resolve("data"), tmp.resolve("child.log"),
                                                           List.of(HEAP, "-Xlog:gc:file=" + gcLog));
                RelayHttp relay = new RelayHttp(child.port())) {
            long start = System.nanoTime();
            for (int i = 0; i < CHUNKS; i++) {
                byte[] part = Arrays.copyOfRange(blob, i * CHUNK, (i + 1) * CHUNK);
                RelayHttp.Reply reply = relay.post("/relay/blob/upload/chunk",
                                                   RelaySigner.chunk("big", "alice", "family", "big.bin",
                                                                     "application/octet-stream", Integer.toString(i), Integer.toString(CHUNKS), part)
                                                           .build());
                assertEquals(200, reply.status(), reply.body() + "\n" + child.log());
            }
            long uploaded = System.nanoTime();
            RelayHttp.Reply completed = relay.post("/relay/blob/upload/complete",
                                                   alice.complete("big", "alice", "family", "big.bin",
                                                                  "application/octet-stream", CHUNKS, signature));
            assertEquals("{\"ok\":true,\"blobId\":\"big\",\"duplicate\":false}", completed.body(), child.log());
            long complete = System.nanoTime();

            HttpResponse<InputStream> download = relay.stream("/relay/blob/big", Duration.ofSeconds(120));
            assertEquals(200, download.statusCode(), child.log());
            try (InputStream body = new BufferedInputStream(download.body(), 1 << 16)) {
                assertEquals("{\"id\":\"big\",\"groupId\":\"family\",\"fileName\":\"big.bin\","
                                     + "\"mimeType\":\"application/octet-stream\",\"sizeBytes\":" + blob.length
                                     + ",\"payload\":\"",
                             readThrough(body, "\"payload\":\""));
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                long decoded = 0;
                UntilQuote base64 = new UntilQuote(body);
                try (InputStream payload = Base64.getDecoder().wrap(base64)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = payload.read(buffer)) != -1; ) {
                        sha256.update(buffer, 0, n);
                        decoded += n;
                    }
                }
                // the decoder stops at the padding; the closing quote must come right after it
                assertEquals(0, base64.readAllBytes().length);
                assertEquals(blob.length, decoded);
                assertEquals(HexFormat.of().formatHex(expectedSha256), HexFormat.of().formatHex(sha256.digest()));
                assertEquals("}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            long downloaded = System.nanoTime();

            System.out.printf("RelayLargeBlobTest: %d MiB blob, child %s: peak RSS %s; heap %s, %s live after a "
                                      + "full GC at the end; upload %d ms, complete %d ms, download %d ms%n",
                              blob.length >> 20, HEAP, peakRss(child.pid()), heapUse(gcLog),
                              liveHeapAfterFullGc(child.pid()), (uploaded - start) / 1_000_000,
                              (complete - uploaded) / 1_000_000, (downloaded - complete) / 1_000_000);
        }
    }

    /** Reads up to and including {@code marker}, returning what was read. */
    private static String readThrough(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] wanted = marker.getBytes(StandardCharsets.UTF_8);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("no " + marker + " in " + head.toString(StandardCharsets.UTF_8));
            }
            head.write(b);
            if (head.size() > 4096) {
                throw new AssertionError("head too long: " + head.toString(StandardCharsets.UTF_8));
            }
            byte[] sofar = head.toByteArray();
            if (sofar.length >= wanted.length
                    && Arrays.equals(sofar, sofar.length - wanted.length, sofar.length, wanted, 0, wanted.length)) {
                return head.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The stream up to the next {@code "} (consumed): the base64 text of the payload. Needs a stream that
     * supports mark/reset, so that what follows the quote stays readable.
     */
    private static final class UntilQuote extends FilterInputStream {
        private boolean ended;

        UntilQuote(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            in.mark(len);
            int n = in.read(b, off, len);
            if (n < 0) {
                ended = true;
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (b[off + i] == '"') {
                    in.reset();
                    in.skipNBytes(i + 1);
                    ended = true;
                    return i == 0 ? -1 : i;
                }
            }
            return n;
        }

        @Override
        public void close() {
            // the caller reads the rest of the body after the payload
        }
    }

    private static String peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kib >> 10) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the child is gone
        }
        return "unknown";
    }

    /** Heap in use after {@code jcmd GC.run}: what the server really holds, garbage aside. */
    private static String liveHeapAfterFullGc(long pid) {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            if (!Files.isExecutable(jcmd)) {
                return "unknown (no jcmd)";
            }
            jcmd(jcmd, pid, "GC.run");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(jcmd, pid, "GC.heap_info"));
            return used.find() ? (Long.parseLong(used.group(1)) >> 10) + " MiB" : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e + ")";
        }
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        // jcmd's output is a few lines; read it on another thread so that waitFor's timeout holds
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "";
        }
        return output.getNow("");
    }

    private static String heapUse(Path gcLog) {
        long maxBefore = 0;
        long maxAfter = 0;
        long maxCommitted = 0;
        int collections = 0;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    collections++;
                    maxBefore = Math.max(maxBefore, Long.parseLong(m.group(1)));
                    maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
                    maxCommitted = Math.max(maxCommitted, Long.parseLong(m.group(3)));
                }
            }
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
        // after a young or mixed collection, not a live set: G1 leaves old and humongous garbage for later
        return "at most " + maxBefore + " MiB used before a GC and " + maxAfter + " MiB after one, " + maxCommitted
                + " MiB committed, " + collections + " collections";
    }
}
