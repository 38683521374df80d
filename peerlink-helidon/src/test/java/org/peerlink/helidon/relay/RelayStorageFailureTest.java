package org.peerlink.helidon.relay;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.Test;
import org.peerlink.helidon.JsonErrors;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A failing store: the client gets a JSON 500, never an HTML page or an empty body, and a download that breaks
 * midway is cut off rather than ended as if it were complete.
 */
@ServerTest
class RelayStorageFailureTest {

    private static final int BLOB_BYTES_BEFORE_FAILURE = 256 * 1024;

    private final WebServer server;

    RelayStorageFailureTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder builder) {
        RelayService relay = new RelayService(failingStorage(), RelaySettings.defaults(), InstantSource.system());
        builder.host("127.0.0.1")
                .directHandlers(JsonErrors.directHandlers())
                .addFeature(RelayFeature.create(relay));
    }

    /** Every call fails, except a blob that can be found but whose bytes break off after a while. */
    private static RelayStorage failingStorage() {
        return (RelayStorage) Proxy.newProxyInstance(RelayStorage.class.getClassLoader(),
                                                     new Class<?>[] {RelayStorage.class},
                                                     (proxy, method, args) -> switch (method.getName()) {
            case "blob" -> Optional.of(new StoredBlob(new BlobMetadata("broken", "g", "f.bin", "", "alice",
                                                                       Long.MAX_VALUE), 1 << 20));
            case "openBlob" -> Optional.of(new BreakingStream());
            case "close" -> null;
            default -> throw new StorageException("disk on fire", new IOException("EIO"));
        });
    }

    private static final class BreakingStream extends InputStream {
        private int served;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (served >= BLOB_BYTES_BEFORE_FAILURE) {
                throw new IOException("disk gone");
            }
            int n = Math.min(len, BLOB_BYTES_BEFORE_FAILURE - served);
            served += n;
            return n;
        }
    }

    @Test
    void storageFailureIsJson500() throws Exception {
        try (RelayHttp relay = new RelayHttp(server.port())) {
            String store = RelaySigner.json(new RelaySigner(1).store("m", "alice", "bob",
                                                                     "x".getBytes(StandardCharsets.UTF_8)).build());
            assertEquals(new RelayHttp.Reply(500, "{\"error\":\"internal error\"}"), relay.post("/relay/store", store));
            assertEquals(new RelayHttp.Reply(500, "{\"error\":\"internal error\"}"), relay.get("/relay/fetch?to=bob"));
            // rejections that need no storage still work
            assertEquals(new RelayHttp.Reply(400, "{\"error\":\"invalid body\"}"), relay.post("/relay/store", "{"));
        }
    }

    @Test
    void brokenDownloadIsCutOff() throws Exception {
        try (RelayHttp relay = new RelayHttp(server.port())) {
            IOException failure = assertThrows(IOException.class, () -> relay.get("/relay/blob/broken"));
            assertFalse(failure instanceof HttpTimeoutException, "cut off, not left hanging: " + failure);
            // the server goes on serving
            assertEquals(500, relay.get("/relay/fetch?to=bob").status());
        }
    }
}
