package org.peerlink.launcher.durability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.RawHttp;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finding 8 of issue 13 on a real small disk: the child runs in a mount namespace of its own with its data directory
 * on a 64 MiB tmpfs, and stores until the disk is below {@code --min-free-disk}. Before the watermark, the store went
 * on until H2 failed its writes (500) and closed; now the writes get 507 and everything stored stays readable.
 * Needs root (to mount) and util-linux's {@code unshare}; skipped, loudly, where either is missing.
 */
class FullDiskTest {

    private static final int PAYLOAD_BYTES = 512 * 1024;

    @TempDir
    Path dataDir;
    @TempDir
    Path tmp;

    @Test
    void belowTheWatermarkStoresAre507AndWhatWasStoredStaysReadable() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "*** SKIPPED: the full-disk test needs root and /usr/bin/unshare ***");
        // The mount is private to the child's namespace and goes with it: nothing is left mounted on the host.
        List<String> smallDisk = List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=64m peerlink-full-disk-test \"$0\" && exec \"$@\"", dataDir.toString());
        try (ChildLauncher child = ChildLauncher.start(smallDisk, dataDir, tmp.resolve("child.log"), List.of(),
                List.of("--min-free-disk", "24MiB"))) {
            int port = child.port();
            RelaySigner alice = new RelaySigner(1);
            byte[] payload = new byte[PAYLOAD_BYTES];
            payload[0] = 1;
            List<String> stored = new ArrayList<>();
            String refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                String to = "peer-" + i;
                String body = RelaySigner.json(alice.store("m" + i, "alice", to, payload).build());
                String response = post(port, "/relay/store", body);
                if (response.startsWith("HTTP/1.1 200 ")) {
                    stored.add(to);
                } else {
                    refused = response;
                }
            }
            assertTrue(refused != null, "64 MiB filled without a refusal\n" + child.log());
            assertTrue(refused.startsWith("HTTP/1.1 507 "), refused + "\n" + child.log());
            assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"freeDisk\",\"limit\":25165824}",
                    RawHttp.body(refused));
            assertTrue(stored.size() >= 20, "only " + stored.size() + " stores before the watermark");

            for (String to : stored) {
                String fetched = RawHttp.exchange(port, "GET /relay/fetch?to=" + to
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertTrue(fetched.startsWith("HTTP/1.1 200 ") && fetched.contains("\"to\":\"" + to + "\""),
                        to + ": " + fetched.substring(0, Math.min(300, fetched.length())));
            }
            String ack = post(port, "/relay/ack", RelaySigner.json(new RelaySigner(2).ack("m0", "peer-0", "peer-0")));
            assertTrue(ack.startsWith("HTTP/1.1 200 "), ack);
            assertTrue(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200 "));
            assertFalse(child.log().contains("MVStoreException"), child.log());
            assertTrue(child.log().contains("below --min-free-disk"), child.log());
        }
    }

    private static String post(int port, String path, String body) throws IOException {
        return RawHttp.exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                + body);
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }
}
